// Artillery JSON results -> report.md with SVG plots (latency over time, load over time, p99 per endpoint over time).
// Self-contained: the SVG files sit next to the markdown, nothing is fetched when the report is viewed.
//   node lib/report.mjs results.json OUT-DIR [--mode M] [--target URL] [--run ID] [--load "1 5 15"] [--log artillery.log] [--orders orders.tsv]
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [resultsFile, outDir, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];
const results = JSON.parse(await readFile(resultsFile, 'utf8'));
const agg = results.aggregate;
const periods = (results.intermediate || []).filter((p) => p.period).sort((a, b) => a.period - b.period);
const ENDPOINT = 'plugins.metrics-by-endpoint.response_time.';

const fmt = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const counters = agg.counters || {};
const summaries = agg.summaries || {};
const endpoints = Object.keys(summaries).filter((k) => k.startsWith(ENDPOINT)).map((k) => k.slice(ENDPOINT.length)).sort();

// --- SVG line chart ---------------------------------------------------------------------------------------------
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
function chart(title, yLabel, series, { width = 900, height = 320 } = {}) {
  const m = { l: 60, r: 170, t: 30, b: 40 };
  const w = width - m.l - m.r;
  const h = height - m.t - m.b;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.min(...xs, 0);
  const x1 = Math.max(...xs, 1);
  const y1 = niceMax(Math.max(...ys, 1));
  const X = (x) => m.l + ((x - x0) / (x1 - x0 || 1)) * w;
  const Y = (y) => m.t + h - (y / y1) * h;
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`;
  svg += `<rect width="100%" height="100%" fill="white"/><text x="${m.l}" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`;
  for (let i = 0; i <= 5; i++) {
    const y = (y1 * i) / 5;
    svg += `<line x1="${m.l}" x2="${m.l + w}" y1="${Y(y)}" y2="${Y(y)}" stroke="#ddd"/><text x="${m.l - 6}" y="${Y(y) + 4}" text-anchor="end">${fmt(y, y1 < 10 ? 1 : 0)}</text>`;
  }
  const step = niceMax((x1 - x0) / 8);
  for (let x = 0; x <= x1; x += step) {
    svg += `<line x1="${X(x)}" x2="${X(x)}" y1="${m.t}" y2="${m.t + h}" stroke="#eee"/><text x="${X(x)}" y="${m.t + h + 16}" text-anchor="middle">${fmt(x)}</text>`;
  }
  svg += `<text x="${m.l + w / 2}" y="${height - 6}" text-anchor="middle">seconds since start</text>`;
  svg += `<text transform="translate(14 ${m.t + h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`;
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    if (s.points.length > 0) {
      svg += `<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}"/>`;
    }
    svg += `<rect x="${m.l + w + 12}" y="${m.t + i * 18}" width="12" height="3" fill="${color}"/><text x="${m.l + w + 30}" y="${m.t + i * 18 + 5}">${esc(s.name)}</text>`;
  });
  return svg + '</svg>\n';
}
function niceMax(v) {
  const p = 10 ** Math.floor(Math.log10(v || 1));
  return [1, 2, 2.5, 5, 10].map((f) => f * p).find((c) => c >= v) ?? 10 * p;
}

const t0 = periods.length ? Number(periods[0].period) : 0;
const at = (p) => (Number(p.period) - t0) / 1000;
const metricSeries = (name, key) => periods.filter((p) => p.summaries?.[name]).map((p) => [at(p), p.summaries[name][key]]);
const counterSeries = (name, per = 10) => periods.map((p) => [at(p), (p.counters?.[name] || 0) / per]);

const plots = [];
plots.push(['latency.svg', chart('Response time over time (all requests, 10 s windows)', 'ms',
  ['p50', 'p95', 'p99', 'max'].map((k) => ({ name: k, points: metricSeries('http.response_time', k) })))]);
plots.push(['load.svg', chart('Load over time (per second, 10 s windows)', 'per second', [
  { name: 'requests/s', points: counterSeries('http.requests') },
  { name: 'new users/s', points: counterSeries('vusers.created') },
  { name: 'failed users/s', points: counterSeries('vusers.failed') },
])]);
const busiest = endpoints.slice().sort((a, b) => (summaries[ENDPOINT + b].count || 0) - (summaries[ENDPOINT + a].count || 0)).slice(0, 8);
plots.push(['endpoints-p99.svg', chart('p99 per endpoint over time (10 s windows)', 'ms',
  busiest.map((e) => ({ name: e, points: metricSeries(ENDPOINT + e, 'p99') })))]);
for (const [file, svg] of plots) await writeFile(path.join(outDir, file), svg);

// --- checks from Artillery's own output (ensure plugin) ----------------------------------------------------------
let checks = [];
if (opt.log && existsSync(opt.log)) {
  checks = (await readFile(opt.log, 'utf8')).split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((l) => /^(ok|fail): /.test(l));
}
const orders = opt.orders && existsSync(opt.orders) ? (await readFile(opt.orders, 'utf8')).split('\n').filter(Boolean).length : 0;

const errors = Object.entries(counters).filter(([k]) => k.startsWith('errors.'));
const codes = Object.entries(counters).filter(([k]) => k.startsWith('http.codes.')).map(([k, v]) => `${k.slice(11)}: ${v}`);
const duration = periods.length ? (Number(periods.at(-1).period) - t0) / 1000 + 10 : 0;
const apdex = (() => {
  const s = counters['apdex.satisfied'] || 0, t = counters['apdex.tolerated'] || 0, f = counters['apdex.frustrated'] || 0;
  return s + t + f ? ((s + t / 2) / (s + t + f)).toFixed(3) : '–';
})();

let md = `# Load test: ${opt.mode || ''} run ${opt.run || ''}\n\n`;
md += `| | |\n|---|---|\n`;
md += `| target | ${opt.target || ''} |\n| date (UTC) | ${new Date(t0 || Date.now()).toISOString().replace('T', ' ').slice(0, 16)} |\n`;
md += `| machine | ${os.cpus().length} CPUs (${os.cpus()[0]?.model || '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.hostname()} |\n`;
md += `| load average before / after (1, 5, 15 min) | ${opt.load || '?'} / ${opt['load-after'] || '?'} |\n`;
md += `| duration | ${fmt(duration)} s |\n`;
md += `| virtual users | ${counters['vusers.created'] || 0} created, ${counters['vusers.completed'] || 0} completed, ${counters['vusers.failed'] || 0} failed |\n`;
md += `| requests | ${counters['http.requests'] || 0} (${fmt((counters['http.requests'] || 0) / (duration || 1), 1)} /s on average) |\n`;
md += `| status codes | ${codes.join(', ') || '–'} |\n`;
md += `| errors | ${errors.map(([k, v]) => `${k.slice(7)}: ${v}`).join('; ') || 'none'} |\n`;
md += `| orders confirmed | ${counters['orders.confirmed'] || 0} (${orders} recorded) |\n`;
md += `| apdex (T = 100 ms) | ${apdex} |\n\n`;
md += `## Checks (fail the run)\n\n${checks.length ? checks.map((c) => `- ${c.startsWith('fail') ? '**FAIL**' : 'ok'}: ${c.replace(/^(ok|fail): /, '')}`).join('\n') : '- (none found in the log)'}\n\n`;
md += `## Per endpoint (ms)\n\n| endpoint | requests | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n`;
for (const e of endpoints) {
  const s = summaries[ENDPOINT + e];
  md += `| ${e} | ${s.count} | ${fmt(s.p50 ?? s.median, 1)} | ${fmt(s.p95, 1)} | ${fmt(s.p99, 1)} | ${fmt(s.max, 1)} |\n`;
}
const all = summaries['http.response_time'];
if (all) md += `| **all** | ${all.count} | ${fmt(all.p50 ?? all.median, 1)} | ${fmt(all.p95, 1)} | ${fmt(all.p99, 1)} | ${fmt(all.max, 1)} |\n`;
md += `\n## Over time\n\n${plots.map(([file]) => `![${file}](${file})`).join('\n\n')}\n`;
await writeFile(path.join(outDir, 'report.md'), md);
// The same as one HTML page with the plots inline.
const html = `<!doctype html><meta charset="utf-8"><title>Load test ${opt.run || ''}</title><pre style="white-space:pre-wrap">${md.split('## Over time')[0].replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>${plots.map(([, svg]) => svg).join('<br>')}`;
await writeFile(path.join(outDir, 'report.html'), html);
console.log(md.split('## Over time')[0]);
