// Bike Lights: a front light with a round lens and a rubber bar strap, next to a red rear light.
#include "studio.inc"
#declare Product = union {
  union {
    superellipsoid { <0.25, 0.25> scale <0.34, 0.3, 0.75> }
    cylinder { <0, 0, -0.74>, <0, 0, -0.78>, 0.26 Lens() }
    sphere { <0, 0, -0.72>, 0.16 scale <1, 1, 0.3> Glow(<1, 0.98, 0.9>) }
    torus { 0.27, 0.03 rotate x * 90 translate z * -0.76 Metal(<0.6, 0.6, 0.62>) }
    cylinder { <0, 0.28, 0.1>, <0, 0.33, 0.1>, 0.08 Plastic(<0.2, 0.6, 0.9>) }
    difference { torus { 0.28, 0.06 rotate z * 90 } box { <-1, 0, -1>, <1, 1, 1> } translate <0, -0.25, 0.2> Rubber(<0.12, 0.12, 0.12>) }
    Plastic(<0.1, 0.1, 0.11>)
    translate <-0.5, 0.55, 0>
  }
  union {
    superellipsoid { <0.3, 0.3> scale <0.2, 0.5, 0.12> }
    superellipsoid { <0.3, 0.3> scale <0.17, 0.42, 0.02> translate z * -0.12 texture { pigment { srgb <0.9, 0.05, 0.05> } finish { emission 0.5 specular 0.8 roughness 0.003 } } }
    Plastic(<0.1, 0.1, 0.11>)
    translate <0.6, 0.5, -0.2>
  }
}
Show(Product, -30, 16)
