#!/usr/bin/env bash
# Runs one PeakShop process inside the image: web (default), jobs, migrate, seed, or the health check.
set -euo pipefail
command=${1:-web}
shift || true
case "$command" in
  web)
    cd /app/web
    exec dotnet PeakShop.Web.dll "$@"
    ;;
  jobs)
    exec dotnet /app/jobs/PeakShop.Jobs.dll run "$@"
    ;;
  migrate | seed)
    exec dotnet /app/jobs/PeakShop.Jobs.dll "$command" "$@"
    ;;
  healthcheck)
    # The runtime image has no curl: speak HTTP/1.0 over bash's /dev/tcp.
    # A Jobs container has no HTTP endpoint; its health is the process itself.
    if [[ ! -d /proc/1 ]] || ! tr '\0' ' ' < /proc/1/cmdline | grep -q 'PeakShop.Web.dll'; then
      exit 0
    fi
    exec 3<>"/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS:-8080}"
    printf 'GET /healthz/live HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
    head -n 1 <&3 | grep -q ' 200 '
    ;;
  *)
    echo "usage: entrypoint.sh {web|jobs|migrate|seed|healthcheck}" >&2
    exit 2
    ;;
esac
