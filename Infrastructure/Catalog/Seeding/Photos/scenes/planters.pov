// Planters: a terracotta-coloured ceramic planter with a saucer and a leafy plant.
#include "studio.inc"
#declare Product = union {
  lathe { linear_spline 7, <0, 0.08>, <0.55, 0.08>, <0.75, 1.1>, <0.8, 1.1>, <0.8, 1.2>, <0.7, 1.2>, <0, 1.2> Matte(<0.78, 0.45, 0.3>) }
  cylinder { <0, 0, 0>, <0, 0.08, 0>, 0.72 Matte(<0.72, 0.41, 0.27>) }
  cylinder { <0, 1.12, 0>, <0, 1.15, 0>, 0.7 Matte(<0.25, 0.17, 0.1>) }
  // leaves
  #declare R = seed(7);
  #for (I, 0, 13, 1)
    #local A = I * 137.5;
    #local L = 0.6 + 0.4 * rand(R);
    union {
      sphere { <0, 0, 0.5>, 0.5 scale <0.35, 0.06, 1> scale L }
      cylinder { <0, 0, -0.2>, <0, 0, 0.6>, 0.015 }
      texture { pigment { srgb <0.15, 0.45 + 0.15 * rand(R), 0.18> } finish { diffuse 0.8 specular 0.3 roughness 0.02 } }
      rotate x * (-25 - 35 * rand(R)) rotate y * A translate <0, 1.2 + 0.5 * rand(R), 0>
    }
  #end
}
Show(Product, 0, 14)
