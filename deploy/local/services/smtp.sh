# shellcheck shell=bash
# The SMTP server of the instance: smtp4dev, the local dotnet tool of .config/dotnet-tools.json, SMTP on
# 127.0.0.1:SMTP_PORT and its web UI/API on SMTP_UI_PORT, messages in memory; state in .local/<instance>/smtp.
# Sourced by deploy/local/platform.sh after lib/process.sh.

SMTP_DIR="$LOCAL_DIR/smtp"
SMTP_PIDFILE="$SMTP_DIR/smtp4dev.pid"
SMTP_LOG="$SMTP_DIR/smtp4dev.log"

smtp_ui_url() { echo "http://127.0.0.1:$SMTP_UI_PORT"; }

# Is $1 alive and the smtp4dev launcher of this instance (started in our directory)?
smtp_pid_ours() {
  local pid="$1" cwd
  pid_alive "$pid" || return 1
  pid_cmdline "$pid" | grep -q 'smtp4dev' || return 1
  cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null)" || return 1
  [[ "$cwd" == "$(readlink -f "$SMTP_DIR")" ]]
}
smtp_answers() {
  port_in_use "$SMTP_PORT" && curl -fsS -o /dev/null --max-time 3 "$(smtp_ui_url)/api/messages?pageSize=1" 2>/dev/null
}
smtp_is_running() {
  local pid
  pid="$(pidfile_read "$SMTP_PIDFILE")" || return 1
  smtp_pid_ours "$pid" || return 1
  smtp_answers
}

smtp_start() {
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: smtp4dev is a dotnet tool (install the .NET 10 SDK)"
  command -v curl >/dev/null 2>&1 || die "curl not found. Run deploy/local/install-deps.sh"
  if smtp_is_running; then
    say "smtp: already running (smtp 127.0.0.1:$SMTP_PORT, mail UI $(smtp_ui_url))"
    return 0
  fi
  local pid
  if pid="$(pidfile_read "$SMTP_PIDFILE")" && smtp_pid_ours "$pid"; then
    if ! pid_cmdline "$pid" | grep -q -- "--smtpport=$SMTP_PORT "; then
      die "smtp4dev (pid $pid) of this instance runs on another port than $SMTP_PORT; run 'platform.sh stop-smtp' first, then start again"
    fi
  else
    # A stale pid file (killed process, reboot) or none: start a new server.
    rm -f "$SMTP_PIDFILE"
    check_port_free "$SMTP_PORT" "SMTP server" SMTP_PORT
    check_port_free "$SMTP_UI_PORT" "SMTP web UI" SMTP_UI_PORT
    mkdir -p "$SMTP_DIR/config"
    ("$REPO_DIR/deploy/local/restore-tools.sh" 2>"$SMTP_DIR/tool-restore.log" 9>&-) || {
      tail_log "$SMTP_DIR/tool-restore.log"; die "dotnet tool restore failed (smtp4dev)"; }
    # --db= keeps messages in memory: a stop or destroy wipes them.
    proc_start_detached "$SMTP_DIR" "$SMTP_PIDFILE" "$SMTP_LOG" \
      env XDG_CONFIG_HOME="$SMTP_DIR/config" dotnet tool run smtp4dev \
        --smtpport="$SMTP_PORT" --urls="$(smtp_ui_url)" --bindaddress=127.0.0.1 --hostname=localhost \
        --db= --imapport= --pop3port= --nousersettings --messagestokeep=100000 --sessionstokeep=1000
  fi
  proc_wait_ready "$SMTP_LOG" "$SMTP_PIDFILE" \
    "smtp4dev did not answer on 127.0.0.1:$SMTP_PORT / $(smtp_ui_url) within ${TIMEOUT}s (log: $SMTP_LOG)" \
    "smtp4dev exited right after starting (log: $SMTP_LOG)" \
    smtp_is_running
  say "smtp: started (smtp 127.0.0.1:$SMTP_PORT, mail UI $(smtp_ui_url))"
}

# The launcher leads its own process group: the signal reaches the server it runs, too.
smtp_stop() { proc_stop smtp smtp4dev "$SMTP_PIDFILE" smtp_pid_ours --group --port "$SMTP_PORT"; }

smtp_status() {
  proc_status smtp "$SMTP_PIDFILE" smtp_is_running smtp_pid_ours "127.0.0.1:$SMTP_PORT" "127.0.0.1:$SMTP_PORT, mail UI $(smtp_ui_url)"
}
