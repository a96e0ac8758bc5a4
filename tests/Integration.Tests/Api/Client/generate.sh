#!/usr/bin/env bash
# Regenerates the API client the tests drive from the committed OpenAPI snapshot (docs/api/openapi-v1.json) with the
# kiota tool pinned in .config/dotnet-tools.json. Usage: generate.sh [output folder] (default: Generated beside this).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
out=${1:-$here/Generated}
cd "$root"
"$root/deploy/local/restore-tools.sh"
dotnet kiota generate -l CSharp -d docs/api/openapi-v1.json -c PeakShopApiClient -n PeakShop.Api.Client -o "$out" \
  --exclude-backward-compatible --clean-output --log-level Warning >/dev/null
# The log and the lock file name paths relative to the output folder, which differ between checkouts.
rm -f "$out/.kiota.log" "$out/kiota-lock.json"
