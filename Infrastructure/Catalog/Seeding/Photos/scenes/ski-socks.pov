// Ski Socks: a pair of thick merino ski socks with a patterned leg, laid flat.
#include "studio.inc"
#macro Sock(C)
  union {
    sphere_sweep { cubic_spline 5, <0, 0, 2.1>, 0.32, <0, 0, 1.9>, 0.32, <0, 0, 0.3>, 0.27, <0.12, 0, -0.05>, 0.28, <0.6, 0, -0.25>, 0.25 }
    sphere_sweep { linear_spline 2, <0.12, 0, -0.05>, 0.28, <0.95, 0, -0.3>, 0.24 }
    scale <1, 0.24, 1>
    texture { pigment { gradient z color_map { [0 srgb C] [0.45 srgb C] [0.45 srgb <0.95, 0.95, 0.92>] [0.5 srgb <0.95, 0.95, 0.92>] [0.5 srgb C] [0.55 srgb C] [0.55 srgb <0.95, 0.95, 0.92>] [0.6 srgb <0.95, 0.95, 0.92>] [0.6 srgb C] [1 srgb C] } scale 2.4 translate z * -0.2 }
      normal { bumps 0.4 scale 0.02 } finish { diffuse 0.9 specular 0 } }
  }
#end
#declare Product = union {
  object { Sock(<0.15, 0.3, 0.55>) translate x * -0.4 }
  object { Sock(<0.15, 0.3, 0.55>) translate <0.35, 0.02, -0.25> }
  translate y * 0.08
}
Show(Product, 20, 55)
