# shellcheck shell=bash
# The CDN edge of the instance: Varnish on 127.0.0.1:CDN_PORT in front of the origin on CDN_ORIGIN_PORT, VCL
# rendered from deploy/local/varnish.vcl.template, cache in memory; state in .local/<instance>/varnish.
# Sourced by deploy/local/platform.sh after lib/process.sh.

VARNISH_DIR="$LOCAL_DIR/varnish"
VARNISH_VCL="$VARNISH_DIR/default.vcl"
VARNISH_PIDFILE="$VARNISH_DIR/varnishd.pid"
VARNISH_LOG="$VARNISH_DIR/varnishd.log"
VARNISH_TEMPLATE="$SCRIPT_DIR/varnish.vcl.template"
# varnishd's working directory (shared memory log, compiled VCL). As root, varnishd drops privileges to
# its own users, which must reach it: under .local/<instance> when that path is traversable by others,
# else under PEAKSHOP_PG_ROOT (like PostgreSQL's files; the repo may live under /root).
VARNISH_WORK="$VARNISH_DIR/work"

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
  pid="$(pidfile_read "$VARNISH_PIDFILE")" || return 1
  varnish_pid_ours "$pid" || return 1
  varnish_answers
}

varnish_start() {
  need_varnish
  command -v curl >/dev/null 2>&1 || die "curl not found. Run deploy/local/install-deps.sh"
  if varnish_is_running; then
    if pid_cmdline "$(pidfile_read "$VARNISH_PIDFILE")" | grep -q -- "127.0.0.1:$CDN_PORT " &&
       varnish_render | cmp -s - "$VARNISH_VCL"; then
      say "varnish: already running ($(varnish_url) -> origin 127.0.0.1:$CDN_ORIGIN_PORT)"
      return 0
    fi
    say "varnish: running with other ports or an older VCL; restarting it"
    varnish_stop
  fi
  local pid
  # Ours but not answering (hung, or half started): the cache is disposable, start afresh.
  if pid="$(pidfile_read "$VARNISH_PIDFILE")" && varnish_pid_ours "$pid"; then varnish_stop; fi
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
  proc_wait_ready "$VARNISH_LOG" "$VARNISH_PIDFILE" \
    "varnish did not answer on $(varnish_url) within ${TIMEOUT}s (log: $VARNISH_LOG)" \
    "varnishd exited right after starting (log: $VARNISH_LOG)" \
    varnish_is_running
  say "varnish: started ($(varnish_url) -> origin 127.0.0.1:$CDN_ORIGIN_PORT)"
}

varnish_stop() {
  varnish_workdir
  proc_stop varnish varnishd "$VARNISH_PIDFILE" varnish_pid_ours
}

varnish_status() {
  proc_status varnish "$VARNISH_PIDFILE" varnish_is_running varnish_pid_ours "$(varnish_url)" \
    "$(varnish_url) -> origin 127.0.0.1:$CDN_ORIGIN_PORT"
}

# The working directory outside the repo that a start as root may have made (see varnish_start).
varnish_remove_workdir() {
  if [[ "$VARNISH_WORK" == */"$REPO_KEY-$INSTANCE-varnish" && -d "$VARNISH_WORK" ]]; then rm -rf -- "$VARNISH_WORK"; fi
}
