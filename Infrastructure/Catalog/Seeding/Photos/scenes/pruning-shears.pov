// Pruning Shears: bypass secateurs with steel blades and red handles, lying open.
#include "studio.inc"
#declare Product = union {
  // handles
  sphere_sweep { cubic_spline 5, <0.1, 0, 0.05>, 0.09, <0, 0, 0>, 0.1, <-0.8, 0, 0.12>, 0.11, <-1.6, 0, 0.32>, 0.1, <-1.7, 0, 0.34>, 0.1 scale <1, 0.6, 1> Plastic(<0.85, 0.1, 0.1>) }
  sphere_sweep { cubic_spline 5, <0.1, 0, -0.05>, 0.09, <0, 0, 0>, 0.1, <-0.8, 0, -0.14>, 0.11, <-1.6, 0, -0.38>, 0.1, <-1.7, 0, -0.4>, 0.1 scale <1, 0.6, 1> translate y * 0.12 Plastic(<0.85, 0.1, 0.1>) }
  // blades
  prism { cubic_spline -0.02, 0.02, 7, <0, -0.05>, <0, 0.05>, <0.5, 0.14>, <0.95, 0.05>, <0.5, -0.06>, <0, 0.05>, <0.5, 0.14> rotate x * -90 rotate y * -10 translate y * 0.14 Chrome() }
  prism { linear_spline -0.02, 0.02, 4, <0, 0.04>, <0.75, -0.02>, <0, -0.14>, <0, 0.04> rotate x * -90 rotate y * 12 translate y * 0.04 Steel() }
  cylinder { <0, -0.05, 0>, <0, 0.2, 0>, 0.06 DarkSteel() }
  // spring and lock
  torus { 0.08, 0.015 rotate x * 90 translate <-0.25, 0.07, 0> Steel() }
  translate y * 0.07
}
#declare Zoom = 1.45;
Show(Product, 20, 46)
