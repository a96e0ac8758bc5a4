// Backpacks: a top-loading trekking pack with lid, front pocket, side straps and hip belt.
#include "studio.inc"
#declare Main = <0.2, 0.42, 0.3>;
#declare Trim = <0.12, 0.12, 0.13>;
#declare Product = union {
  superellipsoid { <0.35, 0.35> scale <0.62, 1.0, 0.36> translate y * 1.02 Fabric(Main) }
  superellipsoid { <0.3, 0.5> scale <0.6, 0.2, 0.4> translate <0, 1.98, -0.03> Fabric(Main * 0.75) }
  superellipsoid { <0.4, 0.4> scale <0.42, 0.45, 0.12> translate <0, 0.78, -0.36> Fabric(Main * 0.8) }
  // zip lines
  cylinder { <-0.3, 1.22, -0.475>, <0.3, 1.22, -0.475>, 0.012 Black() }
  cylinder { <-0.45, 1.95, -0.41>, <0.45, 1.95, -0.41>, 0.012 Black() }
  // compression straps and buckles
  #for (Y, 0.55, 1.5, 0.9)
    box { <-0.64, Y, -0.3>, <-0.6, Y + 0.06, 0.3> Fabric(Trim) }
    box { <0.6, Y, -0.3>, <0.64, Y + 0.06, 0.3> Fabric(Trim) }
  #end
  box { <-0.2, 1.6, -0.47>, <-0.14, 2.0, -0.44> Fabric(Trim) }
  box { <0.14, 1.6, -0.47>, <0.2, 2.0, -0.44> Fabric(Trim) }
  box { <-0.23, 1.55, -0.49>, <-0.11, 1.63, -0.45> Black() }
  box { <0.11, 1.55, -0.49>, <0.23, 1.63, -0.45> Black() }
  // shoulder straps behind, hip belt wings
  #for (S, -1, 1, 2)
    sphere_sweep { cubic_spline 4, <S * 0.25, 2.1, 0.2>, 0.06, <S * 0.27, 1.8, 0.42>, 0.07, <S * 0.32, 1.0, 0.42>, 0.07, <S * 0.4, 0.5, 0.3>, 0.05 scale <1, 1, 0.8> Fabric(Trim) }
    superellipsoid { <0.5, 0.5> scale <0.22, 0.14, 0.1> rotate y * S * -30 translate <S * 0.66, 0.35, 0.12> Fabric(Trim) }
  #end
  torus { 0.1, 0.02 rotate x * 90 translate <0, 2.2, 0.3> Fabric(Trim) }
}
Show(Product, -30, 12)
