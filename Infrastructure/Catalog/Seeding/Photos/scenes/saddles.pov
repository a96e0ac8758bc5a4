// Saddles: a road saddle with a centre channel on steel rails.
#include "studio.inc"
#declare Top = Outline(array[9] { <0, 1.5>, <0.12, 1.45>, <0.18, 0.8>, <0.55, 0.1>, <0.5, -0.25>, <-0.5, -0.25>, <-0.55, 0.1>, <-0.18, 0.8>, <-0.12, 1.45> })
#declare Product = union {
  difference {
    intersection {
      object { Top scale <1, 0.24, 1> translate y * 0.42 }
      sphere { <0, -2.2, 0.5>, 2.86 scale <1, 1, 1.05> }
    }
    box { <-0.04, 0.6, -0.05>, <0.04, 1, 0.9> }
    Matte(<0.1, 0.1, 0.11>)
  }
  // cover edge stripe
  intersection { object { Top scale <1.01, 0.06, 1.01> translate y * 0.42 } sphere { <0, -2.2, 0.5>, 2.9 } Plastic(<0.85, 0.15, 0.1>) }
  // rails
  #for (S, -1, 1, 2)
    sphere_sweep { cubic_spline 6, <S * 0.12, 0.5, 1.5>, 0.025, <S * 0.1, 0.5, 1.3>, 0.025, <S * 0.12, 0.3, 1.0>, 0.025, <S * 0.14, 0.28, 0.3>, 0.025, <S * 0.3, 0.45, -0.1>, 0.025, <S * 0.35, 0.5, -0.3>, 0.025 Steel() }
  #end
}
Show(Product, -125, 26)
