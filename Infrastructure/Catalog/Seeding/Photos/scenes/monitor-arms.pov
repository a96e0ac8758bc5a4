// Monitor Arms: a gas-spring monitor arm on a desk clamp with a VESA plate.
#include "studio.inc"
#declare C = <0.12, 0.12, 0.13>;
#declare Product = union {
  box { <-0.25, 0, -0.25>, <0.25, 0.08, 0.25> Matte(C) }
  cylinder { <0, 0, 0>, <0, 1.3, 0>, 0.06 Metal(<0.7, 0.7, 0.72>) }
  cylinder { <0, 1.2, 0>, <0, 1.4, 0>, 0.1 Matte(C) }
  // lower arm rising to the elbow, upper arm reaching out to the plate
  sphere_sweep { linear_spline 2, <0, 1.3, 0>, 0.07, <1.0, 1.75, 0>, 0.07 Matte(C) }
  cylinder { <1.0, 1.6, 0>, <1.0, 1.9, 0>, 0.1 Matte(C) }
  sphere_sweep { linear_spline 2, <1.0, 1.8, 0>, 0.065, <0.2, 2.2, -0.5>, 0.065 Matte(C) }
  cylinder { <0.2, 2.05, -0.5>, <0.2, 2.35, -0.5>, 0.08 Matte(C) }
  box { <-0.2, 1.95, -0.62>, <0.6, 2.45, -0.58> Metal(<0.45, 0.45, 0.47>) }
  #for (X, 0, 0.4, 0.4) #for (Y, 2.05, 2.35, 0.3) cylinder { <X, Y, -0.63>, <X, Y, -0.6>, 0.03 Steel() } #end #end
}
Show(Product, -20, 16)
