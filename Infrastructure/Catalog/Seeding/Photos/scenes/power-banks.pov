// Power Banks: a slim aluminium power bank with a charge indicator and USB-C ports, with a cable.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.2, 0.6> rotate x * 90 scale <0.55, 0.14, 1.1> translate y * 0.14 Metal(<0.25, 0.35, 0.55>) }
  #for (I, 0, 3, 1) cylinder { <-0.15 + I * 0.1, 0.28, -0.8>, <-0.15 + I * 0.1, 0.285, -0.8>, 0.02 Glow(<0.3, 0.3, 0.35> + (I < 3) * <0, 0.5, 0.65>) } #end
  box { <-0.12, 0.11, -1.11>, <0.12, 0.17, -1.09> Black() }
  box { <0.22, 0.11, -1.11>, <0.4, 0.17, -1.09> Black() }
  // cable
  sphere_sweep { cubic_spline 6, <0, 0.14, -1.4>, 0.03, <0, 0.14, -1.15>, 0.03, <0.2, 0.03, -1.6>, 0.03, <0.9, 0.03, -1.4>, 0.03, <1.0, 0.03, -0.3>, 0.03, <0.9, 0.03, 0.2>, 0.03 Rubber(<0.9, 0.9, 0.9>) }
  box { <-0.08, 0.1, -1.35>, <0.08, 0.18, -1.12> Plastic(<0.9, 0.9, 0.9>) }
}
Show(Product, 25, 38)
