#!/usr/bin/env bash
# `dotnet tool restore` for .config/dotnet-tools.json (dotnet-ef, smtp4dev, kiota), tried up to three times.
# On a clean machine the SDK restores the tools in parallel and can take one package's commands for another's
# ("The command "kiota" ... is not contained in the package ... The commands contained in the package are
# smtp4dev."); a second restore finds the ones already in place and succeeds. Quiet unless the last try fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2 3; do
  if dotnet tool restore >"$log" 2>&1; then
    exit 0
  fi
  [[ $attempt -lt 3 ]] && sleep 1
done
cat "$log" >&2
echo "restore-tools.sh: dotnet tool restore failed three times" >&2
exit 1
