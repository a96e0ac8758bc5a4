// Frying Pans: a non-stick frying pan with a dark interior and a long riveted handle.
#include "studio.inc"
#declare Product = union {
  difference {
    lathe { cubic_spline 6, <0, -0.1>, <0, 0>, <0.8, 0>, <1.05, 0.12>, <1.15, 0.34>, <1.2, 0.5> }
    lathe { cubic_spline 6, <0, -0.1>, <0, 0.05>, <0.78, 0.05>, <1.01, 0.16>, <1.1, 0.36>, <1.16, 0.55> texture { pigment { srgb 0.1 } normal { granite 0.08 scale 0.05 } finish { diffuse 0.6 specular 0.25 roughness 0.03 } } }
    Metal(<0.35, 0.36, 0.38>)
  }
  torus { 1.14, 0.02 translate y * 0.34 Metal(<0.5, 0.5, 0.52>) }
  sphere_sweep { cubic_spline 4, <-0.6, 0.26, 0>, 0.06, <-1.1, 0.3, 0>, 0.06, <-1.9, 0.42, 0>, 0.07, <-2.6, 0.5, 0>, 0.07 Rubber(<0.1, 0.1, 0.1>) }
  superellipsoid { <0.5, 0.5> scale <0.15, 0.07, 0.1> translate <-1.15, 0.3, 0> Steel() }
}
#declare Zoom = 1.15;
Show(Product, 30, 34)
