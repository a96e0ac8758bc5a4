#!/usr/bin/env bash
# Public API throughput against the floor (issue 15): requests/s of a cache-hot GET /api/v1/products/{id} and of a
# category list page GET /api/v1/products?category=tents as a ratio of a plaintext Kestrel endpoint, and p99 at 75 %
# of each one's capacity. Release build, Production environment, the bench platform instance (bench/instance.sh), as
# bench/run-storefront.sh. Anonymous calls: the catalog reads need no key (ADR 21).
#
#   bench/run-api.sh [--duration 15] [--connections 32]
#
# Needs wrk and hey (Debian packages; installed when run as root). The shared steps are in bench/floor.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/floor.sh
# The API limits stay on (one Redis count per request, as in production) but so high that one bench client is never refused.
floor_setup bench-api RateLimits__ApiPerIp__PermitLimit=1000000000

PRODUCT_PATH=${PRODUCT_PATH:-/api/v1/products/$(psql_val "select id from products where stock > 5 and not is_archived order by id limit 1")}
LIST_PATH=${LIST_PATH:-/api/v1/products?category=tents}
PRODUCT="$WEB$PRODUCT_PATH"
LIST="$WEB$LIST_PATH"

# Each answers 200 JSON and, asked again, comes from the output cache (Age): "cache-hot" is what is measured.
for url in "$PRODUCT" "$LIST"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [[ "$code" == 200 ]] || { echo "$url answered $code" >&2; exit 1; }
  curl -s -D "$OUT/headers.txt" -o /dev/null "$url"
  grep -qi '^age:' "$OUT/headers.txt" || { echo "$url did not come from the output cache" >&2; exit 1; }
done

floor=$(capacity "$FLOOR" floor)
product=$(capacity "$PRODUCT" product)
list=$(capacity "$LIST" list)
product_rate=$(rate "$product") list_rate=$(rate "$list")
product_p99=$(p99_at "$PRODUCT" "$product_rate" product)
list_p99=$(p99_at "$LIST" "$list_rate" list)
load=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<TABLE
| endpoint | requests/s (wrk, ${CONNECTIONS} conn, ${DURATION} s) | non-2xx | ratio to floor | target | offered at 75 % | achieved | p99 at 75 % |
|---|---:|---:|---:|---:|---:|---:|---:|
| plaintext floor \`/plaintext\` | $floor | $(non2xx floor) | 1.00 | | | | |
| product \`$PRODUCT_PATH\` (output cache) | $product | $(non2xx product) | $(ratio "$product" "$floor") | ≥ 0.40 | $product_rate | $(achieved product) | $product_p99 ms |
| list page \`$LIST_PATH\` (output cache) | $list | $(non2xx list) | $(ratio "$list" "$floor") | ≥ 0.25 | $list_rate | $(achieved list) | $list_p99 ms |

Load average at the end (1, 5, 15 min): $load.
TABLE
