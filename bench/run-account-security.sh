#!/usr/bin/env bash
# What issue 12's account protections cost and whether they leak: the time of a failed sign-in for an existing
# account vs an address with no account (the gap that used to reveal accounts), and the price of a server-side
# session per request (anonymous vs a signed-in shopper: one Redis read; vs staff: plus the security-stamp check).
# One Web process (Release, Production) on the bench platform instance.
#
#   bench/run-account-security.sh [--attempts 50] [--requests 2000]
#
# Needs hey (Debian package; installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ATTEMPTS=50
REQUESTS=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --attempts) ATTEMPTS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/instance.sh"
WEB_PORT=${WEB_PORT:-58080}
BASE="http://127.0.0.1:$WEB_PORT"
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench"
PLATFORM="$ROOT/deploy/local/platform.sh"
mkdir -p "$OUT"
"$ROOT/deploy/local/install-deps.sh" hey

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ "${BENCH_KEEP_PLATFORM:-}" == 1 ]] || "$PLATFORM" stop >/dev/null || true
}
trap cleanup EXIT

"$PLATFORM" start >&2
eval "$("$PLATFORM" env)"
echo "building (Release)" >&2
dotnet publish Jobs/Jobs.csproj -c Release -o "$OUT/jobs" --nologo -v quiet >&2
dotnet publish Web/Web.csproj -c Release -o "$OUT/web" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2
PASSWORD='Bench-Secure-2026!'
SHOPPER="bench-shopper@example.com"
STAFF="bench-staff@example.com"
# A customer account is a staff account whose role is taken away again (no stamp check on every request then).
dotnet "$OUT/jobs/PeakShop.Jobs.dll" create-staff --email "$STAFF" --password "$PASSWORD" --role Staff >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" create-staff --email "$SHOPPER" --password "$PASSWORD" --role Staff >&2
PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop \
  -c "delete from \"AspNetUserRoles\" where user_id = (select id from \"AspNetUsers\" where normalized_email = upper('$SHOPPER'))" >&2

(cd "$OUT/web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" Shop__PublicBaseUrl="$BASE" \
  Logging__LogLevel__Default=Warning exec dotnet PeakShop.Web.dll) > "$OUT/web.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do curl -fsS -o /dev/null "$BASE/healthz/live" 2>/dev/null && break; sleep 0.2; done

jar=$(mktemp -d)
# One sign-in attempt from a fresh browser (its own antiforgery cookie): prints the POST's time_total in ms.
attempt() { # email password [jar-file]
  local cookies=${3:-$jar/attempt} token
  rm -f "$cookies"
  token=$(curl -s -c "$cookies" "$BASE/account/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -b "$cookies" -c "$cookies" -w '%{time_total}\n' \
    --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Email=$1" --data-urlencode "Input.Password=$2" "$BASE/account/login" | awk '{printf "%.1f\n", $1 * 1000}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "warming up" >&2
for _ in $(seq 1 5); do attempt "$STAFF" wrong >/dev/null; attempt "nobody@example.com" wrong >/dev/null; done
: > "$OUT/existing.ms"; : > "$OUT/missing.ms"
for i in $(seq 1 "$ATTEMPTS"); do
  # Interleaved, so drift on the machine touches both series alike.
  attempt "$STAFF" "wrong-$i" >> "$OUT/existing.ms"
  attempt "missing-$i@example.com" "wrong-$i" >> "$OUT/missing.ms"
done

# Per-request cost of a session: the cheapest endpoint, so the session is most of what differs.
attempt "$SHOPPER" "$PASSWORD" "$jar/shopper" >/dev/null
attempt "$STAFF" "$PASSWORD" "$jar/staff" >/dev/null
auth_of() { awk '$6 == "ps_auth" {print $7}' "$1"; }
p50() { # [cookie header] -> p50 in ms of GET /healthz/live, one connection
  local args=(-n "$REQUESTS" -c 1); [[ -n "${1:-}" ]] && args+=(-H "Cookie: ps_auth=$1")
  hey "${args[@]}" "$BASE/healthz/live" >/dev/null
  hey "${args[@]}" "$BASE/healthz/live" | awk '/ 50% in / {printf "%.3f\n", $3 * 1000}'
}
shopper_auth=$(auth_of "$jar/shopper"); staff_auth=$(auth_of "$jar/staff")
[[ -n "$shopper_auth" && -n "$staff_auth" ]] || { echo "sign-in for the session figures failed" >&2; exit 1; }

printf '\nfailed sign-in, %s each, interleaved: median ms\n' "$ATTEMPTS"
printf '  existing account  %s\n' "$(median < "$OUT/existing.ms")"
printf '  missing account   %s\n' "$(median < "$OUT/missing.ms")"
printf '\nGET /healthz/live, %s requests on one connection: p50 ms\n' "$REQUESTS"
printf '  anonymous         %s\n' "$(p50)"
printf '  signed-in shopper %s\n' "$(p50 "$shopper_auth")"
printf '  staff             %s\n' "$(p50 "$staff_auth")"
rm -rf "$jar"
