// Running Shoes: a low running shoe with a thick white midsole, mesh upper, side stripe and laces.
#include "studio.inc"
#declare Upper = <0.1, 0.45, 0.75>;
#declare Sole = Outline(array[10] { <-0.95, 0>, <-0.8, -0.34>, <0, -0.4>, <0.8, -0.42>, <1.3, -0.24>, <1.4, 0.05>, <1.2, 0.34>, <0.6, 0.38>, <-0.2, 0.34>, <-0.8, 0.34> })
#declare Product = union {
  object { Sole scale <1, 0.08, 1> Rubber(<0.12, 0.12, 0.13>) }
  intersection { object { Sole scale <1, 0.34, 1> translate y * 0.08 } plane { y, 0 rotate z * -6 translate y * 0.34 } Matte(<0.96, 0.96, 0.95>) }
  union {
    sphere_sweep { cubic_spline 6, <-1.2, 0.45, 0>, 0.26, <-0.7, 0.5, 0>, 0.33, <0, 0.5, 0>, 0.37, <0.6, 0.4, 0>, 0.32, <1.1, 0.3, 0>, 0.2, <1.5, 0.24, 0>, 0.16 }
    sphere_sweep { linear_spline 2, <-0.55, 0.5, 0>, 0.34, <-0.5, 0.95, 0>, 0.3 }
    scale <1, 1, 0.92>
    clipped_by { plane { -y, -0.3 } }
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
#declare Zoom = 1.2;
Show(Product, -25, 14)
