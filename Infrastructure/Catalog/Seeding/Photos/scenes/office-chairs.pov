// Office Chairs: an ergonomic task chair with a mesh back, a padded seat, arms and a five-star base.
#include "studio.inc"
#declare Product = union {
  // base with casters
  #for (A, 0, 359, 72)
    union {
      cylinder { <0, 0.18, 0>, <0.75, 0.12, 0>, 0.05 }
      sphere { <0.75, 0.07, 0>, 0.07 }
      Black() rotate y * A
    }
  #end
  cylinder { <0, 0.15, 0>, <0, 0.75, 0>, 0.06 Chrome() }
  cylinder { <0, 0.4, 0>, <0, 0.75, 0>, 0.075 Black() }
  // seat
  superellipsoid { <0.35, 0.35> scale <0.6, 0.09, 0.6> translate y * 0.85 Fabric(<0.15, 0.15, 0.17>) }
  // backrest frame and mesh
  union {
    superellipsoid { <0.3, 0.3> scale <0.5, 0.65, 0.04> Matte(<0.08, 0.08, 0.09>) }
    superellipsoid { <0.3, 0.3> scale <0.46, 0.61, 0.042> texture { pigment { hexagon srgb 0.12, srgb 0.2, srgb 0.16 scale 0.02 rotate x * 90 } finish { diffuse 0.8 specular 0.2 } } }
    rotate x * 12 translate <0, 1.6, 0.58>
  }
  box { <-0.05, 0.85, 0.5>, <0.05, 1.05, 0.62> Black() }
  // arms
  #for (S, -1, 1, 2)
    cylinder { <S * 0.55, 0.85, 0.1>, <S * 0.55, 1.15, 0.1>, 0.035 Black() }
    superellipsoid { <0.4, 0.4> scale <0.07, 0.035, 0.25> translate <S * 0.55, 1.17, 0.05> Rubber(<0.12, 0.12, 0.12>) }
  #end
}
Show(Product, -30, 12)
