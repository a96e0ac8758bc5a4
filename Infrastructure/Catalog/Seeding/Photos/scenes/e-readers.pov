// E-Readers: an e-ink reader leaning on a stand, page of text on a paper-white screen.
#include "studio.inc"
#declare Product = union {
  union {
    superellipsoid { <0.12, 0.3> scale <0.75, 1.0, 0.05> Black() }
    box { <-0.65, -0.82, -0.051>, <0.65, 0.9, -0.05> texture { pigment { srgb <0.9, 0.9, 0.87> } finish { diffuse 0.8 ambient 0 emission 0.1 } } }
    #for (L, 0, 17, 1)
      box { <-0.56, 0.78 - L * 0.085, -0.052>, <0.56 - 0.25 * mod(L * 7, 3) * (mod(L, 6) = 5), 0.8 - L * 0.085 + 0.016, -0.0515> Matte(<0.2, 0.2, 0.2>) }
    #end
    rotate x * 15 translate y * 1.0
  }
  box { <-0.3, 0, 0.12>, <0.3, 0.04, 0.8> Wood(<0.75, 0.58, 0.4>, <0.6, 0.44, 0.28>) }
}
Show(Product, -20, 12)
