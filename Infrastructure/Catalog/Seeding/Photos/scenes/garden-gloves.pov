// Garden Gloves: a pair of gloves with a latex-coated palm and knitted cuffs, lying flat.
#include "studio.inc"
#macro Glove(C, Dip)
  union {
    superellipsoid { <1, 0.5> rotate x * 90 scale <0.42, 0.08, 0.5> }
    #for (F, 0, 3, 1)
      sphere_sweep { linear_spline 2, <-0.3 + F * 0.2, 0, 0.4>, 0.09, <-0.3 + F * 0.2, 0, 0.95 + 0.12 * (F = 1 | F = 2) - 0.12 * (F = 0)>, 0.085 scale <1, 0.8, 1> }
    #end
    sphere_sweep { linear_spline 2, <0.38, 0, 0.0>, 0.1, <0.75, 0, 0.45>, 0.09 scale <1, 0.8, 1> }
    cylinder { <0, 0, -0.45>, <0, 0, -0.8>, 0.4 scale <1, 0.18, 1> texture { pigment { gradient z color_map { [0.5 srgb C * 0.7] [0.5 srgb C] } scale 0.06 } finish { diffuse 0.9 } } }
    texture { pigment { gradient y color_map { [0.5 srgb C] [0.5 srgb Dip] } scale 0.2 translate y * -0.1 } normal { bumps 0.2 scale 0.01 } finish { diffuse 0.85 specular 0.1 } }
  }
#end
#declare Product = union {
  object { Glove(<0.35, 0.55, 0.25>, <0.35, 0.55, 0.25>) rotate y * -15 translate <-0.55, 0.09, 0> }
  object { Glove(<0.35, 0.55, 0.25>, <0.12, 0.12, 0.12>) scale <-1, -1, 1> rotate y * 15 translate <0.55, 0.09, 0.1> }
}
Show(Product, 0, 55)
