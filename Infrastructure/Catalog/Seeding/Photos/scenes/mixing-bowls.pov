// Mixing Bowls: three nested stainless and ceramic bowls.
#include "studio.inc"
#macro Bowl(R, T)
  difference {
    lathe { cubic_spline 5, <0, -0.1>, <0, 0>, <R * 0.6, 0>, <R, R * 0.75>, <R * 1.1, R * 0.9> }
    lathe { cubic_spline 5, <0, -0.1>, <0, 0.03>, <R * 0.6 - 0.03, 0.03>, <R - 0.03, R * 0.75>, <R * 1.1 - 0.03, R * 0.95> }
    texture { T }
  }
  torus { R - 0.015, 0.02 translate y * R * 0.75 texture { T } }
#end
#declare Product = union {
  union { Bowl(1.0, Steel()) }
  union { Bowl(0.72, Plastic(<0.2, 0.5, 0.75>)) translate <0.55, 0, -0.95> }
  union { Bowl(0.5, Plastic(<0.92, 0.45, 0.3>)) translate <-0.75, 0, -0.9> }
}
Show(Product, 0, 26)
