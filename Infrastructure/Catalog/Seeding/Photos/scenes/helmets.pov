// Helmets: a road helmet shell with long vents, a coloured band, a dark liner and tucked straps.
#include "studio.inc"
#declare ShellC = <0.92, 0.92, 0.94>;
#declare Liner = Matte(<0.08, 0.08, 0.09>)
#declare Product = union {
  difference {
    sphere { 0, 1 scale <0.82, 0.72, 1.05> }
    sphere { 0, 1 scale <0.74, 0.64, 0.97> texture { Liner } }
    plane { y, 0.02 texture { Liner } }
    #for (I, -2, 2, 1)
      #for (J, 0, 1, 1)
        sphere_sweep { linear_spline 2, <0, 0, -0.16>, 0.07, <0, 0, 0.16>, 0.07 scale <1, 1, 1.2> translate <0, 0.66, J * 0.5 - 0.3> rotate z * (I * 26) texture { Liner } }
      #end
    #end
    Plastic(ShellC)
  }
  intersection { sphere { 0, 1.008 scale <0.82, 0.72, 1.05> } plane { -y, -0.02 } plane { y, 0.26 } Plastic(<0.85, 0.1, 0.12>) }
  intersection { sphere { 0, 1.01 scale <0.82, 0.72, 1.05> } plane { -y, -0.02 } plane { y, 0.07 } Black() }
  // straps tucked in front of the shell, lying on the floor
  sphere_sweep { cubic_spline 5, <-0.74, 0.06, -0.3>, 0.014, <-0.72, 0.03, -0.45>, 0.014, <-0.3, 0.015, -1.1>, 0.014, <0.3, 0.015, -1.1>, 0.014, <0.72, 0.03, -0.45>, 0.014 Fabric(<0.1, 0.1, 0.1>) }
  box { <-0.08, 0, -1.2>, <0.08, 0.05, -1.08> Black() }
  translate y * -0.02
}
#declare Zoom = 1.3;
Show(Product, 150, 20)
