// Outdoor Lights: a solar garden lantern with a glowing glass chimney on a ground spike.
#include "studio.inc"
#declare C = <0.12, 0.12, 0.13>;
#declare Product = union {
  cone { <0, 0, 0>, 0.01, <0, 0.9, 0>, 0.05 Matte(C) }
  cylinder { <0, 0.9, 0>, <0, 1.1, 0>, 0.2 Matte(C) }
  cylinder { <0, 1.1, 0>, <0, 1.9, 0>, 0.3 texture { pigment { rgbf <1, 0.95, 0.8, 0.6> } finish { emission 0.45 specular 0.7 roughness 0.005 } } }
  sphere { <0, 1.5, 0>, 0.1 Glow(<1, 0.85, 0.5>) }
  #for (A, 0, 359, 90) cylinder { <0.31, 1.1, 0>, <0.31, 1.9, 0>, 0.02 rotate y * A Matte(C) } #end
  cone { <0, 1.9, 0>, 0.42, <0, 2.15, 0>, 0.2 Matte(C) }
  box { <-0.18, 2.151, -0.18>, <0.18, 2.16, 0.18> texture { pigment { srgb <0.1, 0.12, 0.3> } finish { specular 0.9 roughness 0.002 reflection 0.2 } } }
  torus { 0.15, 0.02 rotate x * 90 translate y * 2.3 Matte(C) }
}
Show(Product, 0, 12)
