// Espresso Machines: a brushed-steel espresso machine with a group head, portafilter, gauges, drip tray and a cup.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.15, 0.15> scale <0.8, 0.9, 0.7> translate y * 0.95 Steel() }
  superellipsoid { <0.15, 0.15> scale <0.82, 0.08, 0.72> translate y * 1.9 Black() }
  // drip tray
  box { <-0.7, 0, -0.95>, <0.7, 0.12, -0.6> DarkSteel() }
  #for (X, -0.6, 0.6, 0.1) box { <X, 0.121, -0.92>, <X + 0.05, 0.125, -0.62> Black() } #end
  // group head and portafilter
  cylinder { <0, 1.05, -0.7>, <0, 1.05, -0.8>, 0.2 Steel() }
  cylinder { <0, 1.05, -0.8>, <0, 0.85, -0.8>, 0.18 Chrome() }
  cylinder { <0, 0.85, -0.8>, <0, 0.78, -0.8>, 0.2 Chrome() }
  sphere_sweep { linear_spline 2, <0, 0.82, -0.95>, 0.05, <0.1, 0.78, -1.55>, 0.06 Black() }
  // gauges and buttons
  #for (X, -0.4, 0.4, 0.8)
    cylinder { <X, 1.45, -0.7>, <X, 1.45, -0.74>, 0.16 Chrome() }
    cylinder { <X, 1.45, -0.74>, <X, 1.45, -0.745>, 0.13 Matte(<0.96, 0.96, 0.94>) }
    box { <0, -0.004, 0>, <0.1, 0.004, 0.001> rotate z * 50 translate <X, 1.45, -0.75> Matte(<0.8, 0.1, 0.1>) }
  #end
  #for (X, -0.2, 0.2, 0.2) cylinder { <X, 1.45, -0.7>, <X, 1.45, -0.75>, 0.04 Black() } #end
  // steam wand
  sphere_sweep { linear_spline 3, <0.65, 1.3, -0.6>, 0.025, <0.75, 1.25, -0.75>, 0.025, <0.75, 0.55, -0.8>, 0.02 Chrome() }
  cylinder { <0.55, 1.45, -0.7>, <0.75, 1.45, -0.7>, 0.05 Black() }
  // cup on the tray
  difference { cylinder { <0, 0.12, -0.8>, <0, 0.42, -0.8>, 0.14 } cylinder { <0, 0.15, -0.8>, <0, 0.5, -0.8>, 0.12 } Plastic(<0.97, 0.97, 0.96>) }
  cylinder { <0, 0.38, -0.8>, <0, 0.39, -0.8>, 0.12 Matte(<0.35, 0.2, 0.1>) }
}
Show(Product, -25, 14)
