#!/usr/bin/env bash
# The whole PeakShop test suite: unit + bUnit, integration (real PostgreSQL primary + standby, real Redis,
# real SMTP server, a real Varnish CDN edge)
# and end-to-end (Playwright on Debian's Chromium). It starts its own platform instance ("test": own
# ports and data, wiped at the start), so it never touches the data of ./run.sh, and stops it at the end.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

export PEAKSHOP_INSTANCE=test
export PG_PRIMARY_PORT=${TEST_PG_PRIMARY_PORT:-56432}
export PG_STANDBY_PORT=${TEST_PG_STANDBY_PORT:-56433}
export REDIS_PORT=${TEST_REDIS_PORT:-57379}
export SMTP_PORT=${TEST_SMTP_PORT:-57025}
export SMTP_UI_PORT=${TEST_SMTP_UI_PORT:-57080}
# The CDN edge and the port of the origin behind it, where the CDN tests start their own Web process.
export CDN_PORT=${TEST_CDN_PORT:-58081}
export CDN_ORIGIN_PORT=${TEST_CDN_ORIGIN_PORT:-58090}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
PLATFORM="$ROOT/deploy/local/platform.sh"
RESULTS="$ROOT/.local/test/results"
PROJECTS=(tests/Unit.Tests tests/Integration.Tests tests/EndToEnd.Tests)

say() { printf '[test] %s\n' "$*"; }
die() { printf '[test] %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH)"
"$ROOT/deploy/local/install-deps.sh" || die "missing system packages (see above)"

cleanup() { "$PLATFORM" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dotnet tool restore >/dev/null || die "dotnet tool restore failed (dotnet-ef, smtp4dev)"
say "starting a fresh platform instance (ports $PG_PRIMARY_PORT/$PG_STANDBY_PORT/$REDIS_PORT, smtp $SMTP_PORT/$SMTP_UI_PORT, cdn $CDN_PORT -> $CDN_ORIGIN_PORT)"
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

echo
say "summary"
while IFS=$'\t' read -r name line; do
  printf '  %-20s %s\n' "$name" "$line"
done < "$RESULTS/summary.tsv"
if [[ ${#failed_projects[@]} -gt 0 ]]; then
  say "FAILED: ${failed_projects[*]}"
fi
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[[ ${#failed_projects[@]} -eq 0 && $total_failed -eq 0 && $total_passed -gt 0 ]]
