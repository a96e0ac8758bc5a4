// Garden Hoses: a coiled green hose with a brass connector and a spray nozzle.
#include "studio.inc"
#declare Product = union {
  #for (I, 0, 5, 1)
    torus { 0.9 - I * 0.02, 0.07 translate y * (0.07 + I * 0.13) rotate x * (I - 2.5) * 1.5 texture { pigment { srgb <0.15, 0.55, 0.2> } normal { gradient y 0.3 scale 0.02 } finish { diffuse 0.7 specular 0.3 roughness 0.02 } } }
  #end
  sphere_sweep { cubic_spline 5, <0.9, 0.72, 0>, 0.07, <0.9, 0.72, -0.1>, 0.07, <0.95, 0.3, -0.7>, 0.07, <0.6, 0.07, -1.2>, 0.07, <0.2, 0.07, -1.3>, 0.07 Plastic(<0.15, 0.55, 0.2>) }
  // nozzle
  union {
    cylinder { <0, 0, 0>, <-0.2, 0, 0>, 0.09 Metal(<0.8, 0.6, 0.25>) }
    cylinder { <-0.2, 0, 0>, <-0.55, 0, 0>, 0.11 Plastic(<0.95, 0.6, 0.1>) }
    cone { <-0.55, 0, 0>, 0.11, <-0.7, 0, 0>, 0.07 Plastic(<0.2, 0.2, 0.2>) }
    box { <-0.45, -0.1, -0.03>, <-0.3, -0.45, 0.03> Plastic(<0.95, 0.6, 0.1>) }
    translate <0.45, 0.12, -1.3> rotate y * 10
  }
}
Show(Product, -15, 30)
