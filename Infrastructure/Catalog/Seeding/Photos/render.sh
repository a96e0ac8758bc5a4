#!/bin/sh
# Renders the demo product photos: scenes/<subcategory-slug>.pov -> <subcategory-slug>-<view>.jpg (1200x1200,
# progressive JPEG, quality 82). Needs povray and vips (apt-get install povray libvips-tools); the app does not:
# the JPEGs are committed and embedded in the Infrastructure assembly.
#   ./render.sh                 every scene, view 1
#   ./render.sh tents kettles   only these scenes
#   VIEWS="1 2" ./render.sh     also the second angle (the product turned 55 degrees)
set -eu
cd "$(dirname "$0")"
SIZE=${SIZE:-1200}
VIEWS=${VIEWS:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -eq 0 ]; then set -- $(ls scenes/*.pov | sed 's|scenes/||; s|\.pov$||'); fi
for scene in "$@"; do
  for view in $VIEWS; do
    start=$(date +%s)
    nice -n 10 povray -D +Iscenes/"$scene".pov +Lscenes +O"$work/$scene.png" +W"$SIZE" +H"$SIZE" +A0.3 +FN \
      Declare=View=$((view - 1)) -GA >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    vips jpegsave "$work/$scene.png" "$scene-$view.jpg" --Q 82 --interlace --strip --optimize-coding
    echo "$scene-$view.jpg $(stat -c %s "$scene-$view.jpg") bytes $(( $(date +%s) - start )) s"
  done
done
