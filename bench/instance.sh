# The bench platform instance, sourced by every bench/run-*.sh: one set of ports for one instance's data, away
# from ./run.sh's (55432…, 8081) and ./test.sh's (16432…, 18081). Each may be overridden from the environment.
export PEAKSHOP_INSTANCE=${PEAKSHOP_INSTANCE:-bench}
export PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-58432} PG_STANDBY_PORT=${PG_STANDBY_PORT:-58433} REDIS_PORT=${REDIS_PORT:-59379}
export SMTP_PORT=${SMTP_PORT:-59025} SMTP_UI_PORT=${SMTP_UI_PORT:-59080}
# The instance's CDN edge (platform.sh starts one) and the origin behind it.
export CDN_PORT=${CDN_PORT:-59081} CDN_ORIGIN_PORT=${CDN_ORIGIN_PORT:-59090}
# The load generator is one client (127.0.0.1): limits high enough that it is never throttled, still counted in
# Redis, so their cost stays in the figures (ADR 15).
# shellcheck source=deploy/local/lib/rate-limits.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib/rate-limits.sh"
lift_rate_limits "${BENCH_RATE_LIMIT:-100000000}"
