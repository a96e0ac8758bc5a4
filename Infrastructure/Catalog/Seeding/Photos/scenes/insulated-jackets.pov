// Insulated Jackets: a quilted down jacket laid flat with baffles, a zip and a collar.
#include "studio.inc"
#declare Main = <0.12, 0.35, 0.32>;
#declare Body = prism { linear_spline 0, 1, 14,
  <-0.85, -1.25>, <0.85, -1.25>, <0.82, 0.35>, <1.55, -1.1>, <1.9, -0.95>, <1.1, 0.95>, <0.35, 1.15>, <0, 1.05>,
  <-0.35, 1.15>, <-1.1, 0.95>, <-1.9, -0.95>, <-1.55, -1.1>, <-0.82, 0.35>, <-0.85, -1.25> }
#declare Product = union {
  intersection { object { Body scale <1, 0.22, 1> }
    union { #for (Z, -1.25, 1.2, 0.28) cylinder { <-2, 0, Z>, <2, 0, Z>, 0.18 scale <1, 1.0, 1> } #end }
    texture { pigment { srgb Main } finish { diffuse 0.7 specular 0.45 roughness 0.01 } } }
  box { <-0.02, 0, -1.25>, <0.02, 0.2, 1.05> Black() }
  box { <-0.05, 0.15, 0.85>, <0.05, 0.22, 1.0> Metal(<0.7, 0.7, 0.72>) }
  intersection { torus { 0.34, 0.07 scale <1, 1.2, 0.6> translate <0, 0.1, 1.12> } plane { -z, -0.95 } Fabric(Main * 0.8) }
}
Show(Product, 0, 55)
