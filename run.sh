#!/usr/bin/env bash
# PeakShop on this machine: installs what is missing, starts PostgreSQL (primary + standby), Redis and
# the local SMTP server, migrates, seeds the demo catalog, runs the Jobs worker and WEB_REPLICAS (2) Web
# replicas on ports WEB_BASE_PORT (18081), +1, ... behind nginx, which serves the store at
# http://127.0.0.1:${PORT:-8080} until Ctrl-C, with the CDN edge (Varnish) on http://127.0.0.1:${CDN_PORT:-8081} in
# front of nginx serving every asset (CDN_BASE_URL overrides the asset base URL; CDN_BASE_URL= serves them
# from the origin). deploy/local/rolling-restart.sh restarts the replicas one by one.
# Data persists between runs (deploy/local/platform.sh destroy wipes it).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

export PEAKSHOP_INSTANCE=${PEAKSHOP_INSTANCE:-run}
export PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-55432}
export PG_STANDBY_PORT=${PG_STANDBY_PORT:-55433}
export REDIS_PORT=${REDIS_PORT:-56379}
export SMTP_PORT=${SMTP_PORT:-2525}
export SMTP_UI_PORT=${SMTP_UI_PORT:-5080}
PORT=${PORT:-8080}
# The edge pulls from the load balancer.
export CDN_PORT=${CDN_PORT:-8081}
export CDN_ORIGIN_PORT=$PORT
WEB_REPLICAS=${WEB_REPLICAS:-2}
WEB_BASE_PORT=${WEB_BASE_PORT:-18081}
PUBLISH="$ROOT/.local/$PEAKSHOP_INSTANCE/publish"
PLATFORM="$ROOT/deploy/local/platform.sh"

say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
[[ "$WEB_REPLICAS" =~ ^[1-9][0-9]?$ ]] || { echo "run.sh: WEB_REPLICAS='$WEB_REPLICAS' must be 1..99" >&2; exit 1; }
WEB_PUBLISH="$PUBLISH/web"
# shellcheck source=deploy/local/topology.sh
source "$ROOT/deploy/local/topology.sh"

command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
"$ROOT/deploy/local/install-deps.sh" postgres redis nginx varnish tools
"$ROOT/deploy/local/restore-tools.sh" || exit 1

# Stop only what this script started: a platform that was already up stays up.
platform_was_running=false
if "$PLATFORM" status >/dev/null 2>&1; then platform_was_running=true; fi
jobs_pid=""
web_started=false
nginx_started=false
cleanup() {
  trap - INT TERM EXIT
  if [[ "$web_started" == true ]]; then
    # Every replica drains in parallel (readiness fails, then in-flight requests finish).
    say "stopping the web replicas"
    stoppers=()
    for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_stop "$n" TERM 60 & stoppers+=($!); done
    wait "${stoppers[@]}" 2>/dev/null || true
  fi
  if [[ "$nginx_started" == true ]]; then
    say "stopping nginx"
    nginx_stop
  fi
  rm -f "$TOPO_DIR/topology.env"
  if [[ -n "$jobs_pid" ]] && kill -0 "$jobs_pid" 2>/dev/null; then
    say "stopping jobs (pid $jobs_pid; running jobs get their shutdown grace)"
    kill -TERM "$jobs_pid" 2>/dev/null || true
    wait "$jobs_pid" 2>/dev/null || true
  fi
  if [[ "$platform_was_running" == false ]]; then
    say "stopping the platform"
    "$PLATFORM" stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for ((n = 0; n <= 2 * WEB_REPLICAS; n++)); do
  port=$PORT var=PORT
  (( n > 0 )) && port=$((WEB_BASE_PORT + n - 1)) var=WEB_BASE_PORT
  (( n > WEB_REPLICAS )) && port=$((${MANAGEMENT_BASE_PORT:-19081} + n - WEB_REPLICAS - 1)) var=MANAGEMENT_BASE_PORT
  if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
    echo "run.sh: port $port is already in use; set $var=... to serve elsewhere" >&2
    exit 1
  fi
done

"$PLATFORM" start
eval "$("$PLATFORM" env)"
# Asset and media URLs the pages write: the edge unless CDN_BASE_URL says otherwise (empty: same origin).
export Cdn__BaseUrl=${CDN_BASE_URL-$PEAKSHOP_CDN_URL}
# Purges go to the edge this script runs, whatever public name the base URL has.
export Cdn__PurgeUrl=${Cdn__BaseUrl:+$PEAKSHOP_CDN_URL}
# Every absolute link (mail, canonical, sitemap) starts with the public address, never with a request's Host;
# the replicas accept only these Host names (AllowedHosts) and nginx passes only them (others get 421).
export Shop__PublicBaseUrl=${PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}
PUBLIC_HOSTS=$(topo_public_hosts)
export AllowedHosts=${PUBLIC_HOSTS// /;}
# Readiness detail and /metrics on each replica's management port (loopback only): MANAGEMENT_BASE_PORT (19081), +1, ...
MANAGEMENT_BASE_PORT=${MANAGEMENT_BASE_PORT:-19081}

say "building (Release)"
dotnet publish "$ROOT/Jobs/Jobs.csproj" -c Release -o "$PUBLISH/jobs" --nologo -v quiet
dotnet publish "$ROOT/Web/Web.csproj" -c Release -o "$PUBLISH/web" --nologo -v quiet

say "migrating (a deploy step: Jobs migrate)"
dotnet "$PUBLISH/jobs/PeakShop.Jobs.dll" migrate
say "seeding the demo catalog"
dotnet "$PUBLISH/jobs/PeakShop.Jobs.dll" seed

# A demo Admin: SHOP_ADMIN_EMAIL / SHOP_ADMIN_PASSWORD when set; otherwise admin@peakshop.local with a random
# password made once, on the run that creates the account (later runs leave it alone). No default password.
ensure_admin() {
  local email=${SHOP_ADMIN_EMAIL:-admin@peakshop.local}
  local password=${SHOP_ADMIN_PASSWORD:-}
  local generated=false out
  if [[ -z "$password" ]]; then
    local raw
    raw=$(head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9')
    password="${raw:0:24}-Pk7"
    generated=true
  fi
  # Through the environment, not argv: other users' ps would show an argument.
  if ! out=$(password="$password" dotnet "$PUBLISH/jobs/PeakShop.Jobs.dll" create-staff --email "$email" --role Admin 2>&1); then
    echo "$out" >&2
    echo "run.sh: could not create the admin account $email" >&2
    exit 1
  fi
  if [[ "$out" == *"create-staff: created"* ]]; then
    if [[ "$generated" == true ]]; then
      say "created the admin account: $email / $password  (shown once; sign in at /account/login, then /admin)"
    else
      say "created the admin account $email with SHOP_ADMIN_PASSWORD"
    fi
  else
    say "admin account $email exists (password unchanged); sign in at /account/login, then /admin"
  fi
}
say "ensuring an admin account (Jobs create-staff)"
ensure_admin

say "starting the Jobs worker (Hangfire server: e-mail, reports, recurring work)"
(
  cd "$PUBLISH/jobs"
  DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production} exec dotnet PeakShop.Jobs.dll run
) &
jobs_pid=$!

say "starting $WEB_REPLICAS web replicas on 127.0.0.1:$WEB_BASE_PORT.. (logs in $TOPO_DIR)"
topo_save
web_started=true
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_start "$n"; done
for ((n = 1; n <= WEB_REPLICAS; n++)); do replica_wait_ready "$n" 120; done
nginx_render
nginx_started=true
nginx_start

say "ready: $Shop__PublicBaseUrl  (nginx on 127.0.0.1:$PORT for Host $PUBLIC_HOSTS: round-robin, cookie affinity for /_blazor; health: /healthz/ready)"
for ((n = 1; n <= WEB_REPLICAS; n++)); do
  say "  web-$n: http://127.0.0.1:$(replica_port "$n")  (pid $(replica_pid "$n"), log $TOPO_DIR/web-$n.log; readiness detail and /metrics on http://127.0.0.1:$(replica_management_port "$n"))"
done
if [[ -n "$Cdn__BaseUrl" ]]; then
  say "assets and media from the CDN: $Cdn__BaseUrl  (Varnish on $PEAKSHOP_CDN_URL in front of nginx; curl -I ${PEAKSHOP_CDN_URL}css/site.css shows X-Cache)"
else
  say "assets and media from the origin (CDN_BASE_URL is empty; the edge still runs on $PEAKSHOP_CDN_URL)"
fi
say "jobs dashboard: /admin/jobs for the Admin role; mail sent by the shop: $PEAKSHOP_SMTP_UI_URL (smtp4dev; SMTP on 127.0.0.1:$SMTP_PORT)"
say "an admin account: dotnet $PUBLISH/jobs/PeakShop.Jobs.dll create-staff --email E --password P --role Admin"
say "restart every replica without dropping a request: deploy/local/rolling-restart.sh"

# The run ends when the Jobs worker or nginx ends (replicas come and go with rolling restarts).
while kill -0 "$jobs_pid" 2>/dev/null && topo_pid_alive "$(nginx_pid)"; do sleep 1; done
echo "run.sh: the jobs worker or nginx exited; stopping" >&2
exit 1
