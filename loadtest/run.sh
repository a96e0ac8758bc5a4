#!/usr/bin/env bash
# PeakShop load test (Artillery): the shopper mix against a running store, thresholds that fail the run, and a
# report (markdown + SVG latency plots) in the output folder.
#
#   loadtest/run.sh smoke|full|spike [--target URL] [--out DIR]
#   loadtest/run.sh steady --duration S --rate R [--target URL] [--out DIR]
#
#   steady    R new shoppers per second for S seconds, no latency thresholds, no failed shopper allowed (for
#             bench/run-rolling-restart.sh: restarts under load); LT_RUN_ID names the run (e-mails lt-<id>-...)
#   --target  the store (default http://127.0.0.1:8080, ./run.sh's nginx)
#   --out     where the JSON results and the report go (default .local/loadtest/<mode>-<time>)
#
# The staff scenario signs in as a staff account: LT_STAFF_EMAIL + LT_STAFF_PASSWORD, or else one is created for the
# run with the Jobs create-staff command on the store's database (platform instance PEAKSHOP_INSTANCE, default
# "run"; the Jobs build from LT_JOBS_DLL, ./run.sh's publish folder or the Debug build). The signed-in scenario
# registers accounts and signs in from one address: start the store with the rate limits lifted (as
# bench/instance.sh does), or the run fails with 429s. Exit status: 0 when every check passed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
MODE=${1:-}
[[ "$MODE" =~ ^(smoke|full|spike|steady)$ ]] || { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
shift
TARGET=http://127.0.0.1:8080
RUN_ID=${LT_RUN_ID:-$(date -u +%m%d%H%M%S)}
OUT="" DURATION=120 RATE=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --target) TARGET=${2%/}; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$ROOT/.local/loadtest/$MODE-$RUN_ID}
mkdir -p "$OUT"
say() { printf '\033[1m[loadtest]\033[0m %s\n' "$*" >&2; }

# Node and the pinned Artillery (package-lock.json), installed on first use.
command -v node >/dev/null && command -v npm >/dev/null || { echo "run.sh: node and npm are required (deploy/local/install-deps.sh node)" >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>18||(a===18&&b>=16)?0:1)' \
  || { echo "run.sh: Node $(node --version) is too old; Artillery 2.0.21 needs >= 18.16" >&2; exit 1; }
stamp="$HERE/node_modules/.installed-lock"
if [[ ! -x "$HERE/node_modules/.bin/artillery" ]] || ! cmp -s "$HERE/package-lock.json" "$stamp"; then
  say "installing Artillery (npm ci)"
  # No install scripts: they would download a Chromium for Artillery's Playwright engine, which this suite does not use.
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
  cp "$HERE/package-lock.json" "$stamp"
fi

curl -fsS -o /dev/null --max-time 10 "$TARGET/" || { echo "run.sh: the store does not answer at $TARGET/" >&2; exit 1; }

# A staff account for the staff scenario.
if [[ -z "${LT_STAFF_EMAIL:-}" || -z "${LT_STAFF_PASSWORD:-}" ]]; then
  if [[ -z "${ConnectionStrings__Shop:-}" ]]; then
    export PEAKSHOP_INSTANCE=${PEAKSHOP_INSTANCE:-run}
    eval "$("$ROOT/deploy/local/platform.sh" env)" \
      || { echo "run.sh: set LT_STAFF_EMAIL and LT_STAFF_PASSWORD, or run against a local platform instance" >&2; exit 1; }
  fi
  jobs_dll=${LT_JOBS_DLL:-}
  for candidate in "$ROOT/.local/${PEAKSHOP_INSTANCE:-run}/publish/jobs/PeakShop.Jobs.dll" "$ROOT/artifacts/bin/Jobs/debug/PeakShop.Jobs.dll"; do
    [[ -z "$jobs_dll" && -f "$candidate" ]] && jobs_dll=$candidate
  done
  [[ -n "$jobs_dll" ]] || { echo "run.sh: no Jobs build to create a staff account with; set LT_STAFF_EMAIL/LT_STAFF_PASSWORD or LT_JOBS_DLL" >&2; exit 1; }
  export LT_STAFF_EMAIL="lt-staff-$RUN_ID@peakshop.local"
  LT_STAFF_PASSWORD="Lt-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-9a!"
  export LT_STAFF_PASSWORD
  password=$LT_STAFF_PASSWORD dotnet "$jobs_dll" create-staff --email "$LT_STAFF_EMAIL" --role Staff >"$OUT/create-staff.log" 2>&1 \
    || { tail -n 5 "$OUT/create-staff.log" >&2; echo "run.sh: could not create the staff account (instance ${PEAKSHOP_INSTANCE:-?}, log $OUT/create-staff.log)" >&2; exit 1; }
fi

say "crawling $TARGET for categories, products and searches"
node "$HERE/lib/prepare.mjs" "$TARGET" "$HERE/data" >&2

export LT_RUN_ID=$RUN_ID LT_TARGET=$TARGET LT_ORDERS_FILE="$OUT/orders.tsv"
: > "$LT_ORDERS_FILE"
script=scenarios.yml
if [[ "$MODE" == smoke ]]; then
  # The smoke gives every scenario the same weight, so each of them runs within its 20 s.
  script=.smoke.yml
  sed -E 's/^(    weight: )[0-9]+/\11/' "$HERE/scenarios.yml" > "$HERE/$script"
fi
environment=(--environment "$MODE")
if [[ "$MODE" == steady ]]; then
  [[ "$DURATION" =~ ^[0-9]+$ && "$RATE" =~ ^[0-9.]+$ ]] || { echo "run.sh: --duration and --rate must be numbers" >&2; exit 2; }
  environment=(--overrides "{\"config\":{\"phases\":[{\"name\":\"steady\",\"duration\":$DURATION,\"arrivalRate\":$RATE}],\"ensure\":{\"maxErrorRate\":0}}}")
fi
say "artillery: $MODE against $TARGET (run $RUN_ID, output $OUT)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
(cd "$HERE" && NO_COLOR=1 node_modules/.bin/artillery run "$script" "${environment[@]}" --target "$TARGET" \
  --output "$OUT/results.json") 2>&1 | tee "$OUT/artillery.log" || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[[ -f "$OUT/results.json" ]] && node "$HERE/lib/report.mjs" "$OUT/results.json" "$OUT" --mode "$MODE" --target "$TARGET" --run "$RUN_ID" \
  --load "$load_before" --load-after "$load_after" --log "$OUT/artillery.log" --orders "$LT_ORDERS_FILE" >&2 || { [[ $status -ne 0 ]] || status=1; }
if grep -q 'http.codes.429' "$OUT/artillery.log"; then
  say "the store answered 429 (rate limits): start it with the limits lifted, as bench/instance.sh does"
fi
say "report: $OUT/report.md"
if [[ $status -ne 0 ]]; then say "FAILED (a threshold, the error budget or a request failed; see $OUT/artillery.log)"; else say "passed"; fi
exit "$status"
