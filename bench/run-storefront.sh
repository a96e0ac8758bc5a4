#!/usr/bin/env bash
# Storefront throughput against the floor: requests/s of a cache-hot product page and a category page
# as a ratio of a plaintext Kestrel endpoint, p99 at 75 % of each page's capacity, and the compressed
# bytes of a first visit to a product page. All on this machine, on the bench platform instance.
# Each page three times: as a visitor without cookies, as a shopper with a cart and as a signed-in shopper, each with
# the cookies a browser holds; all three served from the page cache once rendered for their header (ADR 6, ADR 20).
#
#   bench/run-storefront.sh [--duration 15] [--connections 32]
#
# Needs wrk and hey (Debian packages; installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=15
CONNECTIONS=32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$ROOT/bench/instance.sh"
WEB_PORT=${WEB_PORT:-58080}
# Not 18081: ./test.sh's CDN edge.
FLOOR_PORT=${FLOOR_PORT:-58082}
OUT="$ROOT/.local/$PEAKSHOP_INSTANCE/bench"
PLATFORM="$ROOT/deploy/local/platform.sh"
mkdir -p "$OUT"

for tool in wrk hey; do
  if ! command -v "$tool" >/dev/null; then
    if [[ $EUID -eq 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; else echo "install $tool" >&2; exit 1; fi
  fi
done

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
dotnet publish bench/Plaintext/Plaintext.csproj -c Release -o "$OUT/plaintext" --nologo -v quiet >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" migrate >&2
dotnet "$OUT/jobs/PeakShop.Jobs.dll" seed >&2

(cd "$OUT/web" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$WEB_PORT" Shop__PublicBaseUrl="http://127.0.0.1:$WEB_PORT" \
  Logging__LogLevel__Default=Warning exec dotnet PeakShop.Web.dll) > "$OUT/web.log" 2>&1 &
pids+=($!)
(cd "$OUT/plaintext" && ASPNETCORE_URLS="http://127.0.0.1:$FLOOR_PORT" exec dotnet PeakShop.Bench.Plaintext.dll) > "$OUT/plaintext.log" 2>&1 &
pids+=($!)
for url in "http://127.0.0.1:$WEB_PORT/healthz/ready" "http://127.0.0.1:$FLOOR_PORT/plaintext"; do
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.2; done
done

psql_val() { PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d peakshop -Atc "$1"; }
PRODUCT_PATH=${PRODUCT_PATH:-/p/$(psql_val "select slug from products where stock > 5 order by id limit 1")}
CATEGORY_PATH=${CATEGORY_PATH:-/c/$(psql_val "select slug from categories where parent_id is not null order by id limit 1")}
FLOOR="http://127.0.0.1:$FLOOR_PORT/plaintext"
PRODUCT="http://127.0.0.1:$WEB_PORT$PRODUCT_PATH"
CATEGORY="http://127.0.0.1:$WEB_PORT$CATEGORY_PATH"

for url in "$PRODUCT" "$CATEGORY"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [[ "$code" == 200 ]] || { echo "$url answered $code" >&2; exit 1; }
done

# Real shoppers' cookies, got as a browser gets them (ADR 20): a cart holder adds to the cart and opens the cart page
# (its header sets ps_view); a signed-in shopper registers, signs in and browses until the read-your-writes cookie is
# gone. Each then sends its cookies with every request, so the page cache serves it the page of its header.
WEB="http://127.0.0.1:$WEB_PORT"
jar_value() { awk -v n="$2" '$6 == n { print $7 }' "$1"; }
form_token() { grep -oE 'name="__RequestVerificationToken" value="[^"]+"' | head -1 | sed -E 's/.*value="([^"]+)"/\1/'; }
PRODUCT_ID=$(psql_val "select id from products where slug = '${PRODUCT_PATH#/p/}'")
CART_JAR="$OUT/cart-holder.jar" SIGNED_JAR="$OUT/signed-in.jar"
rm -f "$CART_JAR" "$SIGNED_JAR"
curl -s -c "$CART_JAR" -b "$CART_JAR" -o /dev/null --data "productId=$PRODUCT_ID&quantity=2&returnUrl=/" "$WEB/cart/items"
curl -s -c "$CART_JAR" -b "$CART_JAR" -o /dev/null "$WEB/cart"
CART_COOKIE="Cookie: ps_cart=$(jar_value "$CART_JAR" ps_cart); ps_view=$(jar_value "$CART_JAR" ps_view)"
email="bench-$(date +%s%N)@example.com" password="Bench-Shopper-2026!"
token=$(curl -s -c "$SIGNED_JAR" -b "$SIGNED_JAR" "$WEB/account/register" | form_token)
curl -s -c "$SIGNED_JAR" -b "$SIGNED_JAR" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" --data "_handler=register" \
  --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password" --data-urlencode "Input.ConfirmPassword=$password" "$WEB/account/register"
token=$(curl -s -c "$SIGNED_JAR" -b "$SIGNED_JAR" "$WEB/account/login" | form_token)
curl -s -c "$SIGNED_JAR" -b "$SIGNED_JAR" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" --data "_handler=login" \
  --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password" "$WEB/account/login"
for _ in $(seq 1 50); do
  curl -s -c "$SIGNED_JAR" -b "$SIGNED_JAR" -o /dev/null "$PRODUCT"
  [[ -z "$(jar_value "$SIGNED_JAR" ps_lsn)" && -n "$(jar_value "$SIGNED_JAR" ps_view)" ]] && break
  sleep 0.1
done
SIGNED_COOKIE="Cookie: ps_auth=$(jar_value "$SIGNED_JAR" ps_auth); ps_view=$(jar_value "$SIGNED_JAR" ps_view)"
# Proof that each is served the shared page of its own header before it is measured.
shared_page() { # url cookie-header expected-text
  local headers="$OUT/shared-headers.txt" body
  curl -s -o /dev/null -H "$2" "$1"
  body=$(curl -s -D "$headers" -H "$2" "$1")
  grep -qi '^age:' "$headers" || { echo "$1 with '$2' did not come from the page cache" >&2; exit 1; }
  grep -qF "$3" <<<"$body" || { echo "$1 with '$2' does not show '$3'" >&2; exit 1; }
}
shared_page "$PRODUCT" "$CART_COOKIE" 'aria-label="2 items"'
shared_page "$CATEGORY" "$CART_COOKIE" 'aria-label="2 items"'
shared_page "$PRODUCT" "$SIGNED_COOKIE" 'Your orders'
shared_page "$CATEGORY" "$SIGNED_COOKIE" 'Your orders'

# Capacity: closed loop, as many requests as the machine serves.
capacity() { # url name [header] -> requests/s
  local header=(); [[ -n "${3:-}" ]] && header=(-H "$3")
  wrk -t2 -c"$CONNECTIONS" -d3s "${header[@]}" "$1" >/dev/null # warm-up: JIT, caches, pools
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" "$1" > "$OUT/wrk-$2.txt"
  awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$2.txt"
}
# Latency at a fixed offered rate (75 % of capacity), from hey's percentiles.
p99_at() { # url rate name [header] -> p99 ms
  local per_worker
  per_worker=$(awk -v r="$2" -v c="$CONNECTIONS" 'BEGIN { printf "%.2f", r / c }')
  local header=(); [[ -n "${4:-}" ]] && header=(-H "$4")
  hey -z "${DURATION}s" -c "$CONNECTIONS" -q "$per_worker" "${header[@]}" "$1" > "$OUT/hey-$3.txt"
  awk '/ 99% in / {printf "%.1f", $3 * 1000}' "$OUT/hey-$3.txt"
}
achieved() { awk '/Requests\/sec:/ {printf "%.0f", $2}' "$OUT/hey-$1.txt"; }

floor=$(capacity "$FLOOR" floor)
product=$(capacity "$PRODUCT" product)
category=$(capacity "$CATEGORY" category)
product_cart=$(capacity "$PRODUCT" product-cart "$CART_COOKIE")
category_cart=$(capacity "$CATEGORY" category-cart "$CART_COOKIE")
product_signed=$(capacity "$PRODUCT" product-signed "$SIGNED_COOKIE")
category_signed=$(capacity "$CATEGORY" category-signed "$SIGNED_COOKIE")
rate() { awk -v x="$1" 'BEGIN { printf "%.0f", x * 0.75 }'; }
product_rate=$(rate "$product") category_rate=$(rate "$category")
product_cart_rate=$(rate "$product_cart") category_cart_rate=$(rate "$category_cart")
product_signed_rate=$(rate "$product_signed") category_signed_rate=$(rate "$category_signed")
product_p99=$(p99_at "$PRODUCT" "$product_rate" product)
category_p99=$(p99_at "$CATEGORY" "$category_rate" category)
product_cart_p99=$(p99_at "$PRODUCT" "$product_cart_rate" product-cart "$CART_COOKIE")
category_cart_p99=$(p99_at "$CATEGORY" "$category_cart_rate" category-cart "$CART_COOKIE")
product_signed_p99=$(p99_at "$PRODUCT" "$product_signed_rate" product-signed "$SIGNED_COOKIE")
category_signed_p99=$(p99_at "$CATEGORY" "$category_signed_rate" category-signed "$SIGNED_COOKIE")

# First visit to a product page: the HTML and every stylesheet, script and module it references,
# compressed as a browser would fetch them (images excluded).
weigh() {
  local base="http://127.0.0.1:$WEB_PORT" html="$OUT/first-visit.html" total=0 bytes
  bytes=$(curl -s --compressed -H 'Accept-Encoding: br, gzip' -o "$html" -w '%{size_download}' "$PRODUCT")
  total=$bytes
  echo "  html $PRODUCT_PATH $bytes" > "$OUT/first-visit.txt"
  for ref in $(grep -oE '(href|src)="[^"]+\.(css|js|mjs)"' "$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u); do
    [[ "$ref" == http* ]] || ref="$base/${ref#/}"
    bytes=$(curl -s -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "$ref")
    echo "  asset $ref $bytes" >> "$OUT/first-visit.txt"
    total=$((total + bytes))
  done
  echo "$total"
}
first_visit=$(weigh)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cat <<TABLE
| endpoint | requests/s (wrk, ${CONNECTIONS} conn, ${DURATION} s) | ratio to floor | offered at 75 % | achieved | p99 at 75 % |
|---|---:|---:|---:|---:|---:|
| plaintext floor \`/plaintext\` | $floor | 1.00 | | | |
| product page \`$PRODUCT_PATH\`, visitor (page cache) | $product | $(ratio "$product" "$floor") | $product_rate | $(achieved product) | $product_p99 ms |
| category page \`$CATEGORY_PATH\`, visitor (page cache) | $category | $(ratio "$category" "$floor") | $category_rate | $(achieved category) | $category_p99 ms |
| product page, shopper with 2 items in the cart (page cache, ps_view) | $product_cart | $(ratio "$product_cart" "$floor") | $product_cart_rate | $(achieved product-cart) | $product_cart_p99 ms |
| category page, shopper with 2 items in the cart | $category_cart | $(ratio "$category_cart" "$floor") | $category_cart_rate | $(achieved category-cart) | $category_cart_p99 ms |
| product page, signed-in shopper (page cache, ps_view) | $product_signed | $(ratio "$product_signed" "$floor") | $product_signed_rate | $(achieved product-signed) | $product_signed_p99 ms |
| category page, signed-in shopper | $category_signed | $(ratio "$category_signed" "$floor") | $category_signed_rate | $(achieved category-signed) | $category_signed_p99 ms |

First visit to the product page, compressed HTML + CSS + JS: $first_visit bytes ($(awk -v b="$first_visit" 'BEGIN { printf "%.1f", b / 1024 }') KiB).
TABLE
cat "$OUT/first-visit.txt" >&2
