#!/usr/bin/env bash
# Public API throughput against the floor (issue 15): requests/s of a cache-hot GET /api/v1/products/{id} and of a
# category list page GET /api/v1/products?category=tents as a ratio of a plaintext Kestrel endpoint, and p99 at 75 %
# of each one's capacity. Release build, Production environment, the bench platform instance (bench/instance.sh), as
# bench/run-storefront.sh. Anonymous calls: the catalog reads need no key (ADR 21).
#
#   bench/run-api.sh [--duration 15] [--connections 32]
#
# Needs wrk and hey (Debian packages; installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=15
CONNECTIONS=32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/instance.sh"
WEB_PORT=${WEB_PORT:-58080}
# Not 18081: ./test.sh's CDN edge.
FLOOR_PORT=${FLOOR_PORT:-58082}
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench-api"
PLATFORM="$ROOT/deploy/local/platform.sh"
mkdir -p "$OUT"

for tool in wrk hey; do
  if ! command -v "$tool" >/dev/null; then
    if [[ $EUID -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; else echo "install $tool" >&2; exit 1; fi
  fi
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
echo "building (Release)" >&2
dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
dotnet publish bench/Plaintext/Plaintext.csproj -c Release -o "$OUT/plaintext" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

# The API limits stay on (one Redis count per request, as in production) but so high that one bench client is never refused.
(cd "$OUT/web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$WEB_PORT" Shop__PublicBaseUrl="http://127.0.0.1:$WEB_PORT" \
  Logging__LogLevel__Default=Warning RateLimits__ApiPerIp__PermitLimit=1000000000 exec dotnet PeakShop.Web.dll) > "$OUT/web.log" 2>&1 &
pids+=($!)
(cd "$OUT/plaintext" && ASPNETCORE_URLS="http://127.0.0.1:$FLOOR_PORT" exec dotnet PeakShop.Bench.Plaintext.dll) > "$OUT/plaintext.log" 2>&1 &
pids+=($!)
for url in "http://127.0.0.1:$WEB_PORT/healthz/ready" "http://127.0.0.1:$FLOOR_PORT/plaintext"; do
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.2; done
done

psql_val() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }
PRODUCT_PATH=${PRODUCT_PATH:-/api/v1/products/$(psql_val "select id from products where stock > 5 and not is_archived order by id limit 1")}
LIST_PATH=${LIST_PATH:-/api/v1/products?category=tents}
FLOOR="http://127.0.0.1:$FLOOR_PORT/plaintext"
PRODUCT="http://127.0.0.1:$WEB_PORT$PRODUCT_PATH"
LIST="http://127.0.0.1:$WEB_PORT$LIST_PATH"

# Each answers 200 JSON and, asked again, comes from the output cache (Age): "cache-hot" is what is measured.
for url in "$PRODUCT" "$LIST"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [[ "$code" == 200 ]] || { echo "$url answered $code" >&2; exit 1; }
  curl -s -D "$OUT/headers.txt" -o /dev/null "$url"
  grep -qi '^age:' "$OUT/headers.txt" || { echo "$url did not come from the output cache" >&2; exit 1; }
done

capacity() { # url name -> requests/s
  wrk -t2 -c"$CONNECTIONS" -d3s "$1" >/dev/null # warm-up: JIT, caches, pools
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" > "$OUT/wrk-$2.txt"
  awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$2.txt"
}
p99_at() { # url rate name -> p99 ms
  local per_worker
  per_worker=$(awk -v r="$2" -v c="$CONNECTIONS" 'BEGIN { printf "%.2f", r / c }')
  hey -z "${DURATION}s" -c "$CONNECTIONS" -q "$per_worker" "$1" > "$OUT/hey-$3.txt"
  awk '/ 99% in / {printf "%.1f", $3 * 1000}' "$OUT/hey-$3.txt"
}
non2xx() { awk '/Non-2xx/ {n=$4} END {print n+0}' "$OUT/wrk-$1.txt"; } # a refused (429) or failed answer is no throughput
achieved() { awk '/Requests\/sec:/ {printf "%.0f", $2}' "$OUT/hey-$1.txt"; }
rate() { awk -v x="$1" 'BEGIN { printf "%.0f", x * 0.75 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

floor=$(capacity "$FLOOR" floor)
product=$(capacity "$PRODUCT" product)
list=$(capacity "$LIST" list)
product_rate=$(rate "$product") list_rate=$(rate "$list")
product_p99=$(p99_at "$PRODUCT" "$product_rate" product)
list_p99=$(p99_at "$LIST" "$list_rate" list)
load=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<TABLE
| endpoint | requests/s (wrk, ${CONNECTIONS} conn, ${DURATION} s) | non-2xx | ratio to floor | target | offered at 75 % | achieved | p99 at 75 % |
|---|---:|---:|---:|---:|---:|---:|---:|
| plaintext floor \`/plaintext\` | $floor | $(non2xx floor) | 1.00 | | | | |
| product \`$PRODUCT_PATH\` (output cache) | $product | $(non2xx product) | $(ratio "$product" "$floor") | ≥ 0.40 | $product_rate | $(achieved product) | $product_p99 ms |
| list page \`$LIST_PATH\` (output cache) | $list | $(non2xx list) | $(ratio "$list" "$floor") | ≥ 0.25 | $list_rate | $(achieved list) | $list_p99 ms |

Load average at the end (1, 5, 15 min): $load.
TABLE
