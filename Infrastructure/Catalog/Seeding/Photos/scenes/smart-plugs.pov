// Smart Plugs: a Schuko smart plug with a round socket face, a ring LED and a button.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.35, 0.35> scale <0.6, 0.6, 0.45> translate y * 0.6 Plastic(<0.96, 0.96, 0.95>) }
  difference { cylinder { <0, 0.6, -0.42>, <0, 0.6, -0.5>, 0.45 } cylinder { <0, 0.6, -0.44>, <0, 0.6, -0.6>, 0.38 } Plastic(<0.96, 0.96, 0.95>) }
  cylinder { <0, 0.6, -0.42>, <0, 0.6, -0.45>, 0.38 Plastic(<0.9, 0.9, 0.9>) }
  #for (X, -0.15, 0.15, 0.3) cylinder { <X, 0.6, -0.4>, <X, 0.6, -0.46>, 0.045 Black() } #end
  torus { 0.42, 0.012 rotate x * 90 translate <0, 0.6, -0.5> Glow(<0.2, 0.6, 1.0>) }
  cylinder { <0.4, 1.18, 0>, <0.4, 1.22, 0>, 0.07 Plastic(<0.85, 0.85, 0.85>) }
  #for (X, -0.15, 0.15, 0.3) cylinder { <X, 0.6, 0.44>, <X, 0.6, 0.9>, 0.04 Chrome() } #end
}
Show(Product, -30, 14)
