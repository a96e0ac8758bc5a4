#!/usr/bin/env bash
# Zero-error rolling restart, measured: two Web replicas behind nginx (the ./run.sh topology) on the
# bench platform instance, the Artillery shopper mix (loadtest/run.sh steady: browsing, search, carts, guest
# checkouts, sign-ups, staff stock edits) the whole time, and meanwhile: deploy/local/rolling-restart.sh, then
# kill -9 of one replica (started again at once). Prints the load test's figures and the order-integrity check:
# orders confirmed to the shoppers == orders in the database for the run's e-mails, no duplicate.
#
#   bench/run-rolling-restart.sh [--rate 4] [--duration 150] [--settle 5]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RATE=4
DURATION=150
SETTLE=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
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
"$ROOT/deploy/local/install-deps.sh" postgres redis nginx tools node

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
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

say "starting web-1..web-$WEB_REPLICAS on :$WEB_BASE_PORT.., nginx on :$PORT"
topo_save
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_start "$n"; done
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_wait_ready "$n" 180; done
nginx_render
nginx_start
for path in / /search?q=tent; do curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"; curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path"; done

export LT_RUN_ID="rr$(date -u +%m%d%H%M%S)" LT_JOBS_DLL="$OUT/jobs/PeakShop.Jobs.dll"
say "load: $RATE new shoppers/s through nginx for $DURATION s (Artillery, run $LT_RUN_ID)"
"$ROOT/loadtest/run.sh" steady --rate "$RATE" --duration "$DURATION" --target "http://127.0.0.1:$PORT" \
  --out "$OUT/loadtest" > "$OUT/loadtest.log" 2>&1 &
load_pid=$!
# The load test first crawls the store and creates its staff account; restarts begin once shoppers arrive.
until grep -q 'artillery: steady' "$OUT/loadtest.log" 2>/dev/null; do
  kill -0 "$load_pid" 2>/dev/null || { cat "$OUT/loadtest.log" >&2; echo "the load test did not start" >&2; exit 1; }
  sleep 0.5
done
sleep "$SETTLE"

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

kill -0 "$load_pid" 2>/dev/null || echo "warning: the load test ended before the restarts did; raise --duration" >&2
status=0
wait "$load_pid" || status=$?
load_pid=""

# Order integrity: what the shoppers saw confirmed (number + e-mail per order) against the database.
confirmed="$OUT/loadtest/orders.tsv"
PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -AtF $'\t' \
  -c "select number, email, idempotency_key from orders where email like 'lt-$LT_RUN_ID-%' order by number" > "$OUT/orders-db.tsv"
in_db=$(wc -l < "$OUT/orders-db.tsv")
keys=$(cut -f3 "$OUT/orders-db.tsv" | sort -u | wc -l)
numbers=$(cut -f1 "$OUT/orders-db.tsv" | sort -u | wc -l)
seen=$(cut -f1 "$confirmed" | sort -u | wc -l)
missing=$(comm -23 <(cut -f1 "$confirmed" | sort -u) <(cut -f1 "$OUT/orders-db.tsv" | sort -u) | wc -l)
unconfirmed=$(comm -13 <(cut -f1 "$confirmed" | sort -u) <(cut -f1 "$OUT/orders-db.tsv" | sort -u) | wc -l)
echo
echo "Rolling restart of $WEB_REPLICAS replicas: ${rolling} s; kill -9 of web-$victim to ready again: ${killed} s."
echo
sed -n '/^| target/,/^| apdex/p' "$OUT/loadtest/report.md"
echo
echo "| order integrity | |"
echo "|---|---|"
echo "| orders confirmed to the shoppers | $seen |"
echo "| orders in the database for the run's e-mails | $in_db (distinct idempotency keys $keys, distinct numbers $numbers) |"
echo "| confirmed but not in the database | $missing |"
echo "| in the database but never confirmed | $unconfirmed |"
grep -E '^(ok|fail): ' "$OUT/loadtest/artillery.log" || true
if [[ $status -eq 0 && $missing -eq 0 && $unconfirmed -eq 0 && $in_db -eq $seen && $keys -eq $in_db && $seen -gt 0 ]]; then
  echo "RESULT: OK (no failed shopper, orders in the database == orders confirmed, no duplicates)"
else
  echo "RESULT: FAILED (see $OUT/loadtest/report.md and $OUT/loadtest.log)"
  exit 1
fi
