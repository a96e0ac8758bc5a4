// Snowshoes: a pair of aluminium-frame snowshoes with decking, crampons and ratchet bindings.
#include "studio.inc"
#macro Shoe(C)
  union {
    torus { 1.0, 0.03 scale <0.42, 1, 1> Steel() }
    intersection { cylinder { <0, -0.01, 0>, <0, 0.01, 0>, 1.0 scale <0.42, 1, 1> } plane { y, 0.01 } Plastic(C) }
    box { <-0.25, 0, -0.15>, <0.25, 0.06, 0.15> translate z * 0.25 DarkSteel() }
    #for (Z, 0.1, 0.5, 0.2) box { <-0.28, 0.06, Z - 0.04>, <0.28, 0.18, Z + 0.04> Rubber(<0.1, 0.1, 0.1>) } #end
    difference { cylinder { <0, 0.1, 0.55>, <0, 0.3, 0.55>, 0.16 } cylinder { <0, 0, 0.55>, <0, 1, 0.55>, 0.13 } Rubber(<0.1, 0.1, 0.1>) }
  }
#end
#declare Product = union {
  object { Shoe(<0.85, 0.2, 0.15>) rotate y * -8 translate <-0.45, 0.03, 0> }
  object { Shoe(<0.85, 0.2, 0.15>) rotate y * 8 translate <0.45, 0.03, 0.15> }
}
Show(Product, 180, 40)
