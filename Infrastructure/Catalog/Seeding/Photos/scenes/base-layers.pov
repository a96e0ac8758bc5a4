// Base Layers: a long-sleeve merino top laid flat, with flatlock seams.
#include "studio.inc"
#declare Main = <0.55, 0.15, 0.2>;
#declare Body = prism { linear_spline 0, 1, 14,
  <-0.72, -1.2>, <0.72, -1.2>, <0.7, 0.35>, <1.4, -1.15>, <1.65, -1.0>, <0.95, 0.95>, <0.3, 1.12>, <0, 1.0>,
  <-0.3, 1.12>, <-0.95, 0.95>, <-1.65, -1.0>, <-1.4, -1.15>, <-0.7, 0.35>, <-0.72, -1.2> }
#declare Product = union {
  intersection { object { Body scale <1, 0.08, 1> } superellipsoid { <1, 0.15> rotate x * 90 scale <2.5, 0.12, 2.5> translate y * 0.02 } Knit(Main) }
  intersection { torus { 0.3, 0.035 scale <1, 1, 0.55> translate <0, 0.08, 1.08> } plane { -z, -0.95 } Knit(Main * 0.7) }
  box { <-0.72, 0.001, -1.22>, <0.72, 0.09, -1.12> Knit(Main * 0.8) }
  #for (S, -1, 1, 2) box { <-0.01, 0.08, -0.2>, <0.01, 0.085, 0.9> rotate y * S * 8 translate <S * 0.62, 0, -0.3> Knit(Main * 0.75) } #end
}
Show(Product, 0, 58)
