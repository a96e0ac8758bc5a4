# shellcheck shell=bash
# PostgreSQL of the instance: a primary on PG_PRIMARY_PORT and a hot standby on PG_STANDBY_PORT that streams
# from it through replication slot standby1, both on 127.0.0.1. Data in .local/<instance>/pg (as root under
# PEAKSHOP_PG_ROOT, run as the postgres user). Sourced by deploy/local/platform.sh after lib/process.sh.

SLOT_NAME="standby1"
SU_PASSWORD="postgres"
APP_USER="peakshop"
APP_PASSWORD="peakshop"
APP_DB="peakshop"
REPL_USER="replicator"
REPL_PASSWORD="replicator"

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
# shellcheck disable=SC2016 # $1 is the inner shell's.
pg_write() { pg_run /bin/sh -c 'umask 077 && cat > "$1"' sh "$1"; }

# psql as superuser over the unix socket (trust); extra args are passed on.
pg_psql() {
  local port="$1"; shift
  pg_run "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$port" -U postgres -d postgres "$@"
}
# Single value (tuples only, unaligned).
pg_val() { pg_psql "$1" -At -c "$2" 2>/dev/null; }

conf_quote() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }

pg_ensure_dirs() {
  ensure_local_dir
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
    # shellcheck disable=SC2174 # LOCAL_DIR exists: only PG_ROOT itself is created, with this mode.
    mkdir -p -m 700 "$PG_ROOT"
  fi
  [[ -d "$PG_LOG_DIR" ]] || pg_run mkdir -p -m 700 "$PG_LOG_DIR"
  if [[ ! -d "$SOCK_DIR" ]]; then
    pg_run mkdir -p -m 700 "$SOCK_DIR"
  fi
}

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
      while read -r pid; do
        if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]]; then kill -9 "$pid" 2>/dev/null || true; fi
      done < <(sed -E 's#^/proc/([0-9]+)/cwd$#\1#' <<<"$left")
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

pg_accepts() { pg_run "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 >/dev/null 2>&1; }

pg_wait_ready() {
  local name="$1" port="$2" log="$3"
  proc_wait_ready "$log" "" "$name did not accept connections on 127.0.0.1:$port within ${TIMEOUT}s" "" pg_accepts "$port"
}

pg_write_managed_conf() { # datadir role
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

pg_init_primary() {
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
  # shellcheck disable=SC2016 # $1 is the inner shell's.
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

pg_bootstrap_primary() {
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

# pg_start NAME DATADIR PORT LOG PORTVAR
pg_start() {
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
  pg_write_managed_conf "$d" "$name"
  if ! out="$(pg_run "$PG_BIN/pg_ctl" start -D "$d" -l "$log" -w -t "$TIMEOUT" -s 2>&1)"; then
    [[ -n "$out" ]] && printf '%s\n' "$out" >&2
    tail_log "$log"
    die "$name failed to start on 127.0.0.1:$port (log: $log)"
  fi
  pg_wait_ready "$name" "$port" "$log"
  say "$name: started (127.0.0.1:$port)"
}

# pg_stop NAME DATADIR
pg_stop() {
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

pg_start_primary() {
  find_pg_bin
  pg_ensure_dirs
  pg_init_primary
  pg_start primary "$PRIMARY_DATA" "$PG_PRIMARY_PORT" "$PRIMARY_LOG" PG_PRIMARY_PORT
  pg_bootstrap_primary
  # A running standby reconnects by itself; wait for it so callers get a consistent state.
  if pg_is_running "$STANDBY_DATA"; then
    pg_wait_streaming soft
  fi
}

pg_create_standby() {
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

# pg_wait_streaming [soft]: wait until the standby's WAL receiver streams from the primary.
pg_wait_streaming() {
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

pg_start_standby() {
  find_pg_bin
  pg_ensure_dirs
  if pg_is_running "$STANDBY_DATA"; then
    pg_start standby "$STANDBY_DATA" "$PG_STANDBY_PORT" "$STANDBY_LOG" PG_STANDBY_PORT
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
  [[ -f "$STANDBY_DATA/PG_VERSION" ]] || pg_create_standby
  pg_start standby "$STANDBY_DATA" "$PG_STANDBY_PORT" "$STANDBY_LOG" PG_STANDBY_PORT
  if pg_is_running "$PRIMARY_DATA"; then
    pg_wait_streaming
  else
    warn "standby started but the primary is down; it will stream once the primary is started"
  fi
}

pg_stop_primary() { find_pg_bin; pg_stop primary "$PRIMARY_DATA"; }
pg_stop_standby() { find_pg_bin; pg_stop standby "$STANDBY_DATA"; }
# The standby first: stopped after its primary, it would keep retrying its connection until it stops.
pg_stop_both() {
  pg_stop standby "$STANDBY_DATA"
  pg_stop primary "$PRIMARY_DATA"
}

# pg_status NAME DATADIR PORT
pg_status() {
  local name="$1" d="$2" port="$3" detail=""
  if [[ ! -f "$d/PG_VERSION" ]]; then
    status_line "$name" "not created" "127.0.0.1:$port"; return
  fi
  if ! pg_is_running "$d"; then
    status_line "$name" stopped "127.0.0.1:$port"; return
  fi
  if [[ "$name" == standby ]]; then detail="$(pg_standby_detail)"; fi
  status_line "$name" running "127.0.0.1:$(pg_pid_port "$d"), pid $(pg_pid "$d")" "$detail"
}

# The end of the standby's status line: in recovery or not, its WAL receiver, how far its replay is behind.
pg_standby_detail() {
  local s p="" line=""
  s="$(pg_val "$PG_STANDBY_PORT" "select pg_is_in_recovery()::text || ' ' || coalesce((select status from pg_stat_wal_receiver), 'disconnected') || ' ' || pg_is_wal_replay_paused()::text || ' ' || greatest(coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0), 0)::bigint::text" || true)"
  if pg_is_running "$PRIMARY_DATA"; then
    p="$(pg_val "$PG_PRIMARY_PORT" "select coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint::text || ' ' || coalesce(round(extract(epoch from replay_lag)::numeric, 3), 0)::text from pg_stat_replication where application_name = '$SLOT_NAME' limit 1" || true)"
  fi
  if [[ -n "$s" ]]; then
    local rec recv paused pend
    read -r rec recv paused pend <<<"$s"
    if [[ "$rec" == true ]]; then line+=" hot-standby"; else line+=" NOT-IN-RECOVERY"; fi
    line+=" receiver=$recv"
    if [[ -n "$p" ]]; then
      local lagb lags
      read -r lagb lags <<<"$p"
      line+=" replay_lag=${lagb}B/${lags}s"
    else
      line+=" replay_lag=n/a(primary not connected) pending_replay=${pend}B"
    fi
    if [[ "$paused" == true ]]; then line+=" (replay paused)"; fi
  else
    line+=" (not accepting connections)"
  fi
  printf '%s' "$line"
}

# Deletes what the instance keeps outside .local/<instance>: PostgreSQL's files as root, a socket folder in /tmp.
pg_remove_data() {
  if (( IS_ROOT )) && [[ -d "$PG_ROOT" ]]; then
    [[ "$(basename "$PG_ROOT")" == "$REPO_KEY-$INSTANCE" ]] || die "refusing to delete unexpected path $PG_ROOT"
    rm -rf -- "$PG_ROOT"
  fi
  if [[ "$SOCK_DIR" == /tmp/peakshop-* && -d "$SOCK_DIR" ]]; then rm -rf -- "$SOCK_DIR"; fi
}
