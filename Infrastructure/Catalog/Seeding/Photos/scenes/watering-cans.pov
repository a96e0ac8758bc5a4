// Watering Cans: a galvanised-green watering can with a long spout, a rose and a top handle.
#include "studio.inc"
#declare C = <0.2, 0.45, 0.35>;
#declare Product = union {
  difference { cylinder { <0, 0, 0>, <0, 1.1, 0>, 0.55 } cylinder { <0, 1.05, 0>, <0, 1.2, 0>, 0.45 } Metal(C) }
  torus { 0.55, 0.03 translate y * 1.1 Metal(C) }
  torus { 0.555, 0.02 translate y * 0.05 Metal(C * 0.8) }
  // spout and rose
  cylinder { <-0.3, 0.2, 0>, <-1.35, 1.15, 0>, 0.06 Metal(C) }
  cone { <-1.35, 1.15, 0>, 0.07, <-1.45, 1.27, 0>, 0.18 Metal(C) }
  cylinder { <-1.45, 1.27, 0>, <-1.47, 1.29, 0>, 0.18 Metal(<0.7, 0.7, 0.7>) }
  // handle over the top and back
  sphere_sweep { cubic_spline 5, <-0.3, 1.0, 0>, 0.04, <-0.3, 1.1, 0>, 0.04, <0, 1.5, 0>, 0.045, <0.5, 1.1, 0>, 0.04, <0.55, 0.5, 0>, 0.04 Metal(C * 0.8) }
}
Show(Product, -10, 14)
