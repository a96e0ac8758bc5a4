// Ski Goggles: a frameless goggle with a mirrored spherical lens and a wide strap.
#include "studio.inc"
#declare Product = union {
  intersection {
    difference { sphere { <0, 0, 1.2>, 1.35 } sphere { <0, 0, 1.2>, 1.28 } }
    superellipsoid { <0.6, 0.6> scale <1.05, 0.5, 2> }
    plane { z, 0.2 }
    texture { pigment { gradient y color_map { [0 srgb <0.85, 0.3, 0.05>] [1 srgb <0.15, 0.3, 0.75>] } scale 1 translate y * -0.5 }
      finish { diffuse 0.2 specular 1 roughness 0.001 reflection { 0.35, 0.6 } } }
  }
  intersection { sphere { <0, 0, 1.2>, 1.3 } superellipsoid { <0.6, 0.6> scale <1.1, 0.55, 2> } plane { z, 0.5 } plane { -z, -0.05 }
    difference { superellipsoid { <0.6, 0.6> scale <1.2, 0.65, 2> } superellipsoid { <0.6, 0.6> scale <1.05, 0.5, 3> } } Black() }
  // strap
  difference { cylinder { <0, -0.22, 0.9>, <0, 0.22, 0.9>, 1.15 } cylinder { <0, -1, 0.9>, <0, 1, 0.9>, 1.12 } plane { z, 0.3 }
    Fabric(<0.1, 0.1, 0.12>) }
  translate y * 0.7
}
Show(Product, 15, 14)
