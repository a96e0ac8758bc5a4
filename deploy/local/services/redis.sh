# shellcheck shell=bash
# Redis of the instance: AOF on, 127.0.0.1:REDIS_PORT, daemonized by itself with its pid file in .local/<instance>/redis.
# Sourced by deploy/local/platform.sh after lib/process.sh.

REDIS_DIR="$LOCAL_DIR/redis"
REDIS_DATA="$REDIS_DIR/data"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"

need_redis() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    die "redis-server/redis-cli not found. Run deploy/local/install-deps.sh"
  fi
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
  pid="$(pidfile_read "$REDIS_PIDFILE")" || return 1
  redis_pid_ours "$pid" || return 1
  [[ "$(redis_port_pid)" == "$pid" ]]
}

redis_wait_ready() {
  proc_wait_ready "$REDIS_LOG" "$REDIS_PIDFILE" \
    "redis did not answer on 127.0.0.1:$REDIS_PORT within ${TIMEOUT}s (log: $REDIS_LOG)" \
    "redis exited right after starting (log: $REDIS_LOG)" \
    redis_is_running
}

redis_write_conf() {
  cat > "$REDIS_CONF" <<CONF
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
CONF
}

redis_start() {
  need_redis
  if redis_is_running; then
    say "redis: already running (127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  local pid
  if pid="$(pidfile_read "$REDIS_PIDFILE")" && redis_pid_ours "$pid"; then
    # Our process exists but does not answer (yet): loading its AOF, or started on another port.
    if ! pid_cmdline "$pid" | grep -q ":$REDIS_PORT\b"; then
      die "redis (pid $pid) of this instance runs on another port than $REDIS_PORT; run 'platform.sh stop' first, then start again"
    fi
    redis_wait_ready
    say "redis: already running (127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  check_port_free "$REDIS_PORT" "Redis server" REDIS_PORT
  mkdir -p "$REDIS_DATA"
  rm -f "$REDIS_PIDFILE"
  redis_write_conf
  local out
  if ! out="$(cd "$REDIS_DIR" && redis-server "$REDIS_CONF" 2>&1 9>&-)"; then
    [[ -n "$out" ]] && printf '%s\n' "$out" >&2
    tail_log "$REDIS_LOG"
    die "redis-server failed to start"
  fi
  redis_wait_ready
  say "redis: started (127.0.0.1:$REDIS_PORT)"
}

# SHUTDOWN through our port when it is our server answering there (it writes its AOF), else SIGTERM.
redis_ask_shutdown() {
  if command -v redis-cli >/dev/null 2>&1 && [[ "$(redis_port_pid)" == "$1" ]]; then
    timeout 10 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" SHUTDOWN >/dev/null 2>&1 || true
  else
    kill -TERM "$1" 2>/dev/null || true
  fi
}

redis_stop() { proc_stop redis redis "$REDIS_PIDFILE" redis_pid_ours --ask redis_ask_shutdown --nudge; }

redis_status() {
  proc_status redis "$REDIS_PIDFILE" redis_is_running redis_pid_ours "127.0.0.1:$REDIS_PORT" "127.0.0.1:$REDIS_PORT"
}
