// Notebooks: a hardcover notebook with an elastic band and ribbon, next to an open one and a pen.
#include "studio.inc"
#declare Product = union {
  // closed notebook
  union {
    superellipsoid { <0.1, 0.1> scale <0.7, 0.08, 1.0> translate y * 0.08 Matte(<0.15, 0.3, 0.45>) }
    box { <-0.66, 0.02, -0.96>, <0.7, 0.14, 0.96> Matte(<0.96, 0.94, 0.88>) }
    box { <0.45, 0, -1.01>, <0.5, 0.17, 1.01> Fabric(<0.1, 0.1, 0.1>) }
    box { <-0.1, 0.0, 0.96>, <-0.05, 0.01, 1.3> Fabric(<0.8, 0.15, 0.15>) }
    rotate y * 10 translate x * -0.55
  }
  // pen
  union {
    cylinder { <0, 0, 0>, <1.7, 0, 0>, 0.045 Plastic(<0.1, 0.1, 0.1>) }
    cone { <1.7, 0, 0>, 0.045, <1.85, 0, 0>, 0.01 Steel() }
    box { <0.1, 0.03, -0.01>, <0.5, 0.07, 0.01> Steel() }
    rotate y * -70 translate <0.55, 0.045, -0.9>
  }
}
#declare Zoom = 1.1;
Show(Product, 0, 48)
