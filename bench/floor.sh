# "Against the floor": what bench/run-storefront.sh and bench/run-api.sh share, sourced after `cd` to the repository.
# Reads --duration/--connections, starts the bench platform instance (bench/instance.sh), publishes Web, Jobs and
# bench/Plaintext (Release), migrates and seeds, and runs one Web process (Production) and the plaintext floor.
# Then: capacity (wrk, closed loop) and p99 at a fixed rate (hey) of a URL, and the arithmetic of the tables.
#
#   floor_setup <output folder name> [NAME=value ...]   extra environment for the Web process (e.g. a raised limit)
#
# Needs wrk and hey (Debian packages; deploy/local/install-deps.sh installs them when missing).
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
WEB="http://127.0.0.1:$WEB_PORT"
FLOOR="http://127.0.0.1:$FLOOR_PORT/plaintext"
PLATFORM="$ROOT/deploy/local/platform.sh"

floor_setup() {
  OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/$1"
  shift
  mkdir -p "$OUT"
  "$ROOT/deploy/local/install-deps.sh" wrk hey
  pids=()
  trap floor_cleanup EXIT
  "$PLATFORM" start >&2
  eval "$("$PLATFORM" env)"
  echo "building (Release)" >&2
  dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
  dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
  dotnet publish bench/Plaintext/Plaintext.csproj -c Release -o "$OUT/plaintext" --nologo -v quiet >&2
  dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
  dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2
  (cd "$OUT/web" && exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$WEB" Shop__PublicBaseUrl="$WEB" \
    Logging__LogLevel__Default=Warning "$@" dotnet PeakShop.Web.dll) > "$OUT/web.log" 2>&1 &
  pids+=($!)
  (cd "$OUT/plaintext" && ASPNETCORE_URLS="http://127.0.0.1:$FLOOR_PORT" exec dotnet PeakShop.Bench.Plaintext.dll) > "$OUT/plaintext.log" 2>&1 &
  pids+=($!)
  for url in "$WEB/healthz/ready" "$FLOOR"; do
    for _ in $(seq 1 150); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.2; done
  done
}

floor_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}

psql_val() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }

# Capacity: closed loop, as many requests as the machine serves.
capacity() { # url name [header] -> requests/s
  local header=(); [[ -n "${3:-}" ]] && header=(-H "$3")
  wrk -t2 -c"$CONNECTIONS" -d3s "${header[@]}" "$1" >/dev/null # warm-up: JIT, caches, pools
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$1" > "$OUT/wrk-$2.txt"
  awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$2.txt"
}
# Latency at a fixed offered rate (75 % of capacity), from hey's percentiles.
p99_at() { # url rate name [header] -> p99 ms
  local per_worker header=()
  per_worker=$(awk -v r="$2" -v c="$CONNECTIONS" 'BEGIN { printf "%.2f", r / c }')
  [[ -n "${4:-}" ]] && header=(-H "$4")
  hey -z "${DURATION}s" -c "$CONNECTIONS" -q "$per_worker" "${header[@]}" "$1" > "$OUT/hey-$3.txt"
  awk '/ 99% in / {printf "%.1f", $3 * 1000}' "$OUT/hey-$3.txt"
}
non2xx() { awk '/Non-2xx/ {n=$4} END {print n+0}' "$OUT/wrk-$1.txt"; } # a refused (429) or failed answer is no throughput
achieved() { awk '/Requests\/sec:/ {printf "%.0f", $2}' "$OUT/hey-$1.txt"; }
rate() { awk -v x="$1" 'BEGIN { printf "%.0f", x * 0.75 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
