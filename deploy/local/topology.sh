# shellcheck shell=bash
# The local scale-out topology: N Web replicas on consecutive loopback ports behind nginx.
# Sourced by ./run.sh (which starts it), deploy/local/rolling-restart.sh and bench scripts.
#
# Needs before sourcing: ROOT (repository), PEAKSHOP_INSTANCE. Files of instance <i>:
#   .local/<i>/topology/topology.env   what a later script needs to restart a replica (written by topo_save)
#   .local/<i>/topology/web-N.pid|log  each replica (started in its own session, so Ctrl-C is ours to handle)
#   .local/<i>/nginx/                  nginx.conf (rendered from deploy/local/nginx.conf.template), pid, logs, temp
TOPO_DIR="$ROOT/.local/$PEAKSHOP_INSTANCE/topology"
NGINX_DIR="$ROOT/.local/$PEAKSHOP_INSTANCE/nginx"
NGINX_CONF="$NGINX_DIR/nginx.conf"
NGINX_TEMPLATE="$ROOT/deploy/local/nginx.conf.template"
NGINX_BIN=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

topo_say() { printf '\033[1m[topology]\033[0m %s\n' "$*" >&2; }

topo_pid_alive() { [[ "$1" =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# Saves the settings of the running topology (and the platform's connection strings) for other scripts.
# Needs WEB_REPLICAS, WEB_BASE_PORT, PORT, WEB_PUBLISH (folder with PeakShop.Web.dll) and the platform env.
topo_save() {
  mkdir -p "$TOPO_DIR"
  {
    printf 'WEB_REPLICAS=%q\nWEB_BASE_PORT=%q\nPORT=%q\nWEB_PUBLISH=%q\n' "$WEB_REPLICAS" "$WEB_BASE_PORT" "$PORT" "$WEB_PUBLISH"
    printf 'ASPNETCORE_ENVIRONMENT=%q\n' "${ASPNETCORE_ENVIRONMENT:-Production}"
    "$ROOT/deploy/local/platform.sh" env
    # Where replicas send browsers for assets and the edge for purges (run.sh: the local Varnish).
    printf 'export Cdn__BaseUrl=%q\nexport Cdn__PurgeUrl=%q\n' "${Cdn__BaseUrl:-}" "${Cdn__PurgeUrl:-}"
    # Absolute links, accepted Host names and the management ports (replica N: MANAGEMENT_BASE_PORT + N - 1).
    printf 'export Shop__PublicBaseUrl=%q\nexport AllowedHosts=%q\nPUBLIC_HOSTS=%q\nMANAGEMENT_BASE_PORT=%q\n' \
      "${Shop__PublicBaseUrl:-}" "${AllowedHosts:-}" "${PUBLIC_HOSTS:-}" "${MANAGEMENT_BASE_PORT:-}"
  } > "$TOPO_DIR/topology.env"
}

topo_load() {
  [[ -f "$TOPO_DIR/topology.env" ]] || { echo "no running topology for instance '$PEAKSHOP_INSTANCE' ($TOPO_DIR/topology.env); start ./run.sh first" >&2; return 1; }
  # shellcheck disable=SC1091
  source "$TOPO_DIR/topology.env"
}

replica_port() { echo $((WEB_BASE_PORT + $1 - 1)); }
# The management port of replica N (readiness detail, /metrics), when MANAGEMENT_BASE_PORT is set.
replica_management_port() { [[ -n "${MANAGEMENT_BASE_PORT:-}" ]] && echo $((MANAGEMENT_BASE_PORT + $1 - 1)); }
replica_pid() { cat "$TOPO_DIR/web-$1.pid" 2>/dev/null; }

# Starts replica N in the background (own session, log in web-N.log); does not wait for it.
replica_start() {
  local n=$1 port
  port=$(replica_port "$n")
  mkdir -p "$TOPO_DIR"
  # A replica killed a moment ago may still hold its port while its last threads exit.
  local waited=0
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if (( waited++ >= 50 )); then
      echo "port $port (web-$n) is already in use; set WEB_BASE_PORT=... to use other ports" >&2
      return 1
    fi
    sleep 0.1
  done
  (
    cd "$WEB_PUBLISH"
    management=$(replica_management_port "$n" || true)
    ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production} \
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Replica__Name="web-$n" \
    exec env ${management:+Management__Port=$management} setsid dotnet PeakShop.Web.dll
  ) >>"$TOPO_DIR/web-$n.log" 2>&1 </dev/null &
  echo $! > "$TOPO_DIR/web-$n.pid"
}

# Waits until replica N answers /healthz/ready with 200 (default 120 s).
replica_wait_ready() {
  local n=$1 timeout=${2:-120} port pid deadline
  port=$(replica_port "$n")
  pid=$(replica_pid "$n")
  deadline=$((SECONDS + timeout))
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz/ready" 2>/dev/null; do
    topo_pid_alive "$pid" || { echo "web-$n (pid $pid) exited during start-up; see $TOPO_DIR/web-$n.log" >&2; return 1; }
    (( SECONDS < deadline )) || { echo "web-$n not ready within ${timeout}s" >&2; return 1; }
    sleep 0.2
  done
}

# Sends SIGTERM (or the given signal) to replica N and waits for it to exit (default 60 s).
replica_stop() {
  local n=$1 signal=${2:-TERM} timeout=${3:-60} pid deadline
  pid=$(replica_pid "$n") || return 0
  topo_pid_alive "$pid" || { rm -f "$TOPO_DIR/web-$n.pid"; return 0; }
  kill "-$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while topo_pid_alive "$pid"; do
    if (( SECONDS >= deadline )); then
      echo "web-$n (pid $pid) still running after ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  rm -f "$TOPO_DIR/web-$n.pid"
}

# The Host names nginx passes on (server_name; others get 421): PUBLIC_HOSTS, else 127.0.0.1, localhost and
# the hosts of Shop__PublicBaseUrl and Cdn__BaseUrl (the edge forwards the browser's Host to its origin).
topo_public_hosts() {
  if [[ -n "${PUBLIC_HOSTS:-}" ]]; then echo "$PUBLIC_HOSTS"; return; fi
  local url hosts=(127.0.0.1 localhost) host
  for url in "${Shop__PublicBaseUrl:-}" "${Cdn__BaseUrl:-}"; do
    [[ -n "$url" ]] || continue
    host=${url#*://}; host=${host%%/*}; host=${host%:*}
    hosts+=("$host")
  done
  printf '%s\n' "${hosts[@]}" | awk 'NF && !seen[$0]++' | paste -sd' '
}

# Renders nginx.conf with every replica, replica $1 (if given) marked down.
nginx_render() {
  local down=${1:-0} servers="" blazor="" n port flags user_line="" names
  names=$(topo_public_hosts)
  [[ "$names" =~ ^[A-Za-z0-9.\ -]+$ ]] || { echo "PUBLIC_HOSTS '$names' must be host names separated by spaces" >&2; return 1; }
  for ((n = 1; n <= WEB_REPLICAS; n++)); do
    port=$(replica_port "$n")
    # No passive ejection (max_fails=0): one bad answer (a hostile request's) must not take a healthy replica
    # out for everyone. A refused connection still moves the request on (proxy_next_upstream); a replica
    # that stops is taken out explicitly (rolling-restart.sh marks it down) and by its failing readiness.
    flags="max_fails=0"
    (( n == down )) && flags="down"
    servers+="        server 127.0.0.1:$port $flags;"$'\n'
    blazor+="        server 127.0.0.1:$port $flags;"$'\n'
  done
  # As root, nginx's workers would switch to "nobody", who may not reach .local/ (e.g. under /root).
  [[ $(id -u) == 0 ]] && user_line="user root;"
  mkdir -p "$NGINX_DIR/tmp"
  awk -v prefix="$NGINX_DIR" -v port="$PORT" -v names="$names" -v user_line="$user_line" -v servers="${servers%$'\n'}" -v blazor="${blazor%$'\n'}" '
    { gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@SERVER_NAMES@/, names) }
    /^@USER_LINE@$/ { print user_line; next }
    /^@SERVERS@$/ { print servers; next }
    /^@BLAZOR_SERVERS@$/ { print blazor; next }
    { print }' "$NGINX_TEMPLATE" > "$NGINX_CONF.new"
  "$NGINX_BIN" -t -q -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -c "$NGINX_CONF.new" || { echo "generated nginx config is invalid: $NGINX_CONF.new" >&2; return 1; }
  mv "$NGINX_CONF.new" "$NGINX_CONF"
}

nginx_pid() { cat "$NGINX_DIR/nginx.pid" 2>/dev/null; }

# nginx in the foreground of its own session (no daemon, no system service), as the calling user.
nginx_start() {
  (exec setsid "$NGINX_BIN" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log" -c "$NGINX_CONF" -g 'daemon off;') \
    >>"$NGINX_DIR/nginx.out" 2>&1 </dev/null &
  NGINX_LAUNCH_PID=$!
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/nginx-health" 2>/dev/null; do
    topo_pid_alive "$NGINX_LAUNCH_PID" || { echo "nginx exited; see $NGINX_DIR/error.log" >&2; tail -n 20 "$NGINX_DIR/error.log" >&2; return 1; }
    (( SECONDS < deadline )) || { echo "nginx did not answer on :$PORT" >&2; return 1; }
    sleep 0.1
  done
}

# Graceful reload: new workers take the new config; old ones finish the requests they have.
nginx_reload() {
  local pid
  pid=$(nginx_pid)
  topo_pid_alive "$pid" || { echo "nginx is not running" >&2; return 1; }
  kill -HUP "$pid"
}

# Waits until only the new generation of workers runs (old ones have finished their requests), max $1 s.
nginx_wait_old_workers() {
  local pid=$(nginx_pid) timeout=${1:-30} deadline
  deadline=$((SECONDS + timeout))
  sleep 0.3
  while (( $(pgrep -P "$pid" -c 2>/dev/null || echo 0) > 1 )) && (( SECONDS < deadline )); do sleep 0.1; done
}

nginx_stop() {
  local pid
  pid=$(nginx_pid)
  topo_pid_alive "$pid" || return 0
  kill -QUIT "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do topo_pid_alive "$pid" || return 0; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
}
