// Webcams: a full-HD webcam with a glass lens, an LED and a monitor clip.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <1, 0.3> rotate x * 90 scale <0.9, 0.3, 0.32> translate y * 0.9 Black() }
  cylinder { <0, 0.9, -0.3>, <0, 0.9, -0.34>, 0.2 Lens() }
  torus { 0.2, 0.03 rotate x * 90 translate <0, 0.9, -0.33> Chrome() }
  sphere { <0, 0.9, -0.3>, 0.08 scale <1, 1, 0.3> translate z * -0.05 texture { pigment { srgb <0.05, 0.08, 0.25> } finish { specular 1 roughness 0.001 reflection 0.3 } } }
  sphere { <0.45, 0.9, -0.3>, 0.025 Glow(<0.2, 0.9, 0.3>) }
  #for (X, -0.7, -0.4, 0.1) sphere { <X, 0.9, -0.31>, 0.015 Matte(0.3) } #end
  // clip
  box { <-0.2, 0.55, -0.15>, <0.2, 0.62, 0.25> Matte(<0.1, 0.1, 0.1>) }
  box { <-0.2, 0.0, 0.2>, <0.2, 0.6, 0.25> Matte(<0.1, 0.1, 0.1>) }
  box { <-0.2, 0.0, -0.2>, <0.2, 0.05, 0.25> Matte(<0.1, 0.1, 0.1>) }
}
Show(Product, -20, 12)
