// Earbuds: an open charging case with two wireless earbuds beside it.
#include "studio.inc"
#declare W = <0.96, 0.96, 0.96>;
#macro Bud()
  union {
    sphere { 0, 0.22 scale <1, 1.05, 0.9> }
    sphere_sweep { linear_spline 2, <0.05, -0.1, 0>, 0.08, <0.1, -0.6, 0>, 0.07 }
    sphere { <-0.05, 0.05, -0.18>, 0.1 scale <1, 1, 0.6> Rubber(<0.85, 0.85, 0.85>) }
    cylinder { <0.1, -0.65, 0>, <0.1, -0.68, 0>, 0.06 Chrome() }
    Plastic(W)
  }
#end
#declare Product = union {
  // case: bottom shell and lid hinged open
  intersection { superellipsoid { <0.5, 0.4> scale <0.6, 0.35, 0.3> } plane { y, 0.05 } translate y * 0.35 Plastic(W) }
  intersection { superellipsoid { <0.5, 0.4> scale <0.6, 0.35, 0.3> } plane { -y, -0.05 } translate <0, -0.05, -0.3> rotate x * 100 translate <0, 0.42, 0.3> Plastic(W) }
  sphere { <0, 0.2, -0.3>, 0.02 Glow(<0.2, 0.9, 0.3>) }
  object { Bud() rotate z * 70 rotate y * 20 translate <0.85, 0.24, -0.45> }
  object { Bud() rotate z * -70 rotate y * 160 translate <-0.85, 0.24, -0.45> }
}
#declare Zoom = 1.2;
Show(Product, 0, 26)
