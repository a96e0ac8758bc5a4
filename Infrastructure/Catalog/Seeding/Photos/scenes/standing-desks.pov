// Standing Desks: an oak desktop on a two-leg electric frame, with a control panel.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.1, 0.1> scale <1.6, 0.04, 0.75> translate y * 1.55 Wood(<0.82, 0.66, 0.45>, <0.68, 0.5, 0.32>) }
  #for (S, -1, 1, 2)
    box { <S * 1.2 - 0.08, 0.05, -0.06>, <S * 1.2 + 0.08, 0.85, 0.06> Matte(<0.15, 0.15, 0.16>) }
    box { <S * 1.2 - 0.06, 0.85, -0.05>, <S * 1.2 + 0.06, 1.5, 0.05> Matte(<0.22, 0.22, 0.24>) }
    box { <S * 1.2 - 0.07, 0, -0.65>, <S * 1.2 + 0.07, 0.06, 0.65> Matte(<0.15, 0.15, 0.16>) }
  #end
  box { <-1.3, 1.44, -0.05>, <1.3, 1.51, 0.05> Matte(<0.15, 0.15, 0.16>) }
  box { <0.8, 1.46, -0.78>, <1.1, 1.5, -0.7> Black() }
  #for (X, 0.86, 1.04, 0.09) box { <X, 1.465, -0.781>, <X + 0.05, 1.485, -0.78> Glow(<0.9, 0.9, 0.9>) } #end
}
Show(Product, -25, 16)
