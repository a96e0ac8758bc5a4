// Hydration Vests: a running vest with a curved back panel, chest straps and two soft flasks.
#include "studio.inc"
#declare Main = <0.95, 0.85, 0.2>;
#declare Product = union {
  // back panel (a curved slab), shoulder straps arching forward
  intersection { difference { cylinder { <0, 0, 0>, <0, 1.6, 0>, 0.9 } cylinder { <0, -1, 0>, <0, 2, 0>, 0.8 } } plane { -z, -0.35 } translate y * 0.2 Fabric(Main) }
  superellipsoid { <0.4, 0.4> scale <0.45, 0.45, 0.1> translate <0, 1.0, 0.92> Fabric(Main * 0.7) }
  #for (S, -1, 1, 2)
    sphere_sweep { cubic_spline 5, <S * 0.5, 1.85, 0.7>, 0.1, <S * 0.5, 1.8, 0.55>, 0.12, <S * 0.55, 1.7, -0.1>, 0.12, <S * 0.5, 1.0, -0.55>, 0.14, <S * 0.5, 0.5, -0.6>, 0.12 scale <1, 1, 1> Fabric(Main * 0.85) }
    // soft flask with a cap
    union {
      sphere { 0, 1 scale <0.17, 0.38, 0.12> texture { pigment { rgbf <0.55, 0.75, 0.95, 0.4> } finish { specular 0.6 roughness 0.005 reflection 0.05 } } }
      cylinder { <0, 0.36, 0>, <0, 0.5, 0>, 0.07 Plastic(<0.1, 0.1, 0.1>) }
      translate <S * 0.5, 1.1, -0.78>
    }
  #end
  // sternum straps
  cylinder { <-0.45, 1.45, -0.7>, <0.45, 1.45, -0.7>, 0.02 Fabric(<0.1, 0.1, 0.1>) }
  cylinder { <-0.45, 1.6, -0.66>, <0.45, 1.6, -0.66>, 0.02 Fabric(<0.1, 0.1, 0.1>) }
}
Show(Product, -20, 12)
