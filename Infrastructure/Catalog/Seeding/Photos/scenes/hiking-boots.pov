// Hiking Boots: a leather mid boot with a lugged rubber sole, laces and a padded collar.
#include "studio.inc"
#declare Leather = <0.45, 0.28, 0.15>;
#declare Sole = Outline(array[10] { <-0.95, 0>, <-0.8, -0.36>, <0, -0.42>, <0.8, -0.44>, <1.3, -0.25>, <1.38, 0.05>, <1.2, 0.36>, <0.6, 0.4>, <-0.2, 0.36>, <-0.8, 0.36> })
#declare Product = union {
  object { Sole scale <1, 0.14, 1> Rubber(<0.1, 0.1, 0.1>) }
  object { Sole scale <0.99, 0.1, 0.98> translate y * 0.14 Rubber(<0.5, 0.46, 0.4>) }
  #for (X, -0.85, 1.25, 0.17)
    intersection { box { <X, -0.005, -0.6>, <X + 0.07, 0.03, 0.6> } object { Sole scale <1.02, 1, 1.03> } Rubber(<0.06, 0.06, 0.06>) }
  #end
  union {
    sphere_sweep { cubic_spline 6, <-1.2, 0.55, 0>, 0.3, <-0.6, 0.6, 0>, 0.36, <0, 0.55, 0>, 0.4, <0.6, 0.45, 0>, 0.36, <1.08, 0.36, 0>, 0.24, <1.5, 0.3, 0>, 0.2 }
    sphere_sweep { linear_spline 2, <-0.5, 0.6, 0>, 0.42, <-0.42, 1.45, 0>, 0.36 }
    scale <1, 1, 0.88>
    clipped_by { plane { -y, -0.24 } }
    Matte(Leather)
  }
  // rubber rand around the toe and a padded collar
  intersection { sphere_sweep { linear_spline 2, <0.6, 0.42, 0>, 0.4, <1.05, 0.34, 0>, 0.3 scale <1, 1, 0.9> } plane { y, 0.46 } plane { -y, -0.24 } Rubber(<0.15, 0.1, 0.07>) }
  torus { 0.33, 0.07 scale <1.05, 1, 0.9> translate <-0.42, 1.47, 0> Fabric(<0.18, 0.11, 0.07>) }
  // laces over the instep
  #for (I, 0, 6, 1)
    #local X = 0.55 - I * 0.16;
    #local Y = 0.88 + I * 0.09;
    sphere_sweep { cubic_spline 5, <X + 0.1, Y - 0.3, -0.4>, 0.02, <X, Y - 0.07, -0.26>, 0.02, <X, Y, 0>, 0.02, <X, Y - 0.07, 0.26>, 0.02, <X + 0.1, Y - 0.3, 0.4>, 0.02 Fabric(<0.8, 0.2, 0.1>) }
  #end
}
#declare Zoom = 1.35;
Show(Product, -25, 14)
