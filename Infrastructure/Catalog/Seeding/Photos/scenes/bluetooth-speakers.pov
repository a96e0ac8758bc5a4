// Bluetooth Speakers: a cylindrical portable speaker with a fabric grille, end caps and buttons.
#include "studio.inc"
#declare C = <0.85, 0.3, 0.25>;
#declare Product = union {
  cylinder { <-0.95, 0, 0>, <0.95, 0, 0>, 0.5 texture { pigment { srgb C } normal { crackle 0.2 scale 0.015 } finish { diffuse 0.9 specular 0 } } }
  #for (S, -1, 1, 2)
    cylinder { <S * 0.95, 0, 0>, <S * 1.05, 0, 0>, 0.51 Rubber(C * 0.5) }
    cylinder { <S * 1.05, 0, 0>, <S * 1.07, 0, 0>, 0.3 Rubber(C * 0.4) }
  #end
  superellipsoid { <0.3, 0.3> scale <0.5, 0.04, 0.1> translate y * 0.5 Rubber(C * 0.5) }
  #for (X, -0.3, 0.3, 0.3) cylinder { <X, 0.52, 0>, <X, 0.55, 0>, 0.05 Rubber(C * 0.35) } #end
  box { <-0.06, 0.05, -0.52>, <0.06, 0.17, -0.49> Plastic(<0.9, 0.9, 0.9>) }
  translate y * 0.5
}
Show(Product, -25, 16)
