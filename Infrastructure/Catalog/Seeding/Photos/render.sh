#!/bin/sh
# Renders the demo product photos: scenes/<subcategory-slug>.pov -> <subcategory-slug>-<view>.jpg (1200x1200,
# progressive JPEG, quality 82). Needs povray and vips (apt-get install povray libvips-tools); the app does not:
# the JPEGs are committed and embedded in the Infrastructure assembly. A photo newer than its scene and
# studio.inc is kept (FORCE=1 renders it again); two runs at once share the work.
#   ./render.sh                 every scene, view 1
#   ./render.sh tents kettles   only these scenes
#   VIEWS="1 2" ./render.sh     also the second angle (the product turned 55 degrees)
#   JOBS=2 ./render.sh          two renders at a time (each povray also uses every core)
set -eu
cd "$(dirname "$0")"
SIZE=${SIZE:-1200}
VIEWS=${VIEWS:-1}
JOBS=${JOBS:-1}
if [ "${1:-}" = "--one" ]; then
  scene=$2 view=$3 out=$2-$3.jpg
  if [ -z "${FORCE:-}" ] && [ -f "$out" ] && [ "$out" -nt scenes/"$scene".pov ] && [ "$out" -nt scenes/studio.inc ]; then exit 0; fi
  lock=${TMPDIR:-/tmp}/peakshop-photo-$scene-$view.lock
  mkdir "$lock" 2>/dev/null || exit 0
  work=$(mktemp -d)
  trap 'rm -rf "$work" "$lock"' EXIT
  start=$(date +%s)
  nice -n 10 povray -D +Iscenes/"$scene".pov +Lscenes +O"$work/$scene.png" +W"$SIZE" +H"$SIZE" +A0.3 +FN \
    Declare=View=$((view - 1)) -GA >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  nice -n 10 vips jpegsave "$work/$scene.png" "$work/$out" --Q 82 --interlace --strip --optimize-coding
  mv "$work/$out" "$out"
  echo "$out $(stat -c %s "$out") bytes $(( $(date +%s) - start )) s"
  exit 0
fi
if [ $# -eq 0 ]; then set -- $(ls scenes/*.pov | sed 's|scenes/||; s|\.pov$||'); fi
for scene in "$@"; do for view in $VIEWS; do echo "$scene $view"; done; done | xargs -P "$JOBS" -n 2 "./$(basename "$0")" --one
