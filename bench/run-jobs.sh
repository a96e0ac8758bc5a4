#!/usr/bin/env bash
# Background jobs benchmark: starts the "bench" platform instance (its own ports), migrates it (Hangfire schema
# included), runs bench/JobsLatency in Release, stops the instance. Arguments go to the app, e.g.:
#   bench/run-jobs.sh --polls 500,100 --jobs 300 --rate 20 --mails 500 --parallel 1,4
# The markdown tables go to stdout, progress to stderr. BENCH_KEEP_PLATFORM=1 leaves the instance running.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
PLATFORM="$REPO_DIR/deploy/local/platform.sh"
PROJECT="$REPO_DIR/bench/JobsLatency/JobsLatency.csproj"

source "$REPO_DIR/bench/instance.sh"

cleanup() {
  local rc=$?
  if [[ "${BENCH_KEEP_PLATFORM:-0}" != 1 ]]; then "$PLATFORM" stop >&2 || true; fi
  exit "$rc"
}

dotnet build "$PROJECT" -c Release -nologo -v quiet >&2
dotnet build "$REPO_DIR/Jobs/Jobs.csproj" -c Release -nologo -v quiet >&2

trap cleanup EXIT
trap 'exit 130' INT TERM
"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
dotnet "$REPO_DIR/artifacts/bin/Jobs/release/PeakShop.Jobs.dll" migrate >&2
dotnet "$REPO_DIR/artifacts/bin/JobsLatency/release/JobsLatency.dll" "$@"
