#!/usr/bin/env bash
# PeakShop local platform: PostgreSQL 15 primary + streaming hot standby + Redis + an SMTP server
# (smtp4dev, a local dotnet tool) + the CDN edge (Varnish in front of the origin on CDN_ORIGIN_PORT),
# all listening on 127.0.0.1 only, one isolated set per named instance.
# This file reads the settings and dispatches the command; each service lives in services/<name>.sh, on the
# process supervision of lib/process.sh (pid files, waiting until a server answers, stopping, status lines).
#
# Usage: deploy/local/platform.sh {start|stop|status|env|start-standby|stop-standby|start-primary|stop-primary|start-redis|stop-redis|start-smtp|stop-smtp|start-varnish|stop-varnish|destroy}
# See deploy/local/README.md for details.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: platform.sh COMMAND

Commands:
  start          start primary, standby (created on first use), redis, smtp and varnish; no-op if running
  stop           stop standby, primary, redis, smtp and varnish; no-op if stopped
  status         one line per service (exit 0 = all running, 3 = something is not running)
  env            print `export ...` lines for eval (connection strings, ports, instance)
  start-primary  start only the PostgreSQL primary
  stop-primary   stop only the PostgreSQL primary (fast shutdown)
  start-standby  start only the PostgreSQL hot standby (creates it from the primary if missing)
  stop-standby   stop only the PostgreSQL hot standby (fast shutdown)
  start-redis    start only redis
  stop-redis     stop only redis
  start-smtp     start only the SMTP server (smtp4dev: SMTP + web UI/API, messages kept in memory)
  stop-smtp      stop only the SMTP server (its messages are gone)
  start-varnish  start only the CDN edge (Varnish on CDN_PORT, origin 127.0.0.1:CDN_ORIGIN_PORT)
  stop-varnish   stop only the CDN edge (its cache is gone)
  destroy        stop everything and delete all data of this instance

Environment:
  PEAKSHOP_INSTANCE (run)  PG_PRIMARY_PORT (55432)  PG_STANDBY_PORT (55433)  REDIS_PORT (56379)
  SMTP_PORT (2525)  SMTP_UI_PORT (5080)  CDN_PORT (8081)  CDN_ORIGIN_PORT (8080: the load balancer)
  PEAKSHOP_PG_ROOT (/var/lib/peakshop, root only)  PEAKSHOP_START_TIMEOUT (60 seconds)
EOF
}

# ----------------------------------------------------------------------------
# Configuration
# ----------------------------------------------------------------------------
SCRIPT_PATH="$(readlink -f "${BASH_SOURCE[0]}")"
SCRIPT_DIR="$(dirname "$SCRIPT_PATH")"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd -P)"

INSTANCE="${PEAKSHOP_INSTANCE:-run}"
PG_PRIMARY_PORT="${PG_PRIMARY_PORT:-55432}"
PG_STANDBY_PORT="${PG_STANDBY_PORT:-55433}"
REDIS_PORT="${REDIS_PORT:-56379}"
SMTP_PORT="${SMTP_PORT:-2525}"
SMTP_UI_PORT="${SMTP_UI_PORT:-5080}"
CDN_PORT="${CDN_PORT:-8081}"
CDN_ORIGIN_PORT="${CDN_ORIGIN_PORT:-8080}"
TIMEOUT="${PEAKSHOP_START_TIMEOUT:-60}"

die() {
  printf 'platform.sh [%s]: ERROR: %s\n' "$INSTANCE" "$*" >&2
  exit 1
}
warn() { printf 'platform.sh [%s]: WARNING: %s\n' "$INSTANCE" "$*" >&2; }
say() { printf '[%s] %s\n' "$INSTANCE" "$*"; }

[[ "$INSTANCE" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$ ]] ||
  die "PEAKSHOP_INSTANCE='$INSTANCE' is invalid (use letters, digits, '_', '-', '.'; max 40 chars)"
for _v in PG_PRIMARY_PORT PG_STANDBY_PORT REDIS_PORT SMTP_PORT SMTP_UI_PORT CDN_PORT CDN_ORIGIN_PORT; do
  if ! [[ "${!_v}" =~ ^[1-9][0-9]{0,4}$ ]] || ! (( ${!_v} >= 1 && ${!_v} <= 65535 )); then
    die "$_v='${!_v}' is not a valid TCP port"
  fi
done
if ! [[ "$TIMEOUT" =~ ^[0-9]+$ ]] || ! (( TIMEOUT > 0 )); then
  die "PEAKSHOP_START_TIMEOUT='$TIMEOUT' must be a positive integer"
fi
if (( PG_PRIMARY_PORT == PG_STANDBY_PORT || PG_PRIMARY_PORT == REDIS_PORT || PG_STANDBY_PORT == REDIS_PORT )); then
  die "PG_PRIMARY_PORT, PG_STANDBY_PORT and REDIS_PORT must all differ"
fi
for _v in PG_PRIMARY_PORT PG_STANDBY_PORT REDIS_PORT; do
  if (( SMTP_PORT == ${!_v} || SMTP_UI_PORT == ${!_v} )); then die "SMTP_PORT and SMTP_UI_PORT must differ from $_v"; fi
done
(( SMTP_PORT != SMTP_UI_PORT )) || die "SMTP_PORT and SMTP_UI_PORT must differ"
for _v in PG_PRIMARY_PORT PG_STANDBY_PORT REDIS_PORT SMTP_PORT SMTP_UI_PORT CDN_ORIGIN_PORT; do
  (( CDN_PORT != ${!_v} )) || die "CDN_PORT must differ from $_v"
done

# libpq environment of the caller (PGHOST, PGUSER, PGSSLMODE, ...) must not leak into our tools.
while read -r _v; do unset "$_v"; done < <(compgen -e | grep -E '^PG[A-Z]' || true)

IS_ROOT=0
[[ "$(id -u)" == 0 ]] && IS_ROOT=1

REPO_KEY="$(printf '%s' "$REPO_DIR" | sha1sum | cut -c1-12)"
LOCAL_BASE="$REPO_DIR/.local"
LOCAL_DIR="$LOCAL_BASE/$INSTANCE"

# The instance's folder; .local/ holds nothing to commit.
ensure_local_dir() {
  mkdir -p "$LOCAL_DIR"
  [[ -e "$LOCAL_BASE/.gitignore" ]] || printf '*\n' > "$LOCAL_BASE/.gitignore"
}

# ----------------------------------------------------------------------------
# Services
# ----------------------------------------------------------------------------
# shellcheck source=lib/process.sh
source "$SCRIPT_DIR/lib/process.sh"
# shellcheck source=services/postgres.sh
source "$SCRIPT_DIR/services/postgres.sh"
# shellcheck source=services/redis.sh
source "$SCRIPT_DIR/services/redis.sh"
# shellcheck source=services/smtp.sh
source "$SCRIPT_DIR/services/smtp.sh"
# shellcheck source=services/varnish.sh
source "$SCRIPT_DIR/services/varnish.sh"

# ----------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------
cmd_status() {
  find_pg_bin
  need_redis
  pg_status primary "$PRIMARY_DATA" "$PG_PRIMARY_PORT"
  pg_status standby "$STANDBY_DATA" "$PG_STANDBY_PORT"
  redis_status
  smtp_status
  varnish_status
  status_all_up || exit 3
}

cmd_env() {
  local hosts="127.0.0.1:$PG_PRIMARY_PORT,127.0.0.1:$PG_STANDBY_PORT"
  cat <<EOF
export ConnectionStrings__Shop="Host=$hosts;Database=$APP_DB;Username=$APP_USER;Password=$APP_PASSWORD"
export ConnectionStrings__Admin="Host=$hosts;Database=postgres;Username=postgres;Password=$SU_PASSWORD"
export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
export PEAKSHOP_PG_PRIMARY_PORT=$PG_PRIMARY_PORT
export PEAKSHOP_PG_STANDBY_PORT=$PG_STANDBY_PORT
export PEAKSHOP_REDIS_PORT=$REDIS_PORT
export Smtp__Host=127.0.0.1
export Smtp__Port=$SMTP_PORT
export PEAKSHOP_SMTP_PORT=$SMTP_PORT
export PEAKSHOP_SMTP_UI_URL="$(smtp_ui_url)"
export PEAKSHOP_CDN_URL="$(varnish_url)"
export PEAKSHOP_CDN_PORT=$CDN_PORT
export PEAKSHOP_CDN_ORIGIN_PORT=$CDN_ORIGIN_PORT
export PEAKSHOP_CDN_WORKDIR="$(varnish_workdir; echo "$VARNISH_WORK")"
export PEAKSHOP_PLATFORM="$SCRIPT_PATH"
export PEAKSHOP_INSTANCE="$INSTANCE"
EOF
}

cmd_destroy() {
  find_pg_bin
  if [[ -d "$PG_ROOT" ]]; then pg_stop_both; fi
  if command -v redis-cli >/dev/null 2>&1 || [[ -f "$REDIS_PIDFILE" ]]; then redis_stop; fi
  smtp_stop
  varnish_stop
  varnish_remove_workdir
  pg_remove_data
  [[ -n "$INSTANCE" && "$LOCAL_DIR" == "$REPO_DIR/.local/"* ]] || die "refusing to delete unexpected path $LOCAL_DIR"
  rm -rf -- "$LOCAL_DIR"
  say "destroyed (all data of instance '$INSTANCE' deleted)"
}

# Serialize state-changing commands per instance (fd 9; closed for daemons we spawn).
take_lock() {
  mkdir -p "$LOCAL_DIR"
  exec 9>>"$LOCAL_DIR/.lock"
  flock -w 300 9 || die "another platform.sh command for instance '$INSTANCE' is still running"
}

# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------
cmd="${1:-}"
case "$cmd" in
  start)
    take_lock
    pg_start_primary
    pg_start_standby
    redis_start
    smtp_start
    varnish_start
    ;;
  stop)
    take_lock
    find_pg_bin
    pg_stop_both
    redis_stop
    smtp_stop
    varnish_stop
    ;;
  start-primary) take_lock; pg_start_primary ;;
  stop-primary) take_lock; pg_stop_primary ;;
  start-standby) take_lock; pg_start_standby ;;
  stop-standby) take_lock; pg_stop_standby ;;
  start-redis) take_lock; redis_start ;;
  stop-redis) take_lock; redis_stop ;;
  start-smtp) take_lock; smtp_start ;;
  stop-smtp) take_lock; smtp_stop ;;
  start-varnish) take_lock; varnish_start ;;
  stop-varnish) take_lock; varnish_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  destroy) take_lock; cmd_destroy ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
