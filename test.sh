#!/usr/bin/env bash
# The whole PeakShop test suite: unit + bUnit, integration (real PostgreSQL primary + standby, real Redis,
# real SMTP server, a real Varnish CDN edge)
# and end-to-end (Playwright on Debian's Chromium). It starts its own platform instance ("test": own
# ports and data, wiped at the start), so it never touches the data of ./run.sh, and stops it at the end.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

export PEAKSHOP_INSTANCE=test
# Every fixed port is below Linux's ephemeral range (32768+, the source ports of outgoing connections) and below the
# range TestPorts hands out (20000-32000): the CDN origin is started and stopped by several test classes, and a
# connection that took its port in between made every CDN test fail with "address in use".
export PG_PRIMARY_PORT=${TEST_PG_PRIMARY_PORT:-16432}
export PG_STANDBY_PORT=${TEST_PG_STANDBY_PORT:-16433}
export REDIS_PORT=${TEST_REDIS_PORT:-17379}
export SMTP_PORT=${TEST_SMTP_PORT:-17025}
export SMTP_UI_PORT=${TEST_SMTP_UI_PORT:-17080}
# The load-test smoke (loadtest/run.sh smoke): nginx on this port, two Web replicas on the next two.
LOADTEST_PORT=${TEST_LOADTEST_PORT:-17190}
# The CDN edge and the port of the origin behind it, where the CDN tests start their own Web process.
export CDN_PORT=${TEST_CDN_PORT:-18081}
export CDN_ORIGIN_PORT=${TEST_CDN_ORIGIN_PORT:-18090}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
PLATFORM="$ROOT/deploy/local/platform.sh"
RESULTS="$ROOT/.local/test/results"
PROJECTS=(tests/Unit.Tests tests/Integration.Tests tests/EndToEnd.Tests)

say() { printf '[test] %s\n' "$*"; }
die() { printf '[test] %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH)"
"$ROOT/deploy/local/install-deps.sh" || die "missing system packages (see above)"

loadtest_stop() {
  [[ -n "${TOPO_DIR:-}" ]] || return 0
  for n in 1 2; do replica_stop "$n" TERM 30 >/dev/null 2>&1 || true; done
  nginx_stop >/dev/null 2>&1 || true
  rm -f "$TOPO_DIR/topology.env"
}
# Web and Jobs processes a test started from this checkout's build for this instance and did not stop (a test host
# that crashed or was killed leaves them under init, holding ports and database connections): gone at the start
# and at the end of a run.
reap_instance_processes() {
  local pid cmd
  for pid in $(pgrep -f 'PeakShop\.(Web|Jobs)\.dll' 2>/dev/null); do
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || continue
    [[ "$cmd" == *"$ROOT/artifacts/"* ]] || continue
    tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "PEAKSHOP_INSTANCE=$PEAKSHOP_INSTANCE" || continue
    kill -9 "$pid" 2>/dev/null && say "stopped a leftover process: $pid ${cmd:0:120}"
  done
  return 0
}
cleanup() { loadtest_stop; reap_instance_processes; "$PLATFORM" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$ROOT/deploy/local/restore-tools.sh" || die "dotnet tool restore failed (dotnet-ef, smtp4dev, kiota)"
say "starting a fresh platform instance (ports $PG_PRIMARY_PORT/$PG_STANDBY_PORT/$REDIS_PORT, smtp $SMTP_PORT/$SMTP_UI_PORT, cdn $CDN_PORT -> $CDN_ORIGIN_PORT)"
reap_instance_processes
"$PLATFORM" destroy >/dev/null || die "could not wipe the previous test instance"
"$PLATFORM" start || die "the platform did not start"
eval "$("$PLATFORM" env)"

say "building App.sln (warnings are errors)"
dotnet build "$ROOT/App.sln" -c Debug --nologo -v quiet || die "build failed"

say "migrating and seeding the test database through the Jobs commands"
dotnet "$ROOT/artifacts/bin/Jobs/debug/PeakShop.Jobs.dll" migrate || die "migrate failed"
dotnet "$ROOT/artifacts/bin/Jobs/debug/PeakShop.Jobs.dll" seed || die "seed failed"
# The hostile-input test posts every form as every role: it works on a copy (FuzzShopFactory), made now, while
# nothing is connected to the seeded database (a template must have no other session).
PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "drop database if exists peakshop_fuzz" -c "create database peakshop_fuzz template peakshop owner peakshop" \
  || die "could not copy the seeded database for the hostile-input test"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
total_passed=0 total_failed=0 total_skipped=0 failed_projects=()
for project in "${PROJECTS[@]}"; do
  name=$(basename "$project")
  say "running $name"
  log="$RESULTS/$name.log"
  dotnet test "$ROOT/$project" --no-build -c Debug --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  trx="$RESULTS/$name.trx"
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)
  if [[ -z "$counters" ]]; then
    say "$name: no test results (crashed or ran no test)"
    total_failed=$((total_failed + 1))
    failed_projects+=("$name")
    continue
  fi
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  passed=$(count passed)
  failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  skipped=$(count notExecuted)
  printf '%s\t%s passed, %s failed, %s skipped\n' "$name" "$passed" "$failed" "$skipped" >> "$RESULTS/summary.tsv"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
  if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
    failed_projects+=("$name")
  fi
done

# The load-test smoke: ~20 s of the Artillery shopper mix (loadtest/scenarios.yml, its smoke thresholds) against
# two Web replicas (the Debug build just tested) behind nginx, rendered by deploy/local/topology.sh as ./run.sh does.
run_loadtest_smoke() (
  export WEB_REPLICAS=2 WEB_BASE_PORT=$((LOADTEST_PORT + 1)) PORT=$LOADTEST_PORT WEB_PUBLISH="$ROOT/artifacts/bin/Web/debug"
  export ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning
  # One client address registers and signs in many times: limits as the other test hosts have (TestRateLimits).
  # shellcheck source=deploy/local/lib/rate-limits.sh
  source "$ROOT/deploy/local/lib/rate-limits.sh"
  lift_rate_limits 1000000
  for n in 1 2; do replica_start "$n" || return 1; done
  for n in 1 2; do replica_wait_ready "$n" 180 || return 1; done
  nginx_render && nginx_start || return 1
  "$ROOT/loadtest/run.sh" smoke --target "http://127.0.0.1:$LOADTEST_PORT" --out "$RESULTS/loadtest-smoke"
)
say "running the load-test smoke (loadtest/run.sh smoke)"
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"
if run_loadtest_smoke 2>&1 | tee "$RESULTS/loadtest-smoke.log"; then
  printf 'loadtest-smoke\t1 passed, 0 failed, 0 skipped\n' >> "$RESULTS/summary.tsv"
  total_passed=$((total_passed + 1))
else
  printf 'loadtest-smoke\t0 passed, 1 failed, 0 skipped (%s)\n' "$RESULTS/loadtest-smoke/report.md" >> "$RESULTS/summary.tsv"
  total_failed=$((total_failed + 1))
  failed_projects+=(loadtest-smoke)
fi
loadtest_stop

echo
say "summary"
while IFS=$'\t' read -r name line; do
  printf '  %-20s %s\n' "$name" "$line"
done < "$RESULTS/summary.tsv"
if [[ ${#failed_projects[@]} -gt 0 ]]; then
  # The failed tests with the start of their messages, last, so the tail of a CI log names them. Only test names
  # (PeakShop.*): application logs say "Failed executing DbCommand" too, and once filled this with SQL.
  for name in "${failed_projects[@]}"; do
    [[ -f "$RESULTS/$name.log" ]] && grep -E -A8 '^\s+Failed PeakShop\.' "$RESULTS/$name.log" | cut -c1-300 | head -80
  done
  for name in "${failed_projects[@]}"; do
    [[ -f "$RESULTS/$name.log" ]] && grep -E '^\s+Failed PeakShop\.' "$RESULTS/$name.log" | sed -E 's/^\s+Failed /  failed: /'
  done
  say "FAILED: ${failed_projects[*]}"
fi
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[[ ${#failed_projects[@]} -eq 0 && $total_failed -eq 0 && $total_passed -gt 0 ]]
