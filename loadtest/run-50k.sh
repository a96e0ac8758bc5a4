#!/usr/bin/env bash
# Many concurrent shoppers on one 2-vCPU box: U open keep-alive connections through nginx to Web replicas, each
# making one request every ~THINK seconds (a random think time, wrk's delay()), the realistic anonymous read mix
# (home, category, product pages, search; served from the page cache once rendered). Reports connections held,
# requests/s, p50/p99/max, errors (non-2xx + socket errors) and the CPU of every tier, from /proc.
#
#   loadtest/run-50k.sh [--users 50000] [--duration 150] [--think 10] [--replicas 2] [--generators 5] [--workers 6]
#
# Runs on a platform instance of its own (bench/instance.sh: PEAKSHOP_INSTANCE, PG_PRIMARY_PORT, ... from the
# environment, default "bench"): publishes Web and Jobs (Release), migrates, seeds, starts the replicas
# (Production) on WEB_BASE_PORT.. and an nginx rendered for the test (from deploy/local/nginx.conf.template: reuseport
# listeners on LT_ADDRESSES loopback addresses, WORKERS workers, worker_connections and worker_rlimit_nofile within
# the 20,000 open files a process may have here) on LB_PORT, and stub_status on LB_PORT+1.
# Widens net.ipv4.ip_local_port_range and the accept backlogs when run as root (restored at the end).
# Writes .local/<instance>/loadtest-50k/<time>/report.md. Exit 0 when p99 < 200 ms and no error.
# LT_SKIP_BUILD=1 reuses the previous Release build (no publish, migrate, seed); WARMUP=S sets the warm-up (45 s).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
USERS=50000 DURATION=150 THINK=10 REPLICAS=2 GENERATORS=5 WORKERS=6 P99_LIMIT_MS=200
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) USERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --think) THINK=$2; shift 2 ;;
    --replicas) REPLICAS=$2; shift 2 ;;
    --generators) GENERATORS=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    *) echo "run-50k.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
ADDRESSES=${LT_ADDRESSES:-5}

source "$ROOT/bench/instance.sh"
export WEB_REPLICAS=$REPLICAS WEB_BASE_PORT=${WEB_BASE_PORT:-41801} PORT=${LB_PORT:-41800}
STATUS_PORT=$((PORT + 99))
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export Shop__PublicBaseUrl=http://127.0.0.1:$PORT
BASE="$ROOT/.local/$PEAKSHOP_INSTANCE/loadtest-50k"
OUT="$BASE/$(date -u +%Y%m%d-%H%M%S)"
PLATFORM="$ROOT/deploy/local/platform.sh"
WEB_PUBLISH="$BASE/web"
mkdir -p "$OUT"
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"
"$ROOT/deploy/local/install-deps.sh" postgres redis nginx tools wrk node
say() { printf '\033[1m[50k]\033[0m %s %s\n' "$(date +%T)" "$*" >&2; }

# Per process: clients / generators and nginx's connections / workers must stay under the open-file limit.
nofile=$(ulimit -Hn)
per_generator=$(( (USERS + GENERATORS - 1) / GENERATORS ))
(( per_generator + 100 < nofile )) || { echo "run-50k.sh: $per_generator connections per generator exceed the open-file limit $nofile; use more --generators" >&2; exit 1; }
worker_files=$(( nofile < 20000 ? nofile - 500 : 19500 ))
(( USERS * 2 / WORKERS < worker_files * 9 / 10 )) || echo "run-50k.sh: warning: $USERS clients over $WORKERS nginx workers is close to $worker_files files per worker" >&2

for port in $(seq "$WEB_BASE_PORT" $((WEB_BASE_PORT + WEB_REPLICAS - 1))) "$PORT" "$STATUS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; set WEB_BASE_PORT / LB_PORT" >&2; exit 1; fi
done

declare -A sysctl_before=()
set_sysctl() {
  local key=$1 value=$2
  [[ $(id -u) == 0 ]] || { echo "run-50k.sh: not root, leaving $key at $(sysctl -n "$key")" >&2; return 0; }
  sysctl_before[$key]=$(sysctl -n "$key")
  sysctl -q -w "$key=$value" || echo "run-50k.sh: could not set $key" >&2
}
generator_pids=()
sampler_pid=""
cleanup() {
  for pid in "${generator_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n "$sampler_pid" ]] && kill "$sampler_pid" 2>/dev/null || true
  for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_stop "$n" TERM 60 || true; done
  nginx_stop || true
  rm -f "$TOPO_DIR/topology.env"
  for key in "${!sysctl_before[@]}"; do sysctl -q -w "$key=${sysctl_before[$key]}" || true; done
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

set_sysctl net.ipv4.ip_local_port_range "1024 65000"
set_sysctl net.core.somaxconn 65535
set_sysctl net.ipv4.tcp_max_syn_backlog 65535

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
if [[ "${LT_SKIP_BUILD:-}" == 1 && -f "$BASE/web/PeakShop.Web.dll" ]]; then
  say "LT_SKIP_BUILD=1: using the previous Release build in $BASE"
else
  say "building (Release)"
  dotnet publish Jobs/Jobs.csproj -c Release -o "$BASE/jobs" --nologo -v quiet >&2
  dotnet publish Web/Web.csproj -c Release -o "$BASE/web" --nologo -v quiet >&2
  dotnet "$BASE/jobs/PeakShop.Jobs.dll" migrate >&2
  dotnet "$BASE/jobs/PeakShop.Jobs.dll" seed >&2
fi

# nginx for the test: the project's template with more workers, reuseport listeners on several loopback addresses
# (each address is another 64k source ports for the clients), deep accept queues, a buffered access log and stub_status.
listens_default="" listens_named=""
for ((a = 1; a <= ADDRESSES; a++)); do
  listens_default+="        listen 127.0.0.$a:@PORT@ default_server reuseport backlog=65535;\\n"
  listens_named+="        listen 127.0.0.$a:@PORT@;\\n"
done
NGINX_TEMPLATE="$OUT/nginx.conf.template"
sed -e "s|^worker_processes 1;|worker_processes $WORKERS;\nworker_rlimit_nofile $worker_files;|" \
  -e "s|worker_connections 1024;|worker_connections $((worker_files - 500));\n    multi_accept on;|" \
  -e "s|^        listen 127.0.0.1:@PORT@ default_server;|${listens_default%\\n}|" \
  -e "s|^        listen 127.0.0.1:@PORT@;|${listens_named%\\n}|" \
  -e "s|access_log @PREFIX@/access.log;|access_log @PREFIX@/access.log combined buffer=256k flush=5s;\n    server { listen 127.0.0.1:$STATUS_PORT; location / { stub_status; access_log off; } }|" \
  -e "s|keepalive 32;|keepalive 256;|" \
  "$ROOT/deploy/local/nginx.conf.template" > "$NGINX_TEMPLATE"

say "starting web-1..web-$WEB_REPLICAS on :$WEB_BASE_PORT.., nginx ($WORKERS workers) on 127.0.0.1-$ADDRESSES:$PORT"
topo_save
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_start "$n"; done
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_wait_ready "$n" 180; done
nginx_render
nginx_start
cp "$NGINX_CONF" "$OUT/nginx.conf"

# The read mix: every path rendered once per replica first (the page cache then serves visitors).
psql_list() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }
mapfile -t categories < <(psql_list "select slug from categories where parent_id is not null order by id limit 40")
mapfile -t products < <(psql_list "select slug from products where not is_archived order by id limit 200")
searches=(tent kettle jacket boots lamp stove rope bag kettel backpak)
{
  echo "/"
  printf '/c/%s\n' "${categories[@]}"
  printf '/p/%s\n' "${products[@]}"
  printf '/search?q=%s\n' "${searches[@]}"
} > "$OUT/paths.txt"
say "warming $(wc -l < "$OUT/paths.txt") pages on every replica"
for ((n = 1; n <= WEB_REPLICAS; n++)); do
  sed "s|^|http://127.0.0.1:$(replica_port "$n")|" "$OUT/paths.txt" | xargs -P 4 -I{} curl -fsS -o /dev/null -H "Host: 127.0.0.1:$PORT" {} \
    || { echo "run-50k.sh: a page failed while warming web-$n" >&2; exit 1; }
done

lua_list() { printf '"%s",' "$@"; }
cat > "$OUT/think.lua" <<LUA
-- One connection = one shopper: a request, then a think time of 0..2*THINK s (mean THINK s), on a kept-alive
-- connection. Mix: 50 % product pages, 25 % category pages, 15 % home, 10 % search.
local products = { $(lua_list "${products[@]/#//p/}") }
local categories = { $(lua_list "${categories[@]/#//c/}") }
local searches = { $(lua_list "${searches[@]/#//search?q=}") }
local headers = { ["Host"] = "127.0.0.1:$PORT", ["Accept"] = "text/html", ["Accept-Encoding"] = "gzip, br" }
-- LT_THINK_MS=0: no think time (the warm-up).
local think_ms = tonumber(os.getenv("LT_THINK_MS") or "$((THINK * 1000))")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0) + tonumber(tostring({}):sub(8), 16) % 100000)
end

function delay()
  return math.random(0, 2 * think_ms)
end

request = function()
  local r = math.random(100)
  local path
  if r <= 50 then path = products[math.random(#products)]
  elseif r <= 75 then path = categories[math.random(#categories)]
  elseif r <= 90 then path = "/"
  else path = searches[math.random(#searches)] end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  if not os.getenv("LT_SUMMARY") then return end
  local out = io.open(os.getenv("LT_SUMMARY"), "w")
  out:write(string.format('{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"min":%d,"max":%d,"mean":%f,"percentiles":[',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout, latency.min, latency.max, latency.mean))
  local ps = {}
  for p = 1, 99 do ps[#ps + 1] = p end
  for _, p in ipairs({ 99.1, 99.2, 99.3, 99.4, 99.5, 99.6, 99.7, 99.8, 99.9, 99.95, 99.99 }) do ps[#ps + 1] = p end
  for i, p in ipairs(ps) do
    out:write(string.format('%s[%s,%d]', i > 1 and "," or "", p, latency:percentile(p)))
  end
  out:write("]}\n")
  out:close()
end
LUA

# Warm-up under load: fresh replicas spend their first minute on tiered JIT compilation; that is not the steady state.
say "warming up: ${WARMUP:-45} s of the mix without think time (64 connections)"
LT_THINK_MS=0 wrk -t2 -c64 -d"${WARMUP:-45}s" -s "$OUT/think.lua" "http://127.0.0.1:$PORT" > "$OUT/warmup.txt" 2>&1
grep -q "Non-2xx" "$OUT/warmup.txt" && { cat "$OUT/warmup.txt" >&2; echo "run-50k.sh: errors while warming up" >&2; exit 1; }
sleep 5

# CPU time (ticks) of a set of processes and all their descendants.
descendants() { local p; for p in "$@"; do echo "$p"; descendants $(pgrep -P "$p" || true); done; }
listener_pids() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; }
ticks() { local p sum=0 t; for p in $(descendants "$@"); do t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); sum=$((sum + t)); done; echo "$sum"; }
declare -A tier_pids=()
tier_pids[nginx]=$(nginx_pid)
tier_pids[web]=$(for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_pid "$n"; done | paste -sd' ')
tier_pids[postgresql]=$( (listener_pids "$PG_PRIMARY_PORT"; listener_pids "$PG_STANDBY_PORT") | paste -sd' ')
tier_pids[redis]=$(listener_pids "$REDIS_PORT" | paste -sd' ')
machine() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }

# Sampler: established connections to nginx (ss) and nginx's own count (stub_status) every 2 s.
(
  while true; do
    held=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
    active=$(curl -fsS --max-time 2 "http://127.0.0.1:$STATUS_PORT/" 2>/dev/null | awk '/Active connections/ {print $3}')
    echo "$(date +%s) $held ${active:-0}"
    sleep 2
  done
) > "$OUT/connections.txt" &
sampler_pid=$!

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "load: $USERS connections ($GENERATORS wrk processes), a request every ~${THINK}s each, ${DURATION}s"
declare -A before=()
for tier in "${!tier_pids[@]}"; do before[$tier]=$(ticks ${tier_pids[$tier]}); done
machine_before=$(machine)
# The generators are this shell's children: their CPU time is what `times` adds up for waited-for children.
times > "$OUT/times-before"
started=$(date +%s.%N)
for ((g = 1; g <= GENERATORS; g++)); do
  address=127.0.0.$(( (g - 1) % ADDRESSES + 1 ))
  LT_SUMMARY="$OUT/wrk-$g.json" wrk -t2 -c"$per_generator" -d"${DURATION}s" --timeout 5s -s "$OUT/think.lua" \
    "http://$address:$PORT" > "$OUT/wrk-$g.txt" 2>&1 &
  generator_pids+=($!)
done
status=0
for pid in "${generator_pids[@]}"; do wait "$pid" || status=1; done
generator_pids=()
times > "$OUT/times-after"
finished=$(date +%s.%N)
machine_after=$(machine)
declare -A after=()
for tier in "${!tier_pids[@]}"; do after[$tier]=$(ticks ${tier_pids[$tier]}); done
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

hz=$(getconf CLK_TCK)
elapsed=$(awk -v a="$started" -v b="$finished" 'BEGIN { print b - a }')
{
  for tier in nginx web postgresql redis; do
    awk -v t="$tier" -v d=$(( after[$tier] - before[$tier] )) -v hz="$hz" -v s="$elapsed" 'BEGIN { if (d < 0) printf "%s exited\n", t; else printf "%s %.1f\n", t, 100 * d / hz / s }'
  done
  child_seconds() { tail -n 1 "$1" | awk '{ split($1, u, /[ms]/); split($2, k, /[ms]/); print u[1] * 60 + u[2] + k[1] * 60 + k[2] }'; }
  awk -v t=generators -v a="$(child_seconds "$OUT/times-before")" -v b="$(child_seconds "$OUT/times-after")" -v s="$elapsed" 'BEGIN { printf "%s %.1f\n", t, 100 * (b - a) / s }'
  # Busy share of all CPUs in % of one core: 200 is a 2-CPU machine fully busy.
  echo "$machine_before $machine_after" | awk -v cpus="$(nproc)" '{ printf "machine %.1f\n", 100 * cpus * ($3 - $1) / ($4 - $2) }'
} > "$OUT/cpu.txt"

node "$HERE/lib/report-50k.mjs" "$OUT" --users "$USERS" --think "$THINK" --duration "$DURATION" --replicas "$WEB_REPLICAS" \
  --generators "$GENERATORS" --workers "$WORKERS" --addresses "$ADDRESSES" --load "$load_before" --load-after "$load_after" \
  --p99-limit "$P99_LIMIT_MS" || status=1
echo "report: $OUT/report.md" >&2
exit "$status"
