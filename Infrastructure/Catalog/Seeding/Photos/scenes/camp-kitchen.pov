// Camp Kitchen: a gas canister stove with pot supports and a valve, beside a small pot.
#include "studio.inc"
#declare Can = lathe { cubic_spline 8, <0, -0.05>, <0, 0>, <0.5, 0>, <0.55, 0.08>, <0.55, 0.55>, <0.4, 0.75>, <0.12, 0.82>, <0, 0.83> }
#declare Product = union {
  object { Can Plastic(<0.85, 0.15, 0.1>) }
  cylinder { <0, 0.25, 0>, <0, 0.45, 0>, 0.556 Matte(<0.95, 0.95, 0.95>) }
  // valve body and burner
  cylinder { <0, 0.8, 0>, <0, 1.05, 0>, 0.1 Steel() }
  cylinder { <0, 1.05, 0>, <0, 1.12, 0>, 0.22 DarkSteel() }
  cylinder { <0, 1.12, 0>, <0, 1.15, 0>, 0.2 Metal(<0.25, 0.22, 0.2>) }
  // pot supports
  #for (A, 0, 359, 120)
    union {
      box { <0.05, 1.05, -0.03>, <0.45, 1.09, 0.03> }
      box { <0.4, 1.09, -0.03>, <0.45, 1.2, 0.03> }
      DarkSteel() rotate y * A
    }
  #end
  // valve handle
  cylinder { <0, 0.92, 0>, <0.35, 0.92, -0.1>, 0.025 Steel() }
  sphere { <0.35, 0.92, -0.1>, 0.06 Plastic(<0.1, 0.1, 0.1>) }
  // pot
  difference {
    cylinder { <1.3, 0, 0.2>, <1.3, 0.7, 0.2>, 0.5 }
    cylinder { <1.3, 0.05, 0.2>, <1.3, 0.8, 0.2>, 0.47 }
    Metal(<0.75, 0.76, 0.78>)
  }
  torus { 0.5, 0.02 translate <1.3, 0.7, 0.2> Steel() }
  sphere_sweep { linear_spline 3, <1.1, 0.62, -0.26>, 0.025, <1.3, 0.98, 0.2>, 0.025, <1.5, 0.62, 0.66>, 0.025 Rubber(<0.1, 0.1, 0.1>) }
}
Show(Product, -15, 18)
