// Headlamps: a lamp body with a lens on an elastic head strap.
#include "studio.inc"
#declare Strap = <0.1, 0.35, 0.7>;
#declare Product = union {
  difference {
    cylinder { <0, -0.2, 0>, <0, 0.2, 0>, 1 }
    cylinder { <0, -0.3, 0>, <0, 0.3, 0>, 0.96 }
    Fabric(Strap) scale <1, 1, 0.85> rotate x * 90 rotate x * -75 translate y * 0.85
  }
  union {
    superellipsoid { <0.3, 0.3> scale <0.42, 0.3, 0.18> }
    cylinder { <0.1, 0, -0.17>, <0.1, 0, -0.22>, 0.2 Lens() }
    torus { 0.2, 0.025 rotate x * 90 translate <0.1, 0, -0.2> Plastic(<0.55, 0.55, 0.58>) }
    sphere { <0.1, 0, -0.16>, 0.06 Glow(<1, 0.97, 0.85>) }
    cylinder { <-0.26, 0.27, -0.05>, <-0.26, 0.33, -0.05>, 0.07 Plastic(<0.9, 0.5, 0.1>) }
    Plastic(<0.12, 0.12, 0.13>)
    translate <0, 0.85, -0.87> rotate x * 15
  }
}
Show(Product, -25, 20)
