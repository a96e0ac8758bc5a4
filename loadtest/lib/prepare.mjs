// Crawls the running store for the scenarios' data (data/*.csv): categories with one of their brands, products in
// stock (not low), and search terms with typos that still find products. Reads only public pages, as a visitor.
//   node lib/prepare.mjs http://127.0.0.1:8080 data/
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [target, out = 'data'] = process.argv.slice(2);
if (!target) {
  console.error('usage: node lib/prepare.mjs <target> [out-dir]');
  process.exit(2);
}

// As shoppers type them: typos, a missing letter, swapped letters, plus a few spelled right.
const SEARCHES = ['kettel', 'backpak', 'jakcet', 'tnet', 'stvoe', 'headlmap', 'sleping bag', 'gogles', 'bots',
  'kettle', 'tent', 'jacket', 'stove', 'lantern', 'rope', 'gloves'];

async function page(url) {
  const response = await fetch(new URL(url, target), { headers: { Accept: 'text/html' }, redirect: 'manual' });
  if (response.status !== 200) {
    throw new Error(`GET ${url}: ${response.status} (is the store running at ${target}?)`);
  }
  return response.text();
}

const all = (html, pattern) => [...html.matchAll(pattern)].map((m) => m[1]);
const unique = (items) => [...new Set(items)];

const home = await page('/');
const categories = unique(all(home, /href="\/c\/([a-z0-9-]+)"/g));
if (categories.length === 0) {
  throw new Error('no category links on the home page: is the catalog seeded?');
}
const categoryRows = [];
const products = new Set();
for (const category of categories.slice(0, 40)) {
  const html = await page(`/c/${category}?stock=1`);
  const brands = unique(all(html, /name="brand" value="([a-z0-9-]+)"/g));
  // Only cards marked "In stock" (not "Low stock"): checkouts must not sell a product out during the run.
  const cards = html.split(/(?=href="\/p\/)/).slice(1);
  for (const card of cards) {
    const slug = /^href="\/p\/([a-z0-9-]+)"/.exec(card)?.[1];
    if (slug && card.includes('stock-in-stock')) products.add(slug);
  }
  if (brands.length > 0) {
    categoryRows.push(...brands.slice(0, 3).map((brand) => `${category},${brand}`));
  }
}
const searches = [];
for (const query of SEARCHES) {
  const html = await page(`/search?q=${encodeURIComponent(query)}`);
  if (/href="\/p\/[a-z0-9-]+"/.test(html)) {
    searches.push(encodeURIComponent(query)); // as it goes into the URL
  }
}
if (products.size === 0 || categoryRows.length === 0 || searches.length === 0) {
  throw new Error(`not enough data: ${products.size} products, ${categoryRows.length} category/brand pairs, ${searches.length} searches`);
}
await mkdir(out, { recursive: true });
await writeFile(path.join(out, 'products.csv'), ['slug', ...products].join('\n') + '\n');
await writeFile(path.join(out, 'categories.csv'), ['category,brand', ...categoryRows].join('\n') + '\n');
await writeFile(path.join(out, 'searches.csv'), ['query', ...searches].join('\n') + '\n');
console.log(`prepare: ${products.size} products, ${categoryRows.length} category/brand pairs, searches: ${searches.map(decodeURIComponent).join(', ')}`);
