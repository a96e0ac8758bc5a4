#!/usr/bin/env bash
# PeakShop local platform: PostgreSQL 15 primary + streaming hot standby + Redis + an SMTP server
# (smtp4dev, a local dotnet tool) + the CDN edge (Varnish in front of the origin on CDN_ORIGIN_PORT),
# all listening on 127.0.0.1 only, one isolated set per named instance.
#
# Usage: deploy/local/platform.sh {start|stop|status|env|start-standby|stop-standby|start-primary|stop-primary|start-redis|stop-redis|start-smtp|stop-smtp|start-varnish|stop-varnish|destroy}
# See deploy/local/README.md for details.
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

SLOT_NAME="standby1"
SU_PASSWORD="postgres"
APP_USER="peakshop"
APP_PASSWORD="peakshop"
APP_DB="peakshop"
REPL_USER="replicator"
REPL_PASSWORD="replicator"

die() {
  printf 'platform.sh [%s]: ERROR: %s\n' "$INSTANCE" "$*" >&2
  exit 1
}
warn() { printf 'platform.sh [%s]: WARNING: %s\n' "$INSTANCE" "$*" >&2; }
say() { printf '[%s] %s\n' "$INSTANCE" "$*"; }

[[ "$INSTANCE" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$ ]] ||
  die "PEAKSHOP_INSTANCE='$INSTANCE' is invalid (use letters, digits, '_', '-', '.'; max 40 chars)"
for _v in PG_PRIMARY_PORT PG_STANDBY_PORT REDIS_PORT SMTP_PORT SMTP_UI_PORT CDN_PORT CDN_ORIGIN_PORT; do
  [[ "${!_v}" =~ ^[1-9][0-9]{0,4}$ ]] && (( ${!_v} >= 1 && ${!_v} <= 65535 )) ||
    die "$_v='${!_v}' is not a valid TCP port"
done
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] && (( TIMEOUT > 0 )) || die "PEAKSHOP_START_TIMEOUT='$TIMEOUT' must be a positive integer"
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
REDIS_DIR="$LOCAL_DIR/redis"
REDIS_DATA="$REDIS_DIR/data"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
SMTP_DIR="$LOCAL_DIR/smtp"
SMTP_PIDFILE="$SMTP_DIR/smtp4dev.pid"
SMTP_LOG="$SMTP_DIR/smtp4dev.log"
VARNISH_DIR="$LOCAL_DIR/varnish"
VARNISH_VCL="$VARNISH_DIR/default.vcl"
VARNISH_PIDFILE="$VARNISH_DIR/varnishd.pid"
VARNISH_LOG="$VARNISH_DIR/varnishd.log"
VARNISH_TEMPLATE="$SCRIPT_DIR/varnish.vcl.template"
# varnishd's working directory (shared memory log, compiled VCL). As root, varnishd drops privileges to
# its own users, which must reach it: under .local/<instance> when that path is traversable by others,
# else under PEAKSHOP_PG_ROOT (like PostgreSQL's files; the repo may live under /root).
VARNISH_WORK="$VARNISH_DIR/work"

if (( IS_ROOT )); then
  # PostgreSQL refuses to run as root, and the repo may live under /root (not traversable by
  # the postgres user), so PostgreSQL's files live outside the repo; .local/<instance>/pg links there.
  PG_ROOT_BASE="${PEAKSHOP_PG_ROOT:-/var/lib/peakshop}"
  PG_ROOT="$PG_ROOT_BASE/$REPO_KEY-$INSTANCE"
else
  PG_ROOT="$LOCAL_DIR/pg"
fi
PRIMARY_DATA="$PG_ROOT/primary"
STANDBY_DATA="$PG_ROOT/standby"
PG_LOG_DIR="$PG_ROOT/log"
PRIMARY_LOG="$PG_LOG_DIR/primary.log"
STANDBY_LOG="$PG_LOG_DIR/standby.log"
BOOTSTRAP_MARKER="$PG_ROOT/.primary-bootstrapped"
SOCK_DIR="$PG_ROOT/run"
# Unix socket paths are limited to 107 bytes ("/.s.PGSQL.NNNNN.lock" adds 20).
if (( ${#SOCK_DIR} + 20 > 100 )); then
  SOCK_DIR="/tmp/peakshop-$(id -u)-$REPO_KEY-$INSTANCE"
fi

PG_BIN=""
find_pg_bin() {
  [[ -n "$PG_BIN" ]] && return 0
  local d
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
    PG_BIN=/usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null 2>&1 && d="$(pg_config --bindir 2>/dev/null)" && [[ -x "$d/initdb" ]]; then
    PG_BIN="$d"
  else
    die "PostgreSQL server binaries not found (/usr/lib/postgresql/15/bin or pg_config --bindir). Run deploy/local/install-deps.sh"
  fi
  for d in initdb pg_ctl pg_basebackup postgres psql pg_isready; do
    [[ -x "$PG_BIN/$d" ]] || die "$PG_BIN/$d is missing. Run deploy/local/install-deps.sh"
  done
}

need_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ||
    die "redis-server/redis-cli not found. Run deploy/local/install-deps.sh"
}

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------
now_ms() { local t="${EPOCHREALTIME//[.,]/}"; echo $(( t / 1000 )); }

# True if pid $1 exists and is not a zombie (PID 1 in containers may reap orphans late).
pid_alive() {
  local s
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
  s="${s##*) }"
  [[ "${s:0:1}" != Z && "${s:0:1}" != X ]]
}

# Run a command as the PostgreSQL OS user (postgres when we are root, else ourselves).
# fd 9 (the instance lock) is closed so daemons don't inherit it.
pg_run() {
  if (( IS_ROOT )); then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- "$@" 9>&-)
    else
      (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")" 9>&-)
    fi
  else
    "$@" 9>&-
  fi
}

# Write stdin to a file as the PostgreSQL OS user (mode 0600).
pg_write() { pg_run /bin/sh -c 'umask 077 && cat > "$1"' sh "$1"; }

# psql as superuser over the unix socket (trust); extra args are passed on.
pg_psql() {
  local port="$1"; shift
  pg_run "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$port" -U postgres -d postgres "$@"
}
# Single value (tuples only, unaligned).
pg_val() { pg_psql "$1" -At -c "$2" 2>/dev/null; }

conf_quote() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }

tail_log() {
  local f="$1"
  if [[ -r "$f" ]]; then
    printf -- '----- last 30 lines of %s -----\n' "$f" >&2
    tail -n 30 "$f" >&2 || true
    printf -- '-----\n' >&2
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port_free() {
  local port="$1" what="$2" var="$3"
  if port_in_use "$port"; then
    local who=""
    if command -v ss >/dev/null 2>&1; then
      who="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n 3 || true)"
    fi
    die "127.0.0.1:$port (needed for the $what of instance '$INSTANCE') is already in use by another process." \
      "Stop that process or choose another port, e.g. $var=<port>.${who:+
$who}"
  fi
}

# ----------------------------------------------------------------------------
# Directories
# ----------------------------------------------------------------------------
ensure_dirs() {
  mkdir -p "$LOCAL_DIR"
  [[ -e "$LOCAL_BASE/.gitignore" ]] || printf '*\n' > "$LOCAL_BASE/.gitignore"
  if (( IS_ROOT )); then
    getent passwd postgres >/dev/null || die "OS user 'postgres' does not exist (install postgresql via deploy/local/install-deps.sh)"
    if [[ ! -d "$PG_ROOT_BASE" ]]; then
      mkdir -p "$PG_ROOT_BASE" && chmod 755 "$PG_ROOT_BASE"
    fi
    if [[ ! -d "$PG_ROOT" ]]; then
      mkdir -m 700 "$PG_ROOT"
      chown postgres:postgres "$PG_ROOT"
    fi
    pg_run test -w "$PG_ROOT" ||
      die "the postgres user cannot write $PG_ROOT; set PEAKSHOP_PG_ROOT to a directory the postgres user can reach"
    if [[ -L "$LOCAL_DIR/pg" || ! -e "$LOCAL_DIR/pg" ]]; then
      [[ "$(readlink "$LOCAL_DIR/pg" 2>/dev/null)" == "$PG_ROOT" ]] || ln -sfn "$PG_ROOT" "$LOCAL_DIR/pg"
    fi
  else
    mkdir -p -m 700 "$PG_ROOT"
  fi
  [[ -d "$PG_LOG_DIR" ]] || pg_run mkdir -p -m 700 "$PG_LOG_DIR"
  if [[ ! -d "$SOCK_DIR" ]]; then
    pg_run mkdir -p -m 700 "$SOCK_DIR"
  fi
}

# ----------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------
pg_pid() { [[ -r "$1/postmaster.pid" ]] && head -n 1 "$1/postmaster.pid" 2>/dev/null; }
pg_pid_port() { sed -n '4p' "$1/postmaster.pid" 2>/dev/null; }

# True if the postmaster of data dir $1 is alive (pg_ctl status plus a check that the
# pid really is that postmaster, so a recycled pid after kill -9 is not mistaken for it).
pg_is_running() {
  local d="$1" pid cwd real
  [[ -f "$d/PG_VERSION" ]] || return 1
  pg_run "$PG_BIN/pg_ctl" status -D "$d" >/dev/null 2>&1 || return 1
  pid="$(pg_pid "$d")" || return 1
  pid_alive "$pid" || return 1
  if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)"; then
    real="$(readlink -f "$d")"
    [[ "$cwd" == "$real" ]] || return 1
  else
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]] || return 1
  fi
}

# After a crash (kill -9 of the postmaster) its children may linger for a moment and keep the
# shared memory attached, which blocks a restart. Wait for them; clear a recycled-pid lock file.
pg_cleanup_stale() {
  local d="$1" real pid left deadline
  [[ -f "$d/postmaster.pid" ]] || return 0
  real="$(readlink -f "$d")"
  deadline=$(( $(now_ms) + 10000 ))
  while :; do
    left="$(find /proc/[0-9]*/cwd -maxdepth 0 -lname "$real" 2>/dev/null | head -n 20 || true)"
    [[ -z "$left" ]] && break
    if (( $(now_ms) > deadline )); then
      for pid in $(sed -E 's#^/proc/([0-9]+)/cwd$#\1#' <<<"$left"); do
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]] && kill -9 "$pid" 2>/dev/null || true
      done
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  pid="$(pg_pid "$d" || true)"
  if [[ "$pid" =~ ^[0-9]+$ && -d "/proc/$pid" ]]; then
    # The pid is alive but (per pg_is_running) is not our postmaster: the lock file is stale.
    pg_run rm -f "$d/postmaster.pid"
  fi
}

# The unix socket lock file of a crashed postmaster names its pid; PostgreSQL only treats it as
# stale when that pid is gone, not when it is a zombie or was recycled. Remove it in those cases.
pg_cleanup_socket_lock() {
  local lock="$SOCK_DIR/.s.PGSQL.$1.lock" pid
  [[ -f "$lock" ]] || return 0
  pid="$(head -n 1 "$lock" 2>/dev/null || true)"
  if ! pid_alive "$pid" || [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != postgres ]]; then
    pg_run rm -f "$lock" "$SOCK_DIR/.s.PGSQL.$1"
  fi
}

pg_wait_ready() {
  local name="$1" port="$2" log="$3" deadline
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  until pg_run "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1; do
    if (( $(now_ms) > deadline )); then
      tail_log "$log"
      die "$name did not accept connections on 127.0.0.1:$port within ${TIMEOUT}s"
    fi
    sleep 0.1
  done
}

write_managed_conf() { # datadir role
  local d="$1" role="$2"
  {
    echo "# Managed by deploy/local/platform.sh - rewritten on every start. Do not edit."
    echo "listen_addresses = '127.0.0.1'"
    if [[ "$role" == primary ]]; then
      echo "port = $PG_PRIMARY_PORT"
    else
      echo "port = $PG_STANDBY_PORT"
    fi
    echo "unix_socket_directories = $(conf_quote "$SOCK_DIR")"
    echo "cluster_name = 'peakshop-$INSTANCE-$role'"
    if [[ "$role" == standby ]]; then
      echo "hot_standby = on"
      echo "primary_conninfo = 'host=127.0.0.1 port=$PG_PRIMARY_PORT user=$REPL_USER password=$REPL_PASSWORD application_name=$SLOT_NAME'"
      echo "primary_slot_name = '$SLOT_NAME'"
      echo "wal_retrieve_retry_interval = '500ms'"
    fi
  } | pg_write "$d/peakshop.local.conf"
}

pick_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

init_primary() {
  if [[ -f "$PRIMARY_DATA/PG_VERSION" ]]; then
    local v; v="$(cat "$PRIMARY_DATA/PG_VERSION")"
    [[ "$v" == "$("$PG_BIN/postgres" -V | sed -E 's/^[^0-9]*([0-9]+).*/\1/')" ]] ||
      die "$PRIMARY_DATA was created by PostgreSQL $v but $PG_BIN is a different major version; run 'destroy' first"
    return 0
  fi
  [[ -e "$PRIMARY_DATA" ]] && pg_run rm -rf "$PRIMARY_DATA"   # leftover of an interrupted initdb
  rm -f "$BOOTSTRAP_MARKER"
  local pwfile="$PG_ROOT/.pwfile" loc out
  loc="$(pick_locale)"
  printf '%s\n' "$SU_PASSWORD" | pg_write "$pwfile"
  say "primary: initializing data directory (initdb, locale $loc)"
  if ! out="$(pg_run "$PG_BIN/initdb" -D "$PRIMARY_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
              -E UTF8 --locale="$loc" --pwfile="$pwfile" 2>&1)"; then
    pg_run rm -f "$pwfile"
    pg_run rm -rf "$PRIMARY_DATA"
    printf '%s\n' "$out" | tail -n 30 >&2
    die "initdb failed"
  fi
  pg_run rm -f "$pwfile"
  pg_run /bin/sh -c 'cat >> "$1"' sh "$PRIMARY_DATA/postgresql.conf" <<'EOF'

# ---------------------------------------------------------------------------
# PeakShop local platform (deploy/local/platform.sh)
# ---------------------------------------------------------------------------
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
max_connections = 300
shared_buffers = 128MB
fsync = on
synchronous_commit = on
logging_collector = off
# listen_addresses, port, unix_socket_directories (and on the standby primary_conninfo)
# come from this file, which platform.sh rewrites on every start:
include_if_exists = 'peakshop.local.conf'
EOF
  pg_write "$PRIMARY_DATA/pg_hba.conf" <<'EOF'
# PeakShop local platform (deploy/local/platform.sh)
# TYPE  DATABASE     USER  ADDRESS        METHOD
local   all          all                  trust
host    all          all   127.0.0.1/32   scram-sha-256
host    replication  all   127.0.0.1/32   scram-sha-256
EOF
}

bootstrap_primary() {
  [[ -f "$BOOTSTRAP_MARKER" ]] && return 0
  pg_psql "$PG_PRIMARY_PORT" -f - <<EOF >/dev/null || { tail_log "$PRIMARY_LOG"; die "could not create roles/database on the primary"; }
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') THEN
    CREATE ROLE $APP_USER LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$REPL_USER') THEN
    CREATE ROLE $REPL_USER REPLICATION LOGIN PASSWORD '$REPL_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $APP_DB OWNER $APP_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$APP_DB')\gexec
EOF
  if [[ "$(pg_val "$PG_PRIMARY_PORT" "select count(*) from pg_available_extensions where name = 'pg_trgm'")" != 1 ]]; then
    warn "extension pg_trgm is not available (install postgresql-contrib via deploy/local/install-deps.sh)"
  fi
  say "primary: created roles $APP_USER, $REPL_USER and database $APP_DB"
  touch "$BOOTSTRAP_MARKER"
}

# start_pg NAME DATADIR PORT LOG PORTVAR
start_pg() {
  local name="$1" d="$2" port="$3" log="$4" var="$5" rport out
  if pg_is_running "$d"; then
    rport="$(pg_pid_port "$d")"
    [[ "$rport" == "$port" ]] ||
      die "$name is running on port $rport, not $port ($var); run 'platform.sh stop' first, then start again"
    pg_wait_ready "$name" "$port" "$log"
    say "$name: already running (127.0.0.1:$port)"
    return 0
  fi
  pg_cleanup_stale "$d"
  check_port_free "$port" "PostgreSQL $name" "$var"
  [[ -d "$SOCK_DIR" ]] || pg_run mkdir -p -m 700 "$SOCK_DIR"
  pg_cleanup_socket_lock "$port"
  write_managed_conf "$d" "$name"
  if ! out="$(pg_run "$PG_BIN/pg_ctl" start -D "$d" -l "$log" -w -t "$TIMEOUT" -s 2>&1)"; then
    [[ -n "$out" ]] && printf '%s\n' "$out" >&2
    tail_log "$log"
    die "$name failed to start on 127.0.0.1:$port (log: $log)"
  fi
  pg_wait_ready "$name" "$port" "$log"
  say "$name: started (127.0.0.1:$port)"
}

# stop_pg NAME DATADIR
stop_pg() {
  local name="$1" d="$2" pid
  if ! pg_is_running "$d"; then
    say "$name: already stopped"
    return 0
  fi
  pid="$(pg_pid "$d")"
  if ! pg_run "$PG_BIN/pg_ctl" stop -D "$d" -m fast -w -t "$TIMEOUT" -s >/dev/null 2>&1; then
    warn "$name: fast shutdown did not finish in ${TIMEOUT}s, trying immediate shutdown"
    if ! pg_run "$PG_BIN/pg_ctl" stop -D "$d" -m immediate -w -t 10 -s >/dev/null 2>&1; then
      warn "$name: killing postmaster pid $pid"
      kill -9 "$pid" 2>/dev/null || true
      pg_cleanup_stale "$d"
    fi
  fi
  say "$name: stopped"
}

start_primary() {
  find_pg_bin
  ensure_dirs
  init_primary
  start_pg primary "$PRIMARY_DATA" "$PG_PRIMARY_PORT" "$PRIMARY_LOG" PG_PRIMARY_PORT
  bootstrap_primary
  # A running standby reconnects by itself; wait for it so callers get a consistent state.
  if pg_is_running "$STANDBY_DATA"; then
    wait_streaming soft
  fi
}

create_standby() {
  pg_is_running "$PRIMARY_DATA" ||
    die "cannot create the standby: the primary is not running (run 'start' or 'start-primary' first)"
  local slot tmp="$PG_ROOT/standby.tmp" out
  slot="$(pg_val "$PG_PRIMARY_PORT" "select coalesce((select active::text from pg_replication_slots where slot_name = '$SLOT_NAME'), 'none')")" ||
    die "could not query replication slots on the primary"
  case "$slot" in
    true) die "replication slot $SLOT_NAME on the primary is in use by another connection" ;;
    false) pg_val "$PG_PRIMARY_PORT" "select pg_drop_replication_slot('$SLOT_NAME')" >/dev/null ||
             die "could not drop stale replication slot $SLOT_NAME" ;;
  esac
  say "standby: creating it from the primary (pg_basebackup, slot $SLOT_NAME)"
  pg_run rm -rf "$tmp"
  if ! out="$(pg_run env PGPASSWORD="$REPL_PASSWORD" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" \
              -U "$REPL_USER" -D "$tmp" -R -X stream -S "$SLOT_NAME" -C --checkpoint=fast 2>&1)"; then
    printf '%s\n' "$out" | tail -n 30 >&2
    pg_run rm -rf "$tmp"
    die "pg_basebackup failed"
  fi
  # primary_conninfo / primary_slot_name are kept in peakshop.local.conf (rewritten on each start,
  # so port changes are picked up); -R put them into postgresql.auto.conf, which would win.
  pg_run sed -i -e '/^primary_conninfo/d' -e '/^primary_slot_name/d' "$tmp/postgresql.auto.conf"
  [[ -f "$tmp/standby.signal" ]] || printf '' | pg_write "$tmp/standby.signal"
  pg_run mv "$tmp" "$STANDBY_DATA"
}

# wait_streaming [soft]: wait until the standby's WAL receiver streams from the primary.
wait_streaming() {
  local mode="${1:-hard}" deadline st
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while :; do
    st="$(pg_val "$PG_STANDBY_PORT" "select status from pg_stat_wal_receiver" || true)"
    [[ "$st" == streaming ]] && return 0
    if (( $(now_ms) > deadline )); then
      tail_log "$STANDBY_LOG"
      [[ "$mode" == soft ]] && { warn "standby is not streaming from the primary yet (receiver: ${st:-none})"; return 0; }
      die "standby did not start streaming from the primary within ${TIMEOUT}s (receiver: ${st:-none})"
    fi
    sleep 0.1
  done
}

start_standby() {
  find_pg_bin
  ensure_dirs
  if pg_is_running "$STANDBY_DATA"; then
    start_pg standby "$STANDBY_DATA" "$PG_STANDBY_PORT" "$STANDBY_LOG" PG_STANDBY_PORT
    return 0
  fi
  local primary_up=0 ws
  pg_is_running "$PRIMARY_DATA" && primary_up=1
  if [[ -f "$STANDBY_DATA/PG_VERSION" ]]; then
    if [[ ! -f "$STANDBY_DATA/standby.signal" ]]; then
      if (( primary_up )); then
        say "standby: data directory is no longer a standby (promoted?) - recreating it"
        pg_cleanup_stale "$STANDBY_DATA"
        pg_run rm -rf "$STANDBY_DATA"
      else
        die "standby data directory is no longer a standby (promoted?); start the primary so it can be recreated"
      fi
    elif (( primary_up )); then
      ws="$(pg_val "$PG_PRIMARY_PORT" "select coalesce((select wal_status from pg_replication_slots where slot_name = '$SLOT_NAME'), 'missing')" || true)"
      if [[ "$ws" == missing || "$ws" == lost ]]; then
        say "standby: replication slot $SLOT_NAME is $ws on the primary - recreating the standby"
        pg_cleanup_stale "$STANDBY_DATA"
        pg_run rm -rf "$STANDBY_DATA"
      fi
    fi
  elif [[ -e "$STANDBY_DATA" ]]; then
    pg_run rm -rf "$STANDBY_DATA"
  fi
  [[ -f "$STANDBY_DATA/PG_VERSION" ]] || create_standby
  start_pg standby "$STANDBY_DATA" "$PG_STANDBY_PORT" "$STANDBY_LOG" PG_STANDBY_PORT
  if pg_is_running "$PRIMARY_DATA"; then
    wait_streaming
  else
    warn "standby started but the primary is down; it will stream once the primary is started"
  fi
}

stop_primary() { find_pg_bin; stop_pg primary "$PRIMARY_DATA"; }
stop_standby() { find_pg_bin; stop_pg standby "$STANDBY_DATA"; }

# ----------------------------------------------------------------------------
# Redis
# ----------------------------------------------------------------------------
redis_file_pid() {
  local pid
  [[ -s "$REDIS_PIDFILE" ]] || return 1
  read -r pid < "$REDIS_PIDFILE" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  echo "$pid"
}
# Is $1 alive and a redis-server working in our data dir?
redis_pid_ours() {
  local pid="$1" cwd
  pid_alive "$pid" || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == redis-server ]] || return 1
  if cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)"; then
    [[ "$cwd" == "$(readlink -f "$REDIS_DATA")" ]] || return 1
  fi
}
# pid of the redis answering on our port (empty if none)
redis_port_pid() {
  timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" INFO server 2>/dev/null |
    sed -n 's/^process_id:\([0-9]*\).*/\1/p' || true
}
redis_is_running() {
  local pid
  pid="$(redis_file_pid)" || return 1
  redis_pid_ours "$pid" || return 1
  [[ "$(redis_port_pid)" == "$pid" ]]
}

redis_wait_ready() {
  local deadline pid
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  until redis_is_running; do
    if (( $(now_ms) > deadline )); then
      tail_log "$REDIS_LOG"
      die "redis did not answer on 127.0.0.1:$REDIS_PORT within ${TIMEOUT}s (log: $REDIS_LOG)"
    fi
    if pid="$(redis_file_pid)" && ! pid_alive "$pid"; then
      tail_log "$REDIS_LOG"
      die "redis exited right after starting (log: $REDIS_LOG)"
    fi
    sleep 0.1
  done
}

start_redis() {
  need_redis
  if redis_is_running; then
    say "redis: already running (127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  local pid
  if pid="$(redis_file_pid)" && redis_pid_ours "$pid"; then
    # Our process exists but does not answer (yet): loading its AOF, or started on another port.
    if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q ":$REDIS_PORT\b"; then
      die "redis (pid $pid) of this instance runs on another port than $REDIS_PORT; run 'platform.sh stop' first, then start again"
    fi
    redis_wait_ready
    say "redis: already running (127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  check_port_free "$REDIS_PORT" "Redis server" REDIS_PORT
  mkdir -p "$REDIS_DATA"
  rm -f "$REDIS_PIDFILE"
  cat > "$REDIS_CONF" <<EOF
# Managed by deploy/local/platform.sh - rewritten on every start. Do not edit.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
supervised no
pidfile "$REDIS_PIDFILE"
logfile "$REDIS_LOG"
loglevel notice
dir "$REDIS_DATA"
appendonly yes
appendfsync everysec
save ""
# Full memory evicts the keys that expire soonest (cache entries, rate-limit counters), never carts first (ADR 15).
maxmemory ${REDIS_MAXMEMORY:-256mb}
maxmemory-policy volatile-ttl
maxmemory-samples 10
EOF
  local out
  if ! out="$(cd "$REDIS_DIR" && redis-server "$REDIS_CONF" 2>&1 9>&-)"; then
    [[ -n "$out" ]] && printf '%s\n' "$out" >&2
    tail_log "$REDIS_LOG"
    die "redis-server failed to start"
  fi
  redis_wait_ready
  say "redis: started (127.0.0.1:$REDIS_PORT)"
}

stop_redis() {
  local pid deadline
  if ! pid="$(redis_file_pid)" || ! redis_pid_ours "$pid"; then
    rm -f "$REDIS_PIDFILE"
    say "redis: already stopped"
    return 0
  fi
  if command -v redis-cli >/dev/null 2>&1 && [[ "$(redis_port_pid)" == "$pid" ]]; then
    timeout 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" SHUTDOWN >/dev/null 2>&1 || true
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while pid_alive "$pid"; do
    if (( $(now_ms) > deadline )); then
      warn "redis (pid $pid) did not stop in ${TIMEOUT}s; killing it"
      kill -9 "$pid" 2>/dev/null || true
      sleep 0.1
      break
    fi
    if (( $(now_ms) > deadline - TIMEOUT * 500 )); then kill -TERM "$pid" 2>/dev/null || true; fi
    sleep 0.05
  done
  rm -f "$REDIS_PIDFILE"
  say "redis: stopped"
}

# ----------------------------------------------------------------------------
# SMTP (smtp4dev, a local dotnet tool from .config/dotnet-tools.json; messages in memory)
# ----------------------------------------------------------------------------
smtp_ui_url() { echo "http://127.0.0.1:$SMTP_UI_PORT"; }
smtp_file_pid() {
  local pid
  [[ -s "$SMTP_PIDFILE" ]] || return 1
  read -r pid < "$SMTP_PIDFILE" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  echo "$pid"
}
# Is $1 alive and the smtp4dev launcher of this instance (started in our directory)?
smtp_pid_ours() {
  local pid="$1" cwd
  pid_alive "$pid" || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'smtp4dev' || return 1
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || return 1
  [[ "$cwd" == "$(readlink -f "$SMTP_DIR")" ]]
}
smtp_answers() {
  port_in_use "$SMTP_PORT" && curl -fsS -o /dev/null --max-time 3 "$(smtp_ui_url)/api/messages?pageSize=1" 2>/dev/null
}
smtp_is_running() {
  local pid
  pid="$(smtp_file_pid)" || return 1
  smtp_pid_ours "$pid" || return 1
  smtp_answers
}

start_smtp() {
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: smtp4dev is a dotnet tool (install the .NET 10 SDK)"
  command -v curl >/dev/null 2>&1 || die "curl not found. Run deploy/local/install-deps.sh"
  if smtp_is_running; then
    say "smtp: already running (smtp 127.0.0.1:$SMTP_PORT, mail UI $(smtp_ui_url))"
    return 0
  fi
  local pid deadline
  if pid="$(smtp_file_pid)" && smtp_pid_ours "$pid"; then
    if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--smtpport=$SMTP_PORT "; then
      die "smtp4dev (pid $pid) of this instance runs on another port than $SMTP_PORT; run 'platform.sh stop-smtp' first, then start again"
    fi
  else
    # A stale pid file (killed process, reboot) or none: start a new server.
    rm -f "$SMTP_PIDFILE"
    check_port_free "$SMTP_PORT" "SMTP server" SMTP_PORT
    check_port_free "$SMTP_UI_PORT" "SMTP web UI" SMTP_UI_PORT
    mkdir -p "$SMTP_DIR/config"
    (cd "$REPO_DIR" && dotnet tool restore >"$SMTP_DIR/tool-restore.log" 2>&1 9>&-) || {
      tail_log "$SMTP_DIR/tool-restore.log"; die "dotnet tool restore failed (smtp4dev)"; }
    # Own session (process group), so stop reaches the launcher and the server it runs.
    # --db= keeps messages in memory: a stop or destroy wipes them.
    (cd "$SMTP_DIR" && XDG_CONFIG_HOME="$SMTP_DIR/config" exec setsid dotnet tool run smtp4dev \
        --smtpport="$SMTP_PORT" --urls="$(smtp_ui_url)" --bindaddress=127.0.0.1 --hostname=localhost \
        --db= --imapport= --pop3port= --nousersettings --messagestokeep=100000 --sessionstokeep=1000 \
        </dev/null >"$SMTP_LOG" 2>&1 9>&- &
      echo $! > "$SMTP_PIDFILE")
  fi
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  until smtp_is_running; do
    if (( $(now_ms) > deadline )); then
      tail_log "$SMTP_LOG"
      die "smtp4dev did not answer on 127.0.0.1:$SMTP_PORT / $(smtp_ui_url) within ${TIMEOUT}s (log: $SMTP_LOG)"
    fi
    if pid="$(smtp_file_pid)" && ! pid_alive "$pid"; then
      tail_log "$SMTP_LOG"
      die "smtp4dev exited right after starting (log: $SMTP_LOG)"
    fi
    sleep 0.1
  done
  say "smtp: started (smtp 127.0.0.1:$SMTP_PORT, mail UI $(smtp_ui_url))"
}

stop_smtp() {
  local pid deadline
  if ! pid="$(smtp_file_pid)" || ! smtp_pid_ours "$pid"; then
    rm -f "$SMTP_PIDFILE"
    say "smtp: already stopped"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while pid_alive "$pid" || port_in_use "$SMTP_PORT"; do
    if (( $(now_ms) > deadline )); then
      warn "smtp4dev (pid $pid) did not stop in ${TIMEOUT}s; killing it"
      kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
      sleep 0.1
      break
    fi
    sleep 0.05
  done
  rm -f "$SMTP_PIDFILE"
  say "smtp: stopped"
}

# ----------------------------------------------------------------------------
# Varnish (the CDN edge in front of the origin on CDN_ORIGIN_PORT; its cache lives in memory)
# ----------------------------------------------------------------------------
VARNISHD=""
need_varnish() {
  [[ -n "$VARNISHD" ]] && return 0
  if command -v varnishd >/dev/null 2>&1; then VARNISHD="$(command -v varnishd)"
  elif [[ -x /usr/sbin/varnishd ]]; then VARNISHD=/usr/sbin/varnishd
  else die "varnishd not found. Run deploy/local/install-deps.sh"
  fi
}
varnish_url() { echo "http://127.0.0.1:$CDN_PORT/"; }
varnish_render() { sed -e "s/@ORIGIN_HOST@/127.0.0.1/g" -e "s/@ORIGIN_PORT@/$CDN_ORIGIN_PORT/g" "$VARNISH_TEMPLATE"; }
varnish_file_pid() {
  local pid
  [[ -s "$VARNISH_PIDFILE" ]] || return 1
  read -r pid < "$VARNISH_PIDFILE" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  echo "$pid"
}
# Where varnishd keeps its working directory: recorded at start, so stop and status find the same one.
varnish_workdir() {
  if [[ -s "$VARNISH_DIR/workdir" ]]; then read -r VARNISH_WORK < "$VARNISH_DIR/workdir"; fi
}
# Is $1 alive and the varnishd (management process) of this instance?
varnish_pid_ours() {
  local pid="$1"
  pid_alive "$pid" || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == varnishd ]] || return 1
  tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$VARNISH_WORK"
}
varnish_answers() { curl -fsS -o /dev/null --max-time 3 "$(varnish_url)varnish-health" 2>/dev/null; }
varnish_is_running() {
  local pid
  varnish_workdir
  pid="$(varnish_file_pid)" || return 1
  varnish_pid_ours "$pid" || return 1
  varnish_answers
}

start_varnish() {
  need_varnish
  command -v curl >/dev/null 2>&1 || die "curl not found. Run deploy/local/install-deps.sh"
  if varnish_is_running; then
    if tr '\0' ' ' < "/proc/$(varnish_file_pid)/cmdline" 2>/dev/null | grep -q -- "127.0.0.1:$CDN_PORT " &&
       varnish_render | cmp -s - "$VARNISH_VCL"; then
      say "varnish: already running ($(varnish_url) -> origin 127.0.0.1:$CDN_ORIGIN_PORT)"
      return 0
    fi
    say "varnish: running with other ports or an older VCL; restarting it"
    stop_varnish
  fi
  local pid
  # Ours but not answering (hung, or half started): the cache is disposable, start afresh.
  if pid="$(varnish_file_pid)" && varnish_pid_ours "$pid"; then stop_varnish; fi
  rm -f "$VARNISH_PIDFILE"
  check_port_free "$CDN_PORT" "CDN edge (Varnish)" CDN_PORT
  mkdir -p "$VARNISH_DIR"
  local jail=()
  VARNISH_WORK="$VARNISH_DIR/work"
  if (( IS_ROOT )); then
    # varnishd drops privileges to vcache/varnish, which must reach its working directory.
    if ! runuser -u vcache -- test -x "$VARNISH_DIR" 2>/dev/null; then
      VARNISH_WORK="${PEAKSHOP_PG_ROOT:-/var/lib/peakshop}/$REPO_KEY-$INSTANCE-varnish"
      mkdir -p "$(dirname "$VARNISH_WORK")" && chmod 755 "$(dirname "$VARNISH_WORK")"
    fi
  else
    # Without root there is no one to drop privileges to.
    jail=(-j none)
  fi
  printf '%s\n' "$VARNISH_WORK" > "$VARNISH_DIR/workdir"
  varnish_render > "$VARNISH_VCL"
  local out
  # http_gzip_support=off: Varnish neither gunzips nor rewrites Accept-Encoding, so the origin's
  # Brotli and gzip variants are cached side by side (the VCL normalizes Accept-Encoding).
  if ! out="$("$VARNISHD" -a "127.0.0.1:$CDN_PORT" -f "$VARNISH_VCL" -n "$VARNISH_WORK" -P "$VARNISH_PIDFILE" \
        -s "malloc,${CDN_CACHE_SIZE:-128m}" -T 127.0.0.1:0 -p http_gzip_support=off "${jail[@]}" \
        </dev/null 2>&1 9>&-)"; then
    printf '%s\n' "$out" > "$VARNISH_LOG"
    tail_log "$VARNISH_LOG"
    die "varnishd failed to start"
  fi
  printf '%s\n' "$out" > "$VARNISH_LOG"
  local deadline
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  until varnish_is_running; do
    if (( $(now_ms) > deadline )); then
      tail_log "$VARNISH_LOG"
      die "varnish did not answer on $(varnish_url) within ${TIMEOUT}s (log: $VARNISH_LOG)"
    fi
    if pid="$(varnish_file_pid)" && ! pid_alive "$pid"; then
      tail_log "$VARNISH_LOG"
      die "varnishd exited right after starting (log: $VARNISH_LOG)"
    fi
    sleep 0.1
  done
  say "varnish: started ($(varnish_url) -> origin 127.0.0.1:$CDN_ORIGIN_PORT)"
}

stop_varnish() {
  local pid deadline
  varnish_workdir
  if ! pid="$(varnish_file_pid)" || ! varnish_pid_ours "$pid"; then
    rm -f "$VARNISH_PIDFILE"
    say "varnish: already stopped"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while pid_alive "$pid"; do
    if (( $(now_ms) > deadline )); then
      warn "varnishd (pid $pid) did not stop in ${TIMEOUT}s; killing it"
      kill -9 "$pid" 2>/dev/null || true
      sleep 0.1
      break
    fi
    sleep 0.05
  done
  rm -f "$VARNISH_PIDFILE"
  say "varnish: stopped"
}

# ----------------------------------------------------------------------------
# status / env
# ----------------------------------------------------------------------------
STATUS_ALL_UP=1
status_pg() { # name datadir port
  local name="$1" d="$2" port="$3" line
  if [[ ! -f "$d/PG_VERSION" ]]; then
    printf '%-8s not created (127.0.0.1:%s)\n' "$name" "$port"; STATUS_ALL_UP=0; return
  fi
  if ! pg_is_running "$d"; then
    printf '%-8s stopped     (127.0.0.1:%s)\n' "$name" "$port"; STATUS_ALL_UP=0; return
  fi
  line="$(printf '%-8s running     (127.0.0.1:%s, pid %s)' "$name" "$(pg_pid_port "$d")" "$(pg_pid "$d")")"
  if [[ "$name" == standby ]]; then
    local s p=""
    s="$(pg_val "$PG_STANDBY_PORT" "select pg_is_in_recovery()::text || ' ' || coalesce((select status from pg_stat_wal_receiver), 'disconnected') || ' ' || pg_is_wal_replay_paused()::text || ' ' || greatest(coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0), 0)::bigint::text" || true)"
    if pg_is_running "$PRIMARY_DATA"; then
      p="$(pg_val "$PG_PRIMARY_PORT" "select coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint::text || ' ' || coalesce(round(extract(epoch from replay_lag)::numeric, 3), 0)::text from pg_stat_replication where application_name = '$SLOT_NAME' limit 1" || true)"
    fi
    if [[ -n "$s" ]]; then
      local rec recv paused pend
      read -r rec recv paused pend <<<"$s"
      [[ "$rec" == true ]] && line+=" hot-standby" || line+=" NOT-IN-RECOVERY"
      line+=" receiver=$recv"
      if [[ -n "$p" ]]; then
        local lagb lags
        read -r lagb lags <<<"$p"
        line+=" replay_lag=${lagb}B/${lags}s"
      else
        line+=" replay_lag=n/a(primary not connected) pending_replay=${pend}B"
      fi
      [[ "$paused" == true ]] && line+=" (replay paused)"
    else
      line+=" (not accepting connections)"
    fi
  fi
  echo "$line"
}

status_redis() {
  local pid
  if redis_is_running; then
    printf '%-8s running     (127.0.0.1:%s, pid %s)\n' redis "$REDIS_PORT" "$(redis_file_pid)"
  elif pid="$(redis_file_pid)" && redis_pid_ours "$pid"; then
    printf '%-8s unhealthy   (pid %s alive but not answering on 127.0.0.1:%s)\n' redis "$pid" "$REDIS_PORT"; STATUS_ALL_UP=0
  else
    printf '%-8s stopped     (127.0.0.1:%s)\n' redis "$REDIS_PORT"; STATUS_ALL_UP=0
  fi
}

status_smtp() {
  local pid
  if smtp_is_running; then
    printf '%-8s running     (127.0.0.1:%s, mail UI %s, pid %s)\n' smtp "$SMTP_PORT" "$(smtp_ui_url)" "$(smtp_file_pid)"
  elif pid="$(smtp_file_pid)" && smtp_pid_ours "$pid"; then
    printf '%-8s unhealthy   (pid %s alive but not answering on 127.0.0.1:%s)\n' smtp "$pid" "$SMTP_PORT"; STATUS_ALL_UP=0
  else
    printf '%-8s stopped     (127.0.0.1:%s)\n' smtp "$SMTP_PORT"; STATUS_ALL_UP=0
  fi
}

status_varnish() {
  local pid
  if varnish_is_running; then
    printf '%-8s running     (%s -> origin 127.0.0.1:%s, pid %s)\n' varnish "$(varnish_url)" "$CDN_ORIGIN_PORT" "$(varnish_file_pid)"
  elif pid="$(varnish_file_pid)" && varnish_pid_ours "$pid"; then
    printf '%-8s unhealthy   (pid %s alive but not answering on %s)\n' varnish "$pid" "$(varnish_url)"; STATUS_ALL_UP=0
  else
    printf '%-8s stopped     (%s)\n' varnish "$(varnish_url)"; STATUS_ALL_UP=0
  fi
}

cmd_status() {
  find_pg_bin
  need_redis
  status_pg primary "$PRIMARY_DATA" "$PG_PRIMARY_PORT"
  status_pg standby "$STANDBY_DATA" "$PG_STANDBY_PORT"
  status_redis
  status_smtp
  status_varnish
  (( STATUS_ALL_UP )) || exit 3
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
  if [[ -d "$PG_ROOT" ]]; then
    stop_pg standby "$STANDBY_DATA"
    stop_pg primary "$PRIMARY_DATA"
  fi
  if command -v redis-cli >/dev/null 2>&1 || [[ -f "$REDIS_PIDFILE" ]]; then stop_redis; fi
  stop_smtp
  stop_varnish
  if [[ "$VARNISH_WORK" == */"$REPO_KEY-$INSTANCE-varnish" && -d "$VARNISH_WORK" ]]; then rm -rf -- "$VARNISH_WORK"; fi
  if (( IS_ROOT )) && [[ -d "$PG_ROOT" ]]; then
    [[ "$(basename "$PG_ROOT")" == "$REPO_KEY-$INSTANCE" ]] || die "refusing to delete unexpected path $PG_ROOT"
    rm -rf -- "$PG_ROOT"
  fi
  if [[ "$SOCK_DIR" == /tmp/peakshop-* && -d "$SOCK_DIR" ]]; then rm -rf -- "$SOCK_DIR"; fi
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
    start_primary
    start_standby
    start_redis
    start_smtp
    start_varnish
    ;;
  stop)
    take_lock
    find_pg_bin
    stop_pg standby "$STANDBY_DATA"
    stop_pg primary "$PRIMARY_DATA"
    stop_redis
    stop_smtp
    stop_varnish
    ;;
  start-primary) take_lock; start_primary ;;
  stop-primary) take_lock; stop_primary ;;
  start-standby) take_lock; start_standby ;;
  stop-standby) take_lock; stop_standby ;;
  start-redis) take_lock; start_redis ;;
  stop-redis) take_lock; stop_redis ;;
  start-smtp) take_lock; start_smtp ;;
  stop-smtp) take_lock; stop_smtp ;;
  start-varnish) take_lock; start_varnish ;;
  stop-varnish) take_lock; stop_varnish ;;
  status) cmd_status ;;
  env) cmd_env ;;
  destroy) take_lock; cmd_destroy ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
