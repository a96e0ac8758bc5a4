// Running Jackets: a lightweight hooded jacket laid flat, with a full zip and reflective trim.
#include "studio.inc"
#declare Main = <0.9, 0.3, 0.12>;
#declare Body = prism { linear_spline 0, 1, 14,
  <-0.8, -1.25>, <0.8, -1.25>, <0.78, 0.35>, <1.55, -1.05>, <1.85, -0.9>, <1.05, 0.95>, <0.35, 1.15>, <0, 1.0>,
  <-0.35, 1.15>, <-1.05, 0.95>, <-1.85, -0.9>, <-1.55, -1.05>, <-0.78, 0.35>, <-0.8, -1.25> }
#declare Product = union {
  intersection { object { Body scale <1, 0.1, 1> } superellipsoid { <1, 0.15> rotate x * 90 scale <2.5, 0.14, 2.5> translate y * 0.02 }
    texture { pigment { srgb Main } normal { wrinkles 0.25 scale 0.15 } finish { diffuse 0.8 specular 0.25 roughness 0.02 } } }
  // hood lying behind the collar
  intersection { sphere { <0, 0, 1.25>, 0.5 scale <1, 0.25, 0.8> } plane { -y, 0 } Fabric(Main * 0.85) }
  box { <-0.018, 0.09, -1.25>, <0.018, 0.1, 1.1> Black() }
  box { <-0.04, 0.09, 0.8>, <0.04, 0.11, 0.95> Metal(<0.7, 0.7, 0.72>) }
  // reflective stripes and cuffs
  box { <-0.8, 0.095, -0.25>, <-0.1, 0.105, -0.2> Plastic(<0.85, 0.85, 0.85>) }
  box { <0.1, 0.095, -0.25>, <0.8, 0.105, -0.2> Plastic(<0.85, 0.85, 0.85>) }
  box { <-0.8, 0.0, -1.26>, <0.8, 0.1, -1.18> Fabric(<0.15, 0.15, 0.16>) }
  box { <-0.05, 0.001, -0.22>, <0.05, 0.1, 0.1> rotate y * -65 translate <-1.72, 0, -0.98> Fabric(<0.15, 0.15, 0.16>) }
  box { <-0.05, 0.001, -0.1>, <0.05, 0.1, 0.22> rotate y * 65 translate <1.72, 0, -0.98> Fabric(<0.15, 0.15, 0.16>) }
}
#declare Zoom = 0.95;
Show(Product, 0, 58)
