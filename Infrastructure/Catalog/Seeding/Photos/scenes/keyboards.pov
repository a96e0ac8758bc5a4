// Keyboards: a compact mechanical keyboard with keycaps in rows and accent keys.
#include "studio.inc"
#declare Product = union {
  superellipsoid { <0.2, 0.2> scale <1.5, 0.08, 0.52> translate y * 0.08 Metal(<0.3, 0.31, 0.34>) }
  #for (R, 0, 4, 1)
    #for (K, 0, 13, 1)
      #if (R < 4 | K < 4 | K > 9)
        superellipsoid { <0.35, 0.35> scale <0.085, 0.05, 0.085> translate <-1.37 + K * 0.21, 0.2 + R * 0.012, 0.4 - R * 0.2>
          Plastic(<0.92, 0.92, 0.9> + ((R = 0 & K = 0) | (R = 2 & K = 13)) * <-0.02, -0.52, -0.8>) }
      #end
    #end
  #end
  superellipsoid { <0.35, 0.35> scale <0.62, 0.05, 0.085> translate <0.0, 0.25, -0.4> Plastic(<0.92, 0.92, 0.9>) }
}
#declare Zoom = 1.05;
Show(Product, 180 - 12, 40)
