// Tyres: a road bike tyre standing on its tread, with a tan sidewall and a tread pattern.
#include "studio.inc"
#declare Product = union {
  torus { 1.2, 0.12 scale <1, 1.35, 1> rotate x * 90 Rubber(<0.1, 0.1, 0.1>) }
  torus { 1.2, 0.121 scale <1, 1.1, 1> rotate x * 90 clipped_by { cylinder { <0, 0, -1>, <0, 0, 1>, 1.22 } } Matte(<0.7, 0.55, 0.35>) }
  #for (A, 0, 359, 4)
    box { <1.3, -0.01, -0.1>, <1.34, 0.01, 0.1> rotate z * 30 rotate y * 0 rotate z * A Rubber(<0.07, 0.07, 0.07>) }
  #end
  translate y * 1.33
}
Show(Product, -35, 10)
