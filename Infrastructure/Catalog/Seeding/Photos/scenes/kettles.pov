// Kettles: a stovetop kettle with a rounded belly, a curved spout, a top handle and a lid knob.
#include "studio.inc"
#declare Body = <0.15, 0.55, 0.6>;
#declare Product = union {
  lathe { cubic_spline 8, <0, -0.1>, <0, 0>, <0.7, 0>, <0.85, 0.3>, <0.8, 0.7>, <0.5, 1.0>, <0.32, 1.05>, <0.3, 1.1> Plastic(Body) }
  cylinder { <0, 1.0, 0>, <0, 1.08, 0>, 0.33 Steel() }
  sphere { <0, 1.15, 0>, 0.09 Black() }
  cylinder { <0, 0, 0>, <0, 0.04, 0>, 0.72 Steel() }
  // spout
  sphere_sweep { cubic_spline 5, <-0.3, 0.35, 0>, 0.13, <-0.6, 0.45, 0>, 0.12, <-0.95, 0.8, 0>, 0.07, <-1.1, 1.05, 0>, 0.05, <-1.15, 1.1, 0>, 0.05 Plastic(Body) }
  // handle
  sphere_sweep { cubic_spline 6, <-0.55, 0.6, 0>, 0.04, <-0.35, 1.0, 0>, 0.04, <-0.15, 1.45, 0>, 0.06, <0.25, 1.45, 0>, 0.06, <0.45, 1.0, 0>, 0.04, <0.55, 0.6, 0>, 0.04 Black() }
}
Show(Product, -35, 14)
