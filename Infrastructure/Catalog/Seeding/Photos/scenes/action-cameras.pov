// Action Cameras: a rugged action camera with a front lens, a front screen and a mounting frame.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.25, 0.25> scale <0.65, 0.48, 0.35> translate y * 0.55 Matte(<0.1, 0.1, 0.11>) }
  cylinder { <-0.25, 0.6, -0.34>, <-0.25, 0.6, -0.5>, 0.25 Matte(<0.15, 0.15, 0.16>) }
  cylinder { <-0.25, 0.6, -0.5>, <-0.25, 0.6, -0.52>, 0.19 Lens() }
  sphere { <-0.25, 0.6, -0.48>, 0.1 scale <1, 1, 0.4> translate z * -0.02 texture { pigment { srgb <0.08, 0.05, 0.2> } finish { specular 1 roughness 0.001 reflection 0.35 } } }
  box { <0.12, 0.4, -0.35>, <0.55, 0.8, -0.34> texture { pigment { srgb <0.2, 0.5, 0.7> } finish { emission 0.5 specular 0.8 roughness 0.002 } } }
  cylinder { <0.35, 1.02, 0>, <0.35, 1.07, 0>, 0.1 Plastic(<0.85, 0.15, 0.1>) }
  box { <-0.5, 0.9, -0.36>, <-0.35, 0.95, -0.34> Plastic(<0.9, 0.9, 0.9>) }
  // mount fingers
  #for (X, -0.15, 0.15, 0.15) box { <X - 0.04, 0, -0.15>, <X + 0.04, 0.1, 0.15> Matte(<0.1, 0.1, 0.11>) } #end
}
Show(Product, -25, 12)
