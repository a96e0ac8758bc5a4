# shellcheck shell=bash
# Process supervision for the services of deploy/local/platform.sh: pid files, "is this pid alive", waiting
# until a server answers, stopping with SIGTERM and then SIGKILL, and the one-line status of a service.
# Sourced by platform.sh, which defines TIMEOUT, INSTANCE, die, warn and say first.

now_ms() { local t="${EPOCHREALTIME//[.,]/}"; echo $(( t / 1000 )); }

# True if pid $1 exists and is not a zombie (PID 1 in containers may reap orphans late).
pid_alive() {
  local s
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  { read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
  s="${s##*) }"
  [[ "${s:0:1}" != Z && "${s:0:1}" != X ]]
}

# The command line of pid $1, its arguments separated by spaces.
pid_cmdline() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null; }

# The pid recorded in pid file $1; fails when there is none.
pidfile_read() {
  local pid
  [[ -s "$1" ]] || return 1
  read -r pid < "$1" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  echo "$pid"
}

tail_log() {
  local f="$1"
  if [[ -r "$f" ]]; then
    printf -- '----- last 30 lines of %s -----\n' "$f" >&2
    tail -n 30 "$f" >&2 || true
    printf -- '-----\n' >&2
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# check_port_free PORT WHAT VAR: dies, naming the listener, when something else holds 127.0.0.1:PORT.
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

# proc_wait_ready LOG PIDFILE LATE EXITED CHECK [ARG...]
# Polls CHECK every 0.1 s until it succeeds. Dies with message LATE after TIMEOUT seconds, or with EXITED as soon
# as the pid in PIDFILE (if given) is gone; either way the end of LOG is shown first.
proc_wait_ready() {
  local log="$1" pidfile="$2" late="$3" exited="$4" deadline pid
  shift 4
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  until "$@"; do
    if (( $(now_ms) > deadline )); then
      tail_log "$log"
      die "$late"
    fi
    if [[ -n "$pidfile" ]] && pid="$(pidfile_read "$pidfile")" && ! pid_alive "$pid"; then
      tail_log "$log"
      die "$exited"
    fi
    sleep 0.1
  done
}

# proc_start_detached DIR PIDFILE LOG COMMAND [ARG...]
# Starts COMMAND in DIR in the background, leader of its own session (so a stop reaches everything it runs),
# with no stdin, stdout and stderr to LOG, and without fd 9 (the instance lock); records its pid in PIDFILE.
proc_start_detached() {
  local dir="$1" pidfile="$2" log="$3"
  shift 3
  (cd "$dir" && exec setsid "$@" </dev/null >"$log" 2>&1 9>&- &
    echo $! > "$pidfile")
}

# proc_signal SIGNAL PID GROUP: signals PID, or with GROUP=1 the process group it leads (falling back to PID).
proc_signal() {
  if (( $3 )); then
    kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true
  else
    kill "-$1" "$2" 2>/dev/null || true
  fi
}

# proc_stop SERVICE LABEL PIDFILE OURS [--ask FN] [--group] [--port PORT] [--nudge]
# Stops the process of PIDFILE when OURS (a command given its pid) says it is this instance's: asks it to exit
# (FN given the pid, else SIGTERM), waits up to TIMEOUT seconds, then SIGKILLs it. --group signals the process
# group it leads; --port also waits until nothing listens on PORT; --nudge repeats SIGTERM in the second half of
# the wait. LABEL names the process in the warning; SERVICE names it in "SERVICE: stopped".
proc_stop() {
  local service="$1" label="$2" pidfile="$3" ours="$4" ask="" group=0 port="" nudge=0 pid deadline
  shift 4
  while (( $# )); do
    case "$1" in
      --ask) ask="$2"; shift ;;
      --group) group=1 ;;
      --port) port="$2"; shift ;;
      --nudge) nudge=1 ;;
      *) die "proc_stop: unknown option $1" ;;
    esac
    shift
  done
  if ! pid="$(pidfile_read "$pidfile")" || ! "$ours" "$pid"; then
    rm -f "$pidfile"
    say "$service: already stopped"
    return 0
  fi
  if [[ -n "$ask" ]]; then "$ask" "$pid"; else proc_signal TERM "$pid" "$group"; fi
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while pid_alive "$pid" || { [[ -n "$port" ]] && port_in_use "$port"; }; do
    if (( $(now_ms) > deadline )); then
      warn "$label (pid $pid) did not stop in ${TIMEOUT}s; killing it"
      proc_signal 9 "$pid" "$group"
      sleep 0.1
      break
    fi
    if (( nudge )) && (( $(now_ms) > deadline - TIMEOUT * 500 )); then kill -TERM "$pid" 2>/dev/null || true; fi
    sleep 0.05
  done
  rm -f "$pidfile"
  say "$service: stopped"
}

# status_line SERVICE STATE DETAIL [SUFFIX]: one line of `platform.sh status`; any STATE but running makes it exit 3.
STATUS_ALL_UP=1
status_line() {
  printf '%-8s %-11s (%s)%s\n' "$1" "$2" "$3" "${4:-}"
  [[ "$2" == running ]] || STATUS_ALL_UP=0
}
status_all_up() { (( STATUS_ALL_UP )); }

# proc_status SERVICE PIDFILE IS_RUNNING OURS ADDRESS DETAIL
# The status of a service run from a pid file: running (DETAIL, pid N) when IS_RUNNING succeeds; unhealthy when
# its process (OURS given the pid) is alive but does not answer on ADDRESS; else stopped (ADDRESS).
proc_status() {
  local service="$1" pidfile="$2" is_running="$3" ours="$4" address="$5" detail="$6" pid
  if "$is_running"; then
    status_line "$service" running "$detail, pid $(pidfile_read "$pidfile")"
  elif pid="$(pidfile_read "$pidfile")" && "$ours" "$pid"; then
    status_line "$service" unhealthy "pid $pid alive but not answering on $address"
  else
    status_line "$service" stopped "$address"
  fi
}
