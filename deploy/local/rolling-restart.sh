#!/usr/bin/env bash
# Restarts every Web replica of the running ./run.sh topology, one at a time, without failing a request:
# take the replica out of nginx (down + graceful reload), let nginx's old workers finish what they sent
# to it, SIGTERM (the replica fails readiness, serves its drain delay, finishes in-flight requests, exits),
# start it again, wait for /healthz/ready, put it back (reload).
#
#   deploy/local/rolling-restart.sh            # the instance of ./run.sh (PEAKSHOP_INSTANCE, default run)
#   PEAKSHOP_INSTANCE=bench deploy/local/rolling-restart.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd -P)"
export PEAKSHOP_INSTANCE=${PEAKSHOP_INSTANCE:-run}
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"
# Connection strings etc. for the restarted replicas: the ones the topology was started with.
set -a
topo_load
set +a

say() { printf '\033[1m[rolling-restart]\033[0m %s %s\n' "$(date +%T.%3N)" "$*"; }

# Leave nginx with every replica in on any exit, even a failed one.
trap 'nginx_render && nginx_reload || true' EXIT

for ((n = 1; n <= WEB_REPLICAS; n++)); do
  start=$SECONDS
  say "web-$n: out of the balancer"
  nginx_render "$n"
  nginx_reload
  nginx_wait_old_workers 30
  say "web-$n: SIGTERM (pid $(replica_pid "$n")); draining"
  replica_stop "$n" TERM 90
  say "web-$n: exited; starting again"
  replica_start "$n"
  replica_wait_ready "$n" 180
  nginx_render
  nginx_reload
  say "web-$n: ready and back in the balancer (pid $(replica_pid "$n"), $((SECONDS - start)) s)"
done
trap - EXIT
say "every replica restarted"
