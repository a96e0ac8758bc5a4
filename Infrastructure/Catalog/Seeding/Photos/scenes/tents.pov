// Tents: a two-pole dome tent with a fly, an arched door and a groundsheet rim.
#include "studio.inc"
#declare Fly = <0.95, 0.55, 0.15>;
#declare Shape = sphere { 0, 1 scale <1.3, 1.0, 1.0> }
#declare Product = union {
  difference { object { Shape } plane { y, 0 } Fabric(Fly) }
  #for (A, -45, 45, 90)
    intersection { torus { 1.0, 0.02 rotate x * 90 scale <1.3, 1.0, 1> scale 1.01 rotate y * A } plane { -y, 0 } Matte(<0.2, 0.2, 0.22>) }
  #end
  difference {
    intersection { object { Shape scale 1.008 } cylinder { <0, 0, -2>, <0, 0, 0>, 0.48 scale <1, 1.35, 1> } plane { -y, 0 } }
    object { Shape }
    Fabric(<0.22, 0.24, 0.28>)
  }
  cylinder { <0, 0.02, -1.01>, <0, 0.74, -0.72>, 0.01 Black() }
  difference { cylinder { 0, y * 0.04, 1 scale <1.36, 1, 1.06> } cylinder { -y, y, 0.99 scale <1.36, 1, 1.06> } Fabric(<0.15, 0.15, 0.16>) }
}
#declare Zoom = 1.25;
Show(Product, -28, 14)
