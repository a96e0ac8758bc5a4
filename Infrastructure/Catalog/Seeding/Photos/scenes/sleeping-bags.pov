// Sleeping Bags: a quilted mummy bag lying flat, hood open, with a side zip.
#include "studio.inc"
#declare Shell = <0.12, 0.38, 0.72>;
#declare Body = sphere_sweep { cubic_spline 6,
  <0, 0, -1.6>, 0.32, <0, 0, -1.35>, 0.34, <0, 0, -0.2>, 0.5, <0, 0, 0.9>, 0.56, <0, 0, 1.35>, 0.45, <0, 0, 1.6>, 0.3
  scale <1, 0.32, 1> }
#declare Product = union {
  object { Body texture { pigment { gradient z color_map { [0 srgb Shell] [0.9 srgb Shell] [0.95 srgb Shell * 0.6] [1 srgb Shell] } scale 0.3 } normal { bumps 0.12 scale 0.012 } finish { diffuse 0.9 specular 0.03 } } }
  // hood opening with dark lining
  sphere { 0, 1 scale <0.3, 0.08, 0.22> translate <0, 0.17, 1.2> Fabric(<0.2, 0.2, 0.22>) }
  torus { 0.3, 0.04 scale <1, 1, 0.75> translate <0, 0.16, 1.2> Fabric(Shell * 0.8) }
  // side zip
  sphere_sweep { linear_spline 2, <0.5, 0.06, -0.4>, 0.018, <0.52, 0.08, 1.0>, 0.018 Plastic(<0.9, 0.6, 0.1>) }
}
#declare Zoom = 1.25;
Show(Product, 150, 38)
