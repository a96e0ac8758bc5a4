// Coffee Grinders: a steel hand grinder with a crank and a wooden knob.
#include "studio.inc"
#declare Product = union {
  lathe { linear_spline 8, <0, 0>, <0.42, 0>, <0.44, 0.04>, <0.44, 1.45>, <0.42, 1.5>, <0.2, 1.55>, <0.08, 1.62>, <0, 1.62> Steel() }
  cylinder { <0, 0.55, 0>, <0, 0.62, 0>, 0.447 Rubber(<0.12, 0.12, 0.12>) }
  cylinder { <0, 1.05, 0>, <0, 1.2, 0>, 0.447 Wood(<0.62, 0.4, 0.22>, <0.45, 0.28, 0.15>) }
  // crank
  cylinder { <0, 1.6, 0>, <0, 1.75, 0>, 0.05 Steel() }
  box { <-0.06, 1.72, -0.03>, <0.85, 1.78, 0.03> DarkSteel() }
  cylinder { <0.8, 1.78, 0>, <0.8, 1.9, 0>, 0.025 Steel() }
  lathe { cubic_spline 6, <0, 1.78>, <0, 1.86>, <0.1, 1.9>, <0.12, 2.05>, <0.06, 2.15>, <0, 2.16> translate x * 0.8 Wood(<0.55, 0.32, 0.16>, <0.38, 0.2, 0.1>) }
  // a few beans
  #for (I, 0, 4, 1)
    sphere { 0, 1 scale <0.07, 0.045, 0.05> rotate y * I * 70 translate <0.7 + 0.12 * mod(I, 2), 0.045, -0.5 - 0.1 * I> Plastic(<0.32, 0.18, 0.08>) }
  #end
}
Show(Product, -20, 14)
