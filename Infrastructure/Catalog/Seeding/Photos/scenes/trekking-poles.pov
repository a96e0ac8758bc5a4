// Trekking Poles: a pair of telescopic poles with foam grips, wrist straps and baskets.
#include "studio.inc"
#macro Pole(Colour)
  union {
    cylinder { <0, 0.02, 0>, <0, 0.12, 0>, 0.015 DarkSteel() }
    cylinder { <0, 0.12, 0>, <0, 1.2, 0>, 0.03 Metal(<0.65, 0.66, 0.7>) }
    cylinder { <0, 1.2, 0>, <0, 2.2, 0>, 0.036 Metal(Colour) }
    cylinder { <0, 2.2, 0>, <0, 3.1, 0>, 0.042 Metal(Colour * 0.8) }
    cylinder { <0, 1.18, 0>, <0, 1.26, 0>, 0.05 Black() }
    cylinder { <0, 2.18, 0>, <0, 2.26, 0>, 0.056 Black() }
    difference { cylinder { <0, 0.3, 0>, <0, 0.33, 0>, 0.22 } cylinder { <0, 0, 0>, <0, 1, 0>, 0.04 } Rubber(<0.1, 0.1, 0.1>) }
    lathe { cubic_spline 6, <0, 3.0>, <0.07, 3.05>, <0.08, 3.3>, <0.07, 3.55>, <0.08, 3.75>, <0, 3.82> Fabric(<0.15, 0.15, 0.15>) }
    torus { 0.2, 0.02 rotate z * 90 scale <1, 1.5, 1> translate <0, 3.55, 0> Fabric(Colour) }
  }
#end
#declare Product = union {
  object { Pole(<0.75, 0.12, 0.1>) rotate z * -8 translate x * -0.35 }
  object { Pole(<0.75, 0.12, 0.1>) rotate z * 8 translate x * 0.35 }
}
Show(Product, -20, 10)
