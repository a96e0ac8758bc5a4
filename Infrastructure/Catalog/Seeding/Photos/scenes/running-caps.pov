// Running Caps: a six-panel cap with a curved brim and a top button.
#include "studio.inc"
#declare Main = <0.9, 0.9, 0.88>;
#declare Product = union {
  difference {
    sphere { 0, 1 scale <0.85, 0.7, 0.95> }
    sphere { 0, 0.97 scale <0.85, 0.7, 0.95> }
    plane { y, 0 }
    Fabric(Main)
  }
  #for (A, 0, 179, 60)
    intersection { difference { sphere { 0, 1.003 scale <0.85, 0.7, 0.95> } sphere { 0, 1 scale <0.85, 0.7, 0.95> } } box { <-0.006, 0, -2>, <0.006, 2, 2> rotate y * A } Fabric(Main * 0.8) }
  #end
  sphere { <0, 0.7, 0>, 0.06 Fabric(Main * 0.85) }
  // brim
  intersection {
    cylinder { <0, -0.02, 0>, <0, 0.02, 0>, 0.8 scale <1, 1, 1.05> translate z * -0.55 }
    cylinder { <0, -1, 0>, <0, 1, 0>, 0.95 scale <0.85, 1, 1> inverse }
    texture { pigment { srgb <0.15, 0.15, 0.18> } finish { diffuse 0.85 } }
    rotate z * 0 translate y * 0.05
  }
  // band and a small reflective logo
  box { <-0.12, 0.32, -0.96>, <0.12, 0.42, -0.9> rotate x * -15 Plastic(<0.6, 0.6, 0.62>) }
}
Show(Product, -30, 20)
