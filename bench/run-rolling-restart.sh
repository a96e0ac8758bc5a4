#!/usr/bin/env bash
# Zero-error rolling restart, measured: two Web replicas behind nginx (the ./run.sh topology) on the
# bench platform instance, virtual shoppers browsing and checking out (bench/LoadGen) the whole time,
# and meanwhile: deploy/local/rolling-restart.sh, then kill -9 of one replica (started again at once).
# Prints the load generator's report: requests, failed requests, orders confirmed vs. in the database.
#
#   bench/run-rolling-restart.sh [--shoppers 6] [--settle 5]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHOPPERS=6
SETTLE=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shoppers) SHOPPERS=$2; shift 2 ;;
    --settle) SETTLE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/instance.sh"
export WEB_REPLICAS=2 WEB_BASE_PORT=${WEB_BASE_PORT:-53081} PORT=${LB_PORT:-53090}
# The edge in front of this script's load balancer.
export CDN_ORIGIN_PORT=$PORT
export ASPNETCORE_ENVIRONMENT=Production
# Production requires the public URL (absolute links); the load balancer is the public address here.
export Shop__PublicBaseUrl=http://127.0.0.1:$PORT
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench-rolling"
PLATFORM="$ROOT/deploy/local/platform.sh"
WEB_PUBLISH="$OUT/web"
mkdir -p "$OUT"
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"
"$ROOT/deploy/local/install-deps.sh" postgres redis nginx tools

say() { printf '\033[1m[bench]\033[0m %s %s\n' "$(date +%T.%3N)" "$*" >&2; }
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_stop "$n" TERM 60 || true; done
  nginx_stop || true
  rm -f "$TOPO_DIR/topology.env"
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
say "building (Release)"
dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
dotnet publish bench/LoadGen/LoadGen.csproj -c Release -o "$OUT/loadgen" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

say "starting web-1..web-$WEB_REPLICAS on :$WEB_BASE_PORT.., nginx on :$PORT"
topo_save
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_start "$n"; done
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_wait_ready "$n" 180; done
nginx_render
nginx_start
for path in / /search?q=tent; do curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"; curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"; done

stop_file="$OUT/stop"
rm -f "$stop_file"
say "load: $SHOPPERS shoppers through nginx until the scenario ends"
dotnet "$OUT/loadgen/PeakShop.Bench.LoadGen.dll" --url "http://127.0.0.1:$PORT" --shoppers "$SHOPPERS" \
  --duration 600 --stop-file "$stop_file" --db "$ConnectionStrings__Shop" > "$OUT/report.md" 2> "$OUT/loadgen.log" &
load_pid=$!
sleep "$SETTLE"
kill -0 "$load_pid" 2>/dev/null || { cat "$OUT/loadgen.log" >&2; echo "the load generator did not start" >&2; exit 1; }

say "rolling restart"
started=$SECONDS
PEAKSHOP_INSTANCE=$PEAKSHOP_INSTANCE "$ROOT/deploy/local/rolling-restart.sh" >&2
rolling=$((SECONDS - started))
sleep "$SETTLE"

victim=1
say "kill -9 web-$victim (pid $(replica_pid $victim)) under load; starting it again at once"
started=$SECONDS
kill -KILL "$(replica_pid $victim)"
while topo_pid_alive "$(replica_pid $victim)"; do sleep 0.05; done
replica_start "$victim"
replica_wait_ready "$victim" 180
killed=$((SECONDS - started))
say "web-$victim back after ${killed} s"
sleep "$SETTLE"

touch "$stop_file"
status=0
wait "$load_pid" || status=$?
load_pid=""
echo
echo "Rolling restart of $WEB_REPLICAS replicas: ${rolling} s; kill -9 of web-$victim to ready again: ${killed} s."
echo
cat "$OUT/report.md"
grep -E 'failure|never confirmed|sending the same form' "$OUT/loadgen.log" >&2 || true
exit "$status"
