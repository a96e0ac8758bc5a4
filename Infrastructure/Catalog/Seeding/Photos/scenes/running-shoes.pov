// Running Shoes: a low running shoe with a thick white midsole, mesh upper, side stripe and laces.
#include "studio.inc"
#declare Upper = <0.1, 0.45, 0.75>;
#declare Sole = Outline(array[10] { <-0.95, 0>, <-0.8, -0.34>, <0, -0.4>, <0.8, -0.42>, <1.3, -0.24>, <1.4, 0.05>, <1.2, 0.34>, <0.6, 0.38>, <-0.2, 0.34>, <-0.8, 0.34> })
#declare Product = union {
  object { Sole scale <1, 0.08, 1> Rubber(<0.12, 0.12, 0.13>) }
  intersection { object { Sole scale <1, 0.3, 1> translate y * 0.06 } plane { y, 0 rotate z * -7 translate y * 0.26 } Matte(<0.96, 0.96, 0.95>) }
  union {
    sphere_sweep { cubic_spline 6, <-1.3, 0.5, 0>, 0.3, <-0.75, 0.52, 0>, 0.34, <0, 0.48, 0>, 0.38, <0.6, 0.38, 0>, 0.32, <1.12, 0.3, 0>, 0.2, <1.5, 0.26, 0>, 0.16 }
    sphere_sweep { linear_spline 2, <-0.6, 0.5, 0>, 0.34, <-0.62, 0.85, 0>, 0.3 }
    sphere_sweep { linear_spline 2, <0.2, 0.6, 0>, 0.2, <-0.3, 1.05, 0>, 0.14 scale <1, 1, 0.9> }
    scale <1, 1, 0.92>
    clipped_by { plane { -y, -0.22 } }
    texture { pigment { srgb Upper } normal { quilted 0.3 scale 0.025 } finish { diffuse 0.85 specular 0.1 } }
  }
  // collar, heel tab and a side stripe
  intersection {
    sphere_sweep { cubic_spline 4, <-0.9, 0.42, 0>, 0.36, <-0.3, 0.52, 0>, 0.38, <0.35, 0.62, 0>, 0.37, <0.8, 0.7, 0>, 0.34 scale <1, 1, 0.93> }
    box { <-0.9, 0.35, -1>, <0.55, 0.7, 1> rotate z * 18 }
    plane { y, 0 rotate z * -25 translate <0, 0.58, 0> }
    Plastic(<0.95, 0.35, 0.1>)
  }
  #for (I, 0, 4, 1)
    #local X = 0.5 - I * 0.15;
    #local Y = 0.73 + I * 0.06;
    sphere_sweep { cubic_spline 5, <X + 0.1, Y - 0.3, -0.4>, 0.018, <X, Y - 0.06, -0.22>, 0.018, <X, Y, 0>, 0.018, <X, Y - 0.06, 0.22>, 0.018, <X + 0.1, Y - 0.3, 0.4>, 0.018 Fabric(<0.97, 0.97, 0.97>) }
  #end
}
#declare Zoom = 1.5;
Show(Product, -25, 14)
