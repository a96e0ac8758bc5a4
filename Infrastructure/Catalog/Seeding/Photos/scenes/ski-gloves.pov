// Ski Gloves: an insulated glove standing upright with a gauntlet cuff, a padded back and leather palm.
#include "studio.inc"
#declare C = <0.1, 0.12, 0.16>;
#declare Product = union {
  superellipsoid { <0.6, 0.5> scale <0.55, 0.6, 0.22> translate y * 1.2 Fabric(C) }
  #for (F, 0, 3, 1)
    sphere_sweep { linear_spline 2, <-0.39 + F * 0.26, 1.6, 0>, 0.13, <-0.39 + F * 0.26, 2.15 + 0.1 * (F = 1 | F = 2) - 0.1 * (F = 0), 0>, 0.12 Fabric(C) }
  #end
  sphere_sweep { linear_spline 2, <0.5, 1.0, 0>, 0.14, <0.85, 1.45, 0>, 0.13 Fabric(<0.3, 0.2, 0.12>) }
  // gauntlet cuff with a cinch
  cone { <0, 0.0, 0>, 0.62, <0, 0.75, 0>, 0.5 scale <1, 1, 0.45> Fabric(C * 1.4) }
  torus { 0.52, 0.03 scale <1, 1, 0.45> translate y * 0.72 Fabric(<0.9, 0.3, 0.1>) }
  box { <-0.15, 0.2, -0.32>, <0.15, 0.35, -0.27> Plastic(<0.9, 0.3, 0.1>) }
  // padded knuckle panel
  superellipsoid { <0.5, 0.5> scale <0.45, 0.18, 0.05> translate <0, 1.4, -0.22> Plastic(<0.2, 0.22, 0.26>) }
}
Show(Product, -15, 10)
