// Bike Locks: a hardened steel U-lock with a vinyl-coated shackle and a crossbar with keyway.
#include "studio.inc"
#declare Product = union {
  union {
    cylinder { <-0.55, 0.35, 0>, <-0.55, 1.7, 0>, 0.09 }
    cylinder { <0.55, 0.35, 0>, <0.55, 1.7, 0>, 0.09 }
    intersection { torus { 0.55, 0.09 rotate x * 90 } plane { -y, 0 } translate y * 1.7 }
    Plastic(<0.9, 0.75, 0.1>)
  }
  cylinder { <-0.55, 0.3, 0>, <-0.55, 0.5, 0>, 0.075 Steel() }
  cylinder { <0.55, 0.3, 0>, <0.55, 0.5, 0>, 0.075 Steel() }
  union {
    cylinder { <-0.8, 0, 0>, <0.8, 0, 0>, 0.16 Plastic(<0.1, 0.1, 0.11>) }
    sphere { <-0.8, 0, 0>, 0.16 scale <0.5, 1, 1> translate x * -0.4 Plastic(<0.1, 0.1, 0.11>) }
    sphere { <0.8, 0, 0>, 0.16 scale <0.5, 1, 1> translate x * 0.4 Plastic(<0.1, 0.1, 0.11>) }
    cylinder { <-0.82, 0, 0>, <-0.84, 0, 0>, 0.12 Steel() }
    cylinder { <0.15, 0, -0.15>, <0.15, 0, -0.17>, 0.06 Steel() }
    box { <0.13, -0.03, -0.18>, <0.17, 0.03, -0.16> Black() }
    translate y * 0.3
  }
}
Show(Product, -25, 12)
