#!/usr/bin/env bash
# Installs the Debian packages the local PeakShop platform needs - only the missing ones.
# Silent (exit 0) when everything is already present.
#
# Usage: deploy/local/install-deps.sh [--check] [GROUP...]
#   GROUP: postgres | redis | nginx | varnish | chromium | tools | node | wrk | hey | all
#          (default: what ./run.sh and ./test.sh need; wrk and hey are the benches' and the 50k run's load generators)
#   --check  only report what is missing (exit 1 if anything is), install nothing
set -euo pipefail

DEFAULT_GROUPS=(postgres redis nginx varnish chromium tools node)
ALL_GROUPS=("${DEFAULT_GROUPS[@]}" wrk hey)

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

err() { printf 'install-deps.sh: %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------
CHECK_ONLY=0
GROUPS_WANTED=()
for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
    --check) CHECK_ONLY=1 ;;
    all) GROUPS_WANTED+=("${ALL_GROUPS[@]}") ;;
    postgres|postgresql|pg) GROUPS_WANTED+=(postgres) ;;
    redis) GROUPS_WANTED+=(redis) ;;
    nginx) GROUPS_WANTED+=(nginx) ;;
    varnish|cdn) GROUPS_WANTED+=(varnish) ;;
    chromium|chrome) GROUPS_WANTED+=(chromium) ;;
    tools) GROUPS_WANTED+=(tools) ;;
    node|nodejs|npm) GROUPS_WANTED+=(node) ;;
    wrk) GROUPS_WANTED+=(wrk) ;;
    hey) GROUPS_WANTED+=(hey) ;;
    *) err "unknown group '$arg' (expected: ${ALL_GROUPS[*]} all)"; exit 2 ;;
  esac
done
(( ${#GROUPS_WANTED[@]} )) || GROUPS_WANTED=("${DEFAULT_GROUPS[@]}")

# ---------------------------------------------------------------------------
# Presence checks (what the scripts actually use, not just package names)
# ---------------------------------------------------------------------------
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have_postgres() {
  local bin="" share="" b
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
    bin=/usr/lib/postgresql/15/bin
    share=/usr/share/postgresql/15
  elif command -v pg_config >/dev/null 2>&1; then
    bin="$(pg_config --bindir 2>/dev/null || true)"
    share="$(pg_config --sharedir 2>/dev/null || true)"
  fi
  [[ -n "$bin" && -n "$share" ]] || return 1
  for b in initdb pg_ctl pg_basebackup postgres psql pg_isready; do
    [[ -x "$bin/$b" ]] || return 1
  done
  [[ -f "$share/extension/pg_trgm.control" ]]   # postgresql-contrib
}
have_redis() { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; }
have_nginx() { command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; }
have_varnish() { command -v varnishd >/dev/null 2>&1 || [[ -x /usr/sbin/varnishd ]]; }
have_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
# Node.js and npm for the load tests (loadtest/: Artillery 2.0.21 needs Node >= 18.16; Debian 12 ships 18.19).
have_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 16) ? 0 : 1)' 2>/dev/null
}
have_wrk() { command -v wrk >/dev/null 2>&1; }
have_hey() { command -v hey >/dev/null 2>&1; }
have_tools() {
  command -v curl >/dev/null 2>&1 &&
    command -v ps >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1 &&
    { pkg_installed ca-certificates || [[ -s /etc/ssl/certs/ca-certificates.crt ]]; }
}

# Is $1 a real (non-virtual-only) package in the apt cache?
apt_known() { apt-cache show "$1" 2>/dev/null | grep -q '^Package:'; }

packages_for() {
  case "$1" in
    postgres)
      if apt_known postgresql-15; then
        # On Debian 12 postgresql-contrib-15 is provided by postgresql-15; apt resolves it.
        echo postgresql-15 postgresql-contrib-15
      else
        echo postgresql postgresql-contrib
      fi ;;
    redis) echo redis-server ;;
    nginx) echo nginx ;;
    varnish) echo varnish ;;
    chromium) echo chromium ;;
    tools) echo curl procps ca-certificates ;;
    # npm is its own package in Debian (a nodejs from NodeSource already contains npm and stays as it is).
    node) if command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then echo npm; else echo nodejs npm; fi ;;
    wrk) echo wrk ;;
    hey) echo hey ;;
  esac
}

missing_groups() {
  local g seen=" "
  for g in "${GROUPS_WANTED[@]}"; do
    [[ "$seen" == *" $g "* ]] && continue
    seen+="$g "
    "have_$g" || echo "$g"
  done
}

mapfile -t MISSING < <(missing_groups)
(( ${#MISSING[@]} )) || exit 0

resolve_packages() {
  local g
  PKGS=()
  for g in "${MISSING[@]}"; do
    read -r -a _p <<<"$(packages_for "$g")"
    PKGS+=("${_p[@]}")
  done
}
resolve_packages

if (( CHECK_ONLY )); then
  err "missing: ${MISSING[*]} (packages: ${PKGS[*]})"
  exit 1
fi

# ---------------------------------------------------------------------------
# Privileges
# ---------------------------------------------------------------------------
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    err "missing: ${MISSING[*]}. Install these packages as root, then re-run:"
    err "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PKGS[*]}"
    exit 1
  fi
fi

# ---------------------------------------------------------------------------
# Install
# ---------------------------------------------------------------------------
LOG="$(mktemp -t peakshop-install-deps.XXXXXX)"
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=0
cleanup() {
  if (( ADDED_POLICY )); then "${SUDO[@]}" rm -f "$POLICY" || true; fi
  rm -f "$LOG"
}
trap cleanup EXIT

# Keep package post-install scripts from starting the system postgresql (5432) / redis (6379) / nginx (80) / varnish (6081)
# services: we never use them, and without systemd their start may fail and abort dpkg.
if [[ ! -e "$POLICY" ]]; then
  "${SUDO[@]}" sh -c "printf '#!/bin/sh\n# temporary, added by PeakShop install-deps.sh\nexit 101\n' > '$POLICY' && chmod 755 '$POLICY'"
  ADDED_POLICY=1
fi

APT_OPTS=(-q -o DPkg::Lock::Timeout=600)
echo "install-deps.sh: installing missing ${MISSING[*]} ..."
if ! "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update >"$LOG" 2>&1; then
  tail -n 20 "$LOG" >&2
  err "apt-get update failed"
  exit 1
fi
resolve_packages   # the refreshed lists decide between postgresql-15 and postgresql
echo "install-deps.sh: apt-get install ${PKGS[*]}"
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y --no-install-recommends \
      "${PKGS[@]}" >>"$LOG" 2>&1; then
  # Most likely a post-install script that could not start a service; finish configuring and
  # judge by what is actually usable.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >>"$LOG" 2>&1 || true
  mapfile -t MISSING < <(missing_groups)
  if (( ${#MISSING[@]} )); then
    tail -n 30 "$LOG" >&2
    err "apt-get install failed; still missing: ${MISSING[*]}"
    exit 1
  fi
  err "warning: apt-get reported errors (see above), but everything needed is installed"
  tail -n 10 "$LOG" >&2
fi

mapfile -t MISSING < <(missing_groups)
if (( ${#MISSING[@]} )); then
  err "still missing after install: ${MISSING[*]}"
  exit 1
fi
echo "install-deps.sh: done"
