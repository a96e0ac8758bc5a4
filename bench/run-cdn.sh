#!/usr/bin/env bash
# CDN hit ratio while shoppers browse: WORKERS concurrent shoppers fetch storefront pages (home, categories,
# products) from the origin for DURATION seconds and then every asset and media URL each page names through
# the CDN edge (Varnish), as a browser without its own cache would (the edge's worst case). Each shopper keeps
# one Accept-Encoding (br, gzip or none, in turn). Reports the edge's X-Cache answers and varnishstat's
# MAIN.cache_hit / MAIN.cache_miss, starting from an empty edge. Markdown to stdout, progress to stderr.
#
#   bench/run-cdn.sh [--duration 30] [--workers 8] [--products 300]
#
# Runs on the bench platform instance (edge on CDN_PORT 59081 in front of one Release Web process on
# CDN_ORIGIN_PORT 59090). BENCH_KEEP_PLATFORM=1 leaves the instance running.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=30
WORKERS=8
PRODUCTS=300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --products) PRODUCTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/instance.sh"
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench-cdn"
PLATFORM="$ROOT/deploy/local/platform.sh"
mkdir -p "$OUT"

web_pid=""
cleanup() {
  if [[ -n "$web_pid" ]]; then kill "$web_pid" 2>/dev/null || true; wait "$web_pid" 2>/dev/null || true; fi
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
echo "building (Release)" >&2
dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

ORIGIN="http://127.0.0.1:$CDN_ORIGIN_PORT"
CDN="$PEAKSHOP_CDN_URL"
(cd "$OUT/web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$ORIGIN" Cdn__BaseUrl="$CDN" Shop__PublicBaseUrl="$ORIGIN" \
  Logging__LogLevel__Default=Warning exec dotnet PeakShop.Web.dll) > "$OUT/web.log" 2>&1 &
web_pid=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null "$ORIGIN/healthz/ready" 2>/dev/null && break; sleep 0.2; done

psql_list() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }
{
  echo /
  psql_list "select '/c/' || slug from categories order by id"
  psql_list "select '/p/' || slug from products order by random() limit $PRODUCTS"
} > "$OUT/pages.txt"
mapfile -t PAGES < "$OUT/pages.txt"
echo "${#PAGES[@]} pages; edge $CDN in front of $ORIGIN" >&2

# Start from an empty edge.
curl -fsS -o /dev/null -X BAN "$CDN"
stat_of() { varnishstat -n "$PEAKSHOP_CDN_WORKDIR" -1 -f "MAIN.$1" | awk '{print $2}'; }
hits0=$(stat_of cache_hit) misses0=$(stat_of cache_miss)

# One shopper: page from the origin, then each asset/media URL on the CDN it names (one curl, kept-alive).
shopper() {
  local n=$1 encoding deadline page urls url args
  case $((n % 3)) in 0) encoding="br, gzip" ;; 1) encoding="gzip, deflate" ;; *) encoding="identity" ;; esac
  deadline=$((SECONDS + DURATION))
  while (( SECONDS < deadline )); do
    page=${PAGES[RANDOM % ${#PAGES[@]}]}
    urls=$(curl -fsS --max-time 10 -H "Accept-Encoding: $encoding" --compressed "$ORIGIN$page" 2>/dev/null |
      grep -oE "(src|href|srcset)=\"[^\"]*\"" | grep -oE "${CDN//./\\.}[^\" ,]+" | sort -u) || true
    echo "page" >> "$OUT/shopper-$n.log"
    [[ -z "$urls" ]] && continue
    args=()
    for url in $urls; do args+=(-o /dev/null "$url"); done
    curl -s --max-time 20 -H "Accept-Encoding: $encoding" -w '%header{x-cache} %{url}\n' "${args[@]}" >> "$OUT/shopper-$n.log" || true
  done
}
rm -f "$OUT"/shopper-*.log
echo "browsing for ${DURATION}s with $WORKERS shoppers" >&2
shoppers=()
for ((n = 0; n < WORKERS; n++)); do shopper "$n" & shoppers+=($!); done
wait "${shoppers[@]}" 2>/dev/null || true

hits=$(( $(stat_of cache_hit) - hits0 )) misses=$(( $(stat_of cache_miss) - misses0 ))
pages=$(cat "$OUT"/shopper-*.log | grep -c '^page$' || true)
xhit=$(cat "$OUT"/shopper-*.log | grep -c '^HIT ' || true)
xmiss=$(cat "$OUT"/shopper-*.log | grep -c '^MISS ' || true)
unique=$(cat "$OUT"/shopper-*.log | grep -E '^(HIT|MISS) ' | awk '{print $2}' | sort -u | wc -l)
media=$(cat "$OUT"/shopper-*.log | grep -E '^(HIT|MISS) ' | awk '{print $2}' | grep -c '/media/' || true)
ratio() { if (( $1 + $2 > 0 )); then awk -v h="$1" -v m="$2" 'BEGIN { printf "%.1f %%", 100 * h / (h + m) }'; else echo n/a; fi; }

cat <<EOF
| | value |
|---|---|
| shoppers × duration | $WORKERS × ${DURATION} s (Accept-Encoding br / gzip / none in turn) |
| pages fetched from the origin | $pages (of ${#PAGES[@]} distinct) |
| asset and media requests to the edge | $((xhit + xmiss)) ($unique distinct URLs, $media of the requests under /media/) |
| X-Cache HIT / MISS | $xhit / $xmiss → hit ratio $(ratio "$xhit" "$xmiss") |
| varnishstat cache_hit / cache_miss | $hits / $misses → hit ratio $(ratio "$hits" "$misses") |
EOF
