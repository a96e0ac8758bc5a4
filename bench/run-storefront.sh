#!/usr/bin/env bash
# Storefront throughput against the floor: requests/s of a cache-hot product page and a category page
# as a ratio of a plaintext Kestrel endpoint, p99 at 75 % of each page's capacity, and the compressed
# bytes of a first visit to a product page. All on this machine, on the bench platform instance.
# Each page three times: as a visitor without cookies, as a shopper with a cart and as a signed-in shopper, each with
# the cookies a browser holds; all three served from the page cache once rendered for their header (ADR 6, ADR 20).
#
#   bench/run-storefront.sh [--duration 15] [--connections 32]
#
# Needs wrk and hey (Debian packages; installed when run as root). The shared steps are in bench/floor.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/floor.sh
floor_setup bench

PRODUCT_PATH=${PRODUCT_PATH:-/p/$(psql_val "select slug from products where stock > 5 order by id limit 1")}
CATEGORY_PATH=${CATEGORY_PATH:-/c/$(psql_val "select slug from categories where parent_id is not null order by id limit 1")}
PRODUCT="$WEB$PRODUCT_PATH"
CATEGORY="$WEB$CATEGORY_PATH"

for url in "$PRODUCT" "$CATEGORY"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  [[ "$code" == 200 ]] || { echo "$url answered $code" >&2; exit 1; }
done

# Real shoppers' cookies, got as a browser gets them (ADR 20): a cart holder adds to the cart and opens the cart page
# (its header sets ps_view); a signed-in shopper registers, signs in and browses until the read-your-writes cookie is
# gone. Each then sends its cookies with every request, so the page cache serves it the page of its header.
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

floor=$(capacity "$FLOOR" floor)
product=$(capacity "$PRODUCT" product)
category=$(capacity "$CATEGORY" category)
product_cart=$(capacity "$PRODUCT" product-cart "$CART_COOKIE")
category_cart=$(capacity "$CATEGORY" category-cart "$CART_COOKIE")
product_signed=$(capacity "$PRODUCT" product-signed "$SIGNED_COOKIE")
category_signed=$(capacity "$CATEGORY" category-signed "$SIGNED_COOKIE")
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
  local base="$WEB" html="$OUT/first-visit.html" total=0 bytes
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
