// Cutting Boards: an end-grain oak board with a juice groove and a handle hole, with a sprig of herbs.
#include "studio.inc"
#declare Product = union {
  difference {
    superellipsoid { <0.12, 0.12> scale <1.4, 0.09, 0.85> translate y * 0.09 }
    cylinder { <1.15, -1, 0>, <1.15, 1, 0>, 0.1 }
    torus { 1.0, 0.025 scale <1.22, 1, 0.72> translate y * 0.18 }
    Wood(<0.78, 0.58, 0.36>, <0.6, 0.42, 0.24>)
  }
  // herbs and a half lemon
  intersection { sphere { <-0.55, 0.18, 0.2>, 0.28 scale <1, 1, 1> } plane { -y, -0.18 } Matte(<0.95, 0.85, 0.2>) }
  cylinder { <-0.55, 0.181, 0.2>, <-0.55, 0.19, 0.2>, 0.24 Matte(<0.98, 0.95, 0.6>) }
  #for (I, 0, 5, 1)
    sphere { 0, 1 scale <0.09, 0.012, 0.05> rotate y * (I * 40) translate <0.2 + I * 0.1, 0.2, -0.3 + mod(I, 2) * 0.1> Matte(<0.2, 0.5, 0.15>) }
  #end
}
Show(Product, -20, 42)
