// Seed Kits: a wooden crate with seedling pots, labels and seed packets.
#include "studio.inc"
#declare Product = union {
  difference { box { <-1.0, 0, -0.6>, <1.0, 0.45, 0.6> } box { <-0.95, 0.05, -0.55>, <0.95, 0.6, 0.55> } Wood(<0.82, 0.66, 0.45>, <0.7, 0.52, 0.34>) }
  #for (I, 0, 2, 1) #for (J, 0, 1, 1)
    union {
      cone { <0, 0.05, 0>, 0.17, <0, 0.5, 0>, 0.25 Matte(<0.55, 0.4, 0.28>) }
      cylinder { <0, 0.44, 0>, <0, 0.47, 0>, 0.23 Matte(<0.25, 0.17, 0.1>) }
      #for (L, 0, 2, 1)
        sphere { <0, 0, 0.1>, 0.1 scale <0.5, 0.1, 1> rotate x * -30 rotate y * (L * 120 + I * 40) translate y * (0.6 + 0.04 * L) Matte(<0.3, 0.65, 0.25>) }
      #end
      cylinder { <0, 0.45, 0>, <0, 0.62, 0>, 0.012 Matte(<0.3, 0.6, 0.25>) }
      translate <-0.6 + I * 0.6, 0, -0.27 + J * 0.54>
    }
  #end #end
  // seed packets leaning on the front
  box { <-0.3, 0, -0.02>, <0.3, 0.8, 0.02> rotate x * -20 translate <-0.45, 0, -0.8> Matte(<0.95, 0.8, 0.3>) }
  box { <-0.3, 0, -0.02>, <0.3, 0.8, 0.02> rotate x * -15 translate <0.4, 0, -0.78> Matte(<0.55, 0.75, 0.9>) }
}
Show(Product, -15, 22)
