// Desk Lamps: an architect's lamp with a weighted base, two arms, springs and a conical shade.
#include "studio.inc"
#declare C = <0.1, 0.32, 0.3>;
#declare Product = union {
  cylinder { <0, 0, 0>, <0, 0.12, 0>, 0.55 Plastic(C) }
  cylinder { <0, 0.12, 0>, <0, 0.2, 0>, 0.08 Steel() }
  sphere { <0, 0.22, 0>, 0.07 Steel() }
  cylinder { <0, 0.22, 0>, <0.45, 1.4, 0>, 0.035 Plastic(C) }
  cylinder { <0.06, 0.22, 0.06>, <0.48, 1.35, 0.06>, 0.012 Steel() }
  sphere { <0.45, 1.4, 0>, 0.06 Steel() }
  cylinder { <0.45, 1.4, 0>, <-0.55, 1.95, 0>, 0.035 Plastic(C) }
  sphere { <-0.55, 1.95, 0>, 0.06 Steel() }
  // shade pointing down and out
  union {
    difference {
      cone { <0, 0, 0>, 0.1, <0, -0.5, 0>, 0.38 }
      cone { <0, 0.01, 0>, 0.08, <0, -0.51, 0>, 0.36 texture { pigment { srgb 0.95 } finish { diffuse 0.9 } } }
      Plastic(C)
    }
    sphere { <0, -0.3, 0>, 0.12 Glow(<1, 0.95, 0.8>) }
    rotate z * -35 translate <-0.6, 1.95, 0>
  }
}
Show(Product, -20, 12)
