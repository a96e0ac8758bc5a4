// Running Shorts: a pair of split-hem shorts laid flat with an elastic waistband and drawcord.
#include "studio.inc"
#declare Main = <0.15, 0.17, 0.22>;
#declare Body = prism { linear_spline 0, 1, 10,
  <-0.95, 0.9>, <0.95, 0.9>, <1.05, -0.4>, <1.12, -0.9>, <0.12, -0.95>, <0, -0.35>, <-0.12, -0.95>, <-1.12, -0.9>, <-1.05, -0.4>, <-0.95, 0.9> }
#declare Product = union {
  intersection { object { Body scale <1, 0.1, 1> } superellipsoid { <1, 0.15> rotate x * 90 scale <2, 0.14, 2> translate y * 0.02 } Fabric(Main) }
  box { <-0.96, 0, 0.7>, <0.96, 0.12, 0.92> Fabric(<0.05, 0.6, 0.55>) }
  sphere_sweep { cubic_spline 5, <-0.1, 0.12, 0.75>, 0.02, <-0.05, 0.125, 0.7>, 0.02, <-0.12, 0.12, 0.4>, 0.02, <-0.2, 0.12, 0.25>, 0.02, <-0.22, 0.12, 0.2>, 0.02 Fabric(<0.95, 0.95, 0.95>) }
  sphere_sweep { cubic_spline 5, <0.1, 0.12, 0.75>, 0.02, <0.05, 0.125, 0.7>, 0.02, <0.1, 0.12, 0.45>, 0.02, <0.25, 0.12, 0.35>, 0.02, <0.28, 0.12, 0.3>, 0.02 Fabric(<0.95, 0.95, 0.95>) }
  // side split piping
  box { <0.98, 0.1, -0.92>, <1.1, 0.105, -0.3> rotate y * 2 Plastic(<0.05, 0.6, 0.55>) }
  box { <-1.1, 0.1, -0.92>, <-0.98, 0.105, -0.3> rotate y * -2 Plastic(<0.05, 0.6, 0.55>) }
}
Show(Product, 0, 60)
