// Chargers: a compact GaN wall charger with folding prongs, two USB-C ports and a coiled cable.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.25, 0.25> scale <0.5, 0.5, 0.5> translate <0, 0.5, 0> Plastic(<0.96, 0.96, 0.95>) }
  #for (X, -0.17, 0.17, 0.34) box { <X - 0.03, 0.45, 0.5>, <X + 0.03, 0.57, 1.0> Chrome() } #end
  box { <-0.12, 0.65, -0.51>, <0.12, 0.73, -0.49> Black() }
  box { <-0.12, 0.4, -0.51>, <0.12, 0.48, -0.49> Black() }
  torus { 0.6, 0.03 scale <1, 1, 0.8> translate <1.0, 0.03, -0.2> Rubber(<0.2, 0.2, 0.22>) }
  torus { 0.5, 0.03 scale <1, 1, 0.8> translate <1.05, 0.09, -0.2> Rubber(<0.2, 0.2, 0.22>) }
  box { <0.4, 0, -0.5>, <0.6, 0.1, -0.2> Plastic(<0.2, 0.2, 0.22>) }
  translate z * 0
}
Show(Product, -20, 20)
