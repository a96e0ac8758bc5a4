#!/usr/bin/env bash
# Replica scaling: requests/s of the storefront mix with 1, 2 and 3 Web replicas behind nginx (the ./run.sh
# topology, deploy/local/topology.sh), and the cost of the load-balancer hop: replica 1 measured directly and
# through nginx with only replica 1 behind it. Every replica runs during every measurement (only nginx's config
# changes), so the rows differ in routing, not in what else is alive. Bench platform instance.
#
#   bench/run-replica-scaling.sh [--duration 15] [--connections 32]
#
# The mix (wrk + a Lua script): home, a category, three products, a search; every other request carries a cart
# cookie (rendered per shopper) and the rest are visitors (page cache). Needs wrk (Debian package).
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
export WEB_REPLICAS=3 WEB_BASE_PORT=${WEB_BASE_PORT:-58181} PORT=${LB_PORT:-58190}
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
# Production requires the public URL (absolute links); the load balancer is the public address here.
export Shop__PublicBaseUrl=http://127.0.0.1:$PORT
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench-scaling"
PLATFORM="$ROOT/deploy/local/platform.sh"
WEB_PUBLISH="$OUT/web"
mkdir -p "$OUT"
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"
"$ROOT/deploy/local/install-deps.sh" postgres redis nginx tools wrk

say() { printf '\033[1m[bench]\033[0m %s %s\n' "$(date +%T)" "$*" >&2; }
cleanup() {
  for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_stop "$n" TERM 60 || true; done
  nginx_stop || true
  rm -f "$TOPO_DIR/topology.env"
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

for port in $(seq "$WEB_BASE_PORT" $((WEB_BASE_PORT + WEB_REPLICAS - 1))) "$PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; set WEB_BASE_PORT / LB_PORT" >&2; exit 1; fi
done

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
say "building (Release)"
dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

say "starting web-1..web-$WEB_REPLICAS on :$WEB_BASE_PORT.., nginx on :$PORT"
topo_save
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_start "$n"; done
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_wait_ready "$n" 180; done

psql_list() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }
paths=("/" "/c/$(psql_list "select slug from categories where parent_id is not null order by id limit 1")")
while read -r slug; do paths+=("/p/$slug"); done < <(psql_list "select slug from products where stock > 5 and not is_archived order by id limit 3")
paths+=("/search?q=tent")
lua_paths=$(printf '"%s",' "${paths[@]}")
cat > "$OUT/mix.lua" <<LUA
local paths = { ${lua_paths%,} }
local i = 0
request = function()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  if i % 2 == 0 then
    return wrk.format("GET", path, { ["Cookie"] = "ps_cart=bench-shopper" })
  end
  return wrk.format("GET", path)
end
LUA

busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
# base URL, label -> one table row: requests/s, p50/p99, non-2xx, CPU busy, load average before the run
measure() {
  local base=$1 label=$2 before after load rps
  for path in "${paths[@]}"; do curl -fsS -o /dev/null "$base$path" || { echo "$base$path failed" >&2; exit 1; }; done
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$OUT/mix.lua" "$base" >/dev/null # warm-up: JIT, caches, pools
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  before=$(busy)
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/mix.lua" "$base" > "$OUT/wrk-$label.txt"
  after=$(busy)
  rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/wrk-$label.txt")
  echo "$rps" > "$OUT/rps-$label"
  printf '%s|%s|%s|%s|%s|%s\n' "$rps" \
    "$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$label.txt")" "$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$label.txt")" \
    "$(awk '/Non-2xx/ {print $NF} END {}' "$OUT/wrk-$label.txt" | grep . || echo 0)" \
    "$(echo "$before $after" | awk '{ printf "%.0f", 100 * ($3 - $1) / ($4 - $2) }')" "$load"
}

# Every replica warmed directly first (JIT tiers, page cache, HybridCache, pools): a cold first row would
# otherwise measure start-up, not routing (a first version of this script showed the direct row 4x slower).
for ((n = 1; n <= WEB_REPLICAS; n++)); do
  say "warming web-$n"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-10}s" -s "$OUT/mix.lua" "http://127.0.0.1:$(replica_port "$n")" >/dev/null
done

rows=()
say "replica 1 directly"
rows+=("web-1 directly (no balancer)|$(measure "http://127.0.0.1:$(replica_port 1)" direct)")
for n in 1 2 3; do
  say "nginx over $n replica(s)"
  WEB_REPLICAS=$n nginx_render
  if topo_pid_alive "$(nginx_pid)"; then nginx_reload; nginx_wait_old_workers 10; else nginx_start; fi
  rows+=("nginx over $n replica(s)|$(measure "http://127.0.0.1:$PORT" "lb$n")")
done

# The same row again at the end: how much the machine drifted while the others ran.
say "replica 1 directly, again"
rows+=("web-1 directly, again (drift check)|$(measure "http://127.0.0.1:$(replica_port 1)" direct-again)")

ratio() { awk -v a="$(cat "$OUT/rps-$1")" -v b="$(cat "$OUT/rps-$2")" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "Storefront mix (${#paths[@]} pages, half with a cart cookie), wrk -t2 -c$CONNECTIONS, ${DURATION} s per row, $(nproc) CPUs."
echo
echo "| topology | requests/s | p50 | p99 | non-2xx | CPU busy % | load avg before (1/5/15 min) |"
echo "|---|---:|---:|---:|---:|---:|---|"
for row in "${rows[@]}"; do echo "| ${row//|/ | } |"; done
echo
echo "Through nginx / direct (1 replica): $(ratio lb1 direct) (against the second direct run: $(ratio lb1 direct-again)). 2 replicas / 1: $(ratio lb2 lb1). 3 replicas / 1: $(ratio lb3 lb1)."
