// Chef Knives: a forged chef knife with a bolster and a riveted black handle, lying flat.
#include "studio.inc"
#declare Blade = prism { linear_spline -0.012, 0.012, 8,
  <0, 0>, <0, 0.48>, <1.4, 0.44>, <2.3, 0.28>, <2.75, 0.05>, <2.1, 0.0>, <1.0, -0.02>, <0, 0> }
#declare Product = union {
  object { Blade rotate x * -90 texture { pigment { srgb <0.8, 0.81, 0.83> } finish { diffuse 0.4 specular 0.8 roughness 0.01 metallic reflection { 0.25, 0.4 metallic } } } }
  // edge bevel
  intersection { object { Blade scale <1, 1, 1.01> rotate x * -90 } box { <0, -0.1, -0.1>, <3, 0.1, 0.1> translate z * -0.06 } Chrome() }
  // bolster
  superellipsoid { <0.5, 0.5> scale <0.06, 0.035, 0.26> translate <-0.03, 0, 0.22> Steel() }
  // handle with three rivets
  union {
    superellipsoid { <0.6, 0.3> scale <0.6, 0.06, 0.16> translate <-0.68, 0, 0.22> Plastic(<0.06, 0.06, 0.07>) }
    #for (X, -1.05, -0.25, 0.38)
      cylinder { <X, -0.065, 0.22>, <X, 0.065, 0.22>, 0.035 Steel() }
    #end
  }
  translate y * 0.06
}
#declare Zoom = 1.1;
Show(Product, 35, 50)
