#!/usr/bin/env bash
# Replication lag benchmark: starts the "bench" platform instance (its own ports, so it doesn't
# collide with the dev or test instances), runs bench/ReplicationLag in Release, stops the instance.
# Arguments are passed to the app, e.g.:
#   bench/run-replication-lag.sh --duration 20 --writers 4,16
#   bench/run-replication-lag.sh --duration 20 --writers 4 --rate 500
# The markdown tables go to stdout, progress to stderr.
# BENCH_KEEP_PLATFORM=1 leaves the instance running; BENCH_DESTROY=1 deletes its data afterwards.
# BENCH_CPUS (default 0) pins the benchmark client to these CPUs with taskset (PostgreSQL stays unpinned);
# BENCH_CPUS= (empty) runs it unpinned. See bench/README.md for why.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
PLATFORM="$REPO_DIR/deploy/local/platform.sh"
PROJECT="$REPO_DIR/bench/ReplicationLag/ReplicationLag.csproj"

source "$REPO_DIR/bench/instance.sh"

cleanup() {
  local rc=$?
  if [[ "${BENCH_KEEP_PLATFORM:-0}" != 1 ]]; then
    if [[ "${BENCH_DESTROY:-0}" == 1 ]]; then
      "$PLATFORM" destroy >&2 || true
    else
      "$PLATFORM" stop >&2 || true
    fi
  fi
  exit "$rc"
}

# Build first so compiler output doesn't mix with the results.
dotnet build "$PROJECT" -c Release -nologo -v quiet >&2

trap cleanup EXIT
trap 'exit 130' INT TERM
"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"

cd "$REPO_DIR"
pin=()
cpus="${BENCH_CPUS-0}"
if [[ -n "$cpus" ]]; then
  if command -v taskset >/dev/null 2>&1 && (( $(nproc) > 1 )); then
    pin=(taskset -c "$cpus")
    echo "client pinned to CPU(s) $cpus" >&2
  else
    echo "not pinning the client (taskset missing or a single CPU)" >&2
  fi
fi
"${pin[@]}" dotnet run --no-build -c Release --project bench/ReplicationLag -- "$@"
