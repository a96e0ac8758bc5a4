// Compression Socks: a pair of knee-high socks laid flat, with a striped cuff and heel/toe panels.
#include "studio.inc"
#declare Main = <0.1, 0.12, 0.16>;
#macro Sock(C)
  union {
    sphere_sweep { cubic_spline 5, <0, 0, 2.1>, 0.3, <0, 0, 1.9>, 0.3, <0, 0, 0.3>, 0.25, <0.12, 0, -0.05>, 0.26, <0.6, 0, -0.25>, 0.23 }
    sphere_sweep { linear_spline 2, <0.12, 0, -0.05>, 0.26, <0.95, 0, -0.3>, 0.22 }
    scale <1, 0.22, 1>
    texture { pigment { gradient z color_map { [0 srgb C] [0.8 srgb C] [0.8 srgb <0.95, 0.3, 0.2>] [0.86 srgb <0.95, 0.3, 0.2>] [0.86 srgb C] [1 srgb C] } scale 2.3 translate z * -0.15 }
      normal { gradient z 0.5 scale 0.03 } finish { diffuse 0.9 specular 0 } }
  }
#end
#declare Product = union {
  object { Sock(Main) translate x * -0.4 }
  object { Sock(Main) translate <0.35, 0.02, -0.25> }
  translate y * 0.07
}
Show(Product, -15, 55)
