// Beanies: a ribbed knit beanie with a folded cuff and a pom-pom.
#include "studio.inc"
#declare C = <0.85, 0.55, 0.1>;
#declare Product = union {
  intersection { sphere { 0, 1 scale <0.85, 1.0, 0.8> } plane { -y, 0 }
    texture { pigment { srgb C } normal { gradient x 0.6 scale 0.05 warp { cylindrical } } finish { diffuse 0.9 } }
    translate y * 0.1 }
  difference { cylinder { <0, 0, 0>, <0, 0.45, 0>, 0.88 } cylinder { <0, -1, 0>, <0, 1, 0>, 0.8 } scale <1, 1, 0.94>
    texture { pigment { srgb C * 0.9 } normal { gradient x 0.8 scale 0.1 rotate y * 0 warp { cylindrical } } finish { diffuse 0.9 } } }
  sphere { <0, 1.15, 0>, 0.28 texture { pigment { srgb <0.95, 0.95, 0.93> } normal { bumps 0.6 scale 0.03 } finish { diffuse 0.9 } } }
  box { <-0.2, 0.15, -0.85>, <0.2, 0.3, -0.8> Matte(<0.1, 0.1, 0.1>) }
}
Show(Product, -15, 14)
