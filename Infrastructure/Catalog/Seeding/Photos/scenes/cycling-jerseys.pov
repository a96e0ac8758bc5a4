// Cycling Jerseys: a short-sleeve jersey laid flat with a zip, side panels and a stripe.
#include "studio.inc"
#declare Main = <0.08, 0.3, 0.62>;
#declare Body = prism { linear_spline 0, 1, 13,
  <-0.75, -1.1>, <0.75, -1.1>, <0.72, 0.45>, <1.25, 0.15>, <1.45, 0.55>, <0.85, 1.05>, <0.28, 1.15>, <0, 1.02>,
  <-0.28, 1.15>, <-0.85, 1.05>, <-1.45, 0.55>, <-1.25, 0.15>, <-0.72, 0.45> }
#declare Product = union {
  intersection {
    object { Body scale <1, 0.08, 1> }
    superellipsoid { <1, 0.15> rotate x * 90 scale <2, 0.12, 2> translate y * 0.02 }
    texture { pigment { gradient z color_map { [0 srgb Main] [0.62 srgb Main] [0.62 srgb <0.95, 0.95, 0.95>] [0.7 srgb <0.95, 0.95, 0.95>] [0.7 srgb <0.9, 0.2, 0.1>] [0.75 srgb <0.9, 0.2, 0.1>] [0.75 srgb Main] [1 srgb Main] } scale 2.4 translate z * -1.1 }
      normal { bumps 0.1 scale 0.01 } finish { diffuse 0.85 specular 0.1 roughness 0.04 } }
  }
  box { <-0.015, 0.08, -0.2>, <0.015, 0.085, 1.04> Black() }
  box { <-0.03, 0.08, 0.9>, <0.03, 0.09, 1.0> Metal(<0.7, 0.7, 0.72>) }
  // collar
  intersection { torus { 0.28, 0.03 scale <1, 1, 0.6> translate <0, 0.08, 1.12> } plane { -z, -1.0 } Fabric(Main * 0.7) }
  // sleeve cuffs
  box { <-0.04, 0.001, -0.07>, <0.04, 0.09, 0.62> rotate y * 55 translate <-1.32, 0, 0.33> Fabric(<0.95, 0.95, 0.95>) }
  box { <-0.04, 0.001, -0.07>, <0.04, 0.09, 0.62> rotate y * -55 translate <1.32, 0, 0.33> Fabric(<0.95, 0.95, 0.95>) }
}
#declare Zoom = 0.92;
Show(Product, 0, 55)
