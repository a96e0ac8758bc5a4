// Sums up a run-50k.sh run: the wrk generators' summaries (wrk-N.json), the connection samples and the CPU per tier
// -> report.md. Latency percentiles of all generators together come from their merged distributions (each
// generator's percentile curve weighted by its request count). Exit 1 when p99 >= the limit or any error.
//   node lib/report-50k.mjs OUT-DIR --users N --think S --duration S ... --p99-limit MS
import { readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const [dir, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];

const files = (await readdir(dir)).filter((f) => /^wrk-\d+\.json$/.test(f)).sort();
const gens = [];
for (const f of files) gens.push(JSON.parse(await readFile(path.join(dir, f), 'utf8')));
if (gens.length === 0) {
  console.error('report-50k: no generator summary (did wrk run? see wrk-N.txt)');
  process.exit(1);
}
const sum = (k) => gens.reduce((a, g) => a + g[k], 0);
const requests = sum('requests');
const seconds = Math.max(...gens.map((g) => g.duration_us)) / 1e6;
const errors = { connect: sum('connect'), read: sum('read'), write: sum('write'), 'non-2xx/3xx': sum('status'), timeout: sum('timeout') };
const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);

// Fraction of one generator's requests at or below x µs, from its percentile curve (linear in between).
function cdf(g, x) {
  // wrk answers 0 for percentile(100): the maximum stands in for it.
  const pts = [[0, 0], ...g.percentiles.filter(([p]) => p < 100), [100, g.max]];
  if (x >= pts.at(-1)[1]) return 1;
  for (let i = 1; i < pts.length; i++) {
    const [p1, v1] = pts[i];
    const [p0, v0] = pts[i - 1];
    if (x < v1) return (p0 + (v1 === v0 ? 0 : ((x - v0) / (v1 - v0)) * (p1 - p0))) / 100;
  }
  return 1;
}
function percentile(p) {
  let lo = 0, hi = Math.max(...gens.map((g) => g.max));
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const f = gens.reduce((a, g) => a + g.requests * cdf(g, mid), 0) / requests;
    if (f < p / 100) lo = mid; else hi = mid;
  }
  return hi;
}
const ms = (us) => (us / 1000).toFixed(1);
const p50 = percentile(50), p90 = percentile(90), p99 = percentile(99), p999 = percentile(99.9);
const max = Math.max(...gens.map((g) => g.max));

const samples = (await readFile(path.join(dir, 'connections.txt'), 'utf8')).trim().split('\n').filter(Boolean)
  .map((l) => l.split(' ').map(Number));
const t0 = samples.length ? samples[0][0] : 0;
// The steady part: from 10 s after the start (connections opening) until the generators stop.
const steady = samples.filter(([t]) => t - t0 >= 10 && t - t0 <= Number(opt.duration) - 3);
const stats = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? { min: s[0], median: s[Math.floor(s.length / 2)], max: s.at(-1) } : { min: 0, median: 0, max: 0 };
};
const held = stats(steady.map((s) => s[1]));
const active = stats(steady.map((s) => s[2]));
const cpu = Object.fromEntries((await readFile(path.join(dir, 'cpu.txt'), 'utf8')).trim().split('\n').map((l) => l.split(' ')));

const ok = p99 < Number(opt['p99-limit']) * 1000 && errorCount === 0 && held.min >= Number(opt.users) * 0.99;
let md = `# ${opt.users} concurrent users (run-50k.sh)\n\n`;
md += `| | |\n|---|---|\n`;
md += `| date (UTC) | ${new Date(t0 * 1000 || Date.now()).toISOString().replace('T', ' ').slice(0, 16)} |\n`;
md += `| machine | ${os.cpus().length} CPUs (${os.cpus()[0]?.model || '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB |\n`;
md += `| load average before / after (1, 5, 15 min) | ${opt.load} / ${opt['load-after']} |\n`;
md += `| setup | ${opt.replicas} Web replicas (Release, Production), nginx ${opt.workers} workers on ${opt.addresses} loopback addresses (reuseport), ${opt.generators} wrk processes × 2 threads |\n`;
md += `| load | ${opt.users} keep-alive connections, a request every 0–${2 * Number(opt.think)} s each (mean ${opt.think} s), ${opt.duration} s |\n`;
md += `| connections held (ss, established to nginx; 2 s samples after the first 10 s) | min ${held.min}, median ${held.median}, max ${held.max} |\n`;
md += `| nginx active connections (stub_status) | min ${active.min}, median ${active.median}, max ${active.max} |\n`;
md += `| requests | ${requests} in ${seconds.toFixed(0)} s = **${(requests / seconds).toFixed(0)} req/s** |\n`;
md += `| latency | p50 **${ms(p50)} ms**, p90 ${ms(p90)} ms, p99 **${ms(p99)} ms**, p99.9 ${ms(p999)} ms, max **${ms(max)} ms** |\n`;
md += `| errors | **${errorCount}** (${Object.entries(errors).map(([k, v]) => `${k} ${v}`).join(', ')}) |\n`;
md += `| CPU, % of one core (machine: of ${os.cpus().length * 100}) | ${['nginx', 'web', 'postgresql', 'redis', 'generators', 'machine'].map((k) => `${k} ${cpu[k] ?? '?'}`).join(', ')} |\n`;
md += `| result | ${ok ? 'PASS' : 'FAIL'} (p99 < ${opt['p99-limit']} ms, 0 errors, all connections held) |\n\n`;
md += `Per generator: ${gens.map((g, i) => `#${i + 1} ${g.requests} req, p99 ${ms(g.percentiles.find(([p]) => p === 99)[1])} ms, max ${ms(g.max)} ms`).join('; ')}\n`;
await writeFile(path.join(dir, 'report.md'), md);
console.log(md);
process.exit(ok ? 0 : 1);
