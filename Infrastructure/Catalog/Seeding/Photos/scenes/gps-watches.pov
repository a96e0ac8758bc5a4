// GPS Watches: a round sports watch with a bezel, buttons and a lit display on a silicone strap.
#include "studio.inc"
#declare StrapC = <0.12, 0.55, 0.45>;
#declare Product = union {
  // strap as a closed loop standing up
  difference { cylinder { <-0.22, 0, 0>, <0.22, 0, 0>, 0.78 } cylinder { <-1, 0, 0>, <1, 0, 0>, 0.72 } scale <1, 1, 0.8> translate y * 0.8 Rubber(StrapC) }
  union {
    cylinder { <0, 0, 0>, <0, 0.2, 0>, 0.55 Plastic(<0.1, 0.1, 0.11>) }
    torus { 0.53, 0.05 translate y * 0.2 Metal(<0.35, 0.36, 0.38>) }
    cylinder { <0, 0.19, 0>, <0, 0.215, 0>, 0.47 texture { pigment { srgb 0.02 } finish { specular 0.9 roughness 0.001 reflection 0.08 } } }
    // display: time digits as bars and an activity ring
    intersection { torus { 0.4, 0.025 } plane { x, 0 rotate y * -30 } translate y * 0.22 Glow(<0.95, 0.4, 0.1>) }
    intersection { torus { 0.4, 0.025 } plane { -x, 0 rotate y * 60 } plane { z, 0 } translate y * 0.22 Glow(<0.2, 0.75, 0.95>) }
    #for (I, 0, 3, 1)
      box { <-0.28 + I * 0.15, 0.215, -0.08>, <-0.18 + I * 0.15, 0.22, 0.1> Glow(<0.9, 0.9, 0.92>) }
    #end
    box { <-0.2, 0.215, -0.22>, <0.2, 0.22, -0.18> Glow(<0.3, 0.9, 0.4>) }
    // buttons
    #for (A, -50, 50, 100)
      cylinder { <0.55, 0.1, 0>, <0.62, 0.1, 0>, 0.05 rotate y * A Steel() }
    #end
    cylinder { <-0.62, 0.1, 0>, <-0.55, 0.1, 0>, 0.05 rotate y * 40 Steel() }
    rotate x * -78 translate <0, 0.82, -0.65>
  }
}
Show(Product, -25, 14)
