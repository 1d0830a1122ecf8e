/**
 * `npm run bench`: bundle and model sizes, and re-rank latency per backend in headless
 * Chromium; prints the tables and writes them into BENCHMARKS.md (between markers).
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/support/server';
import { pickProducts } from '../demo/products';
import { measureFirstReorder } from './first-reorder';
import { measureHistory } from './history';
import { measureLargeGrid, writeLargeGrid } from './large-grid';
import { measureLatency } from './latency';
import { measureSizes } from './sizes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '–');

const sizes = measureSizes(root, 'models/demo');
const sizeTable = ['| what the browser downloads | raw | gzip -9 |', '|---|---:|---:|', ...sizes.map((r) => `| ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} |`)].join('\n');
console.log(sizeTable);

const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-bench-'));
writeFileSync(path.join(pages, 'bench.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/vendor/vitrine.iife.js" data-model="/models/none.json" data-auto-reorder="false"></script>');
const server = await startServer({ '/vendor/': path.join(root, 'dist/browser'), '/models/': path.join(root, 'models'), '/': pages });
const latency = await measureLatency(server.url, '/models/demo/manifest.json', 48, 200);
const history = await measureHistory(server.url);
const products = await pickProducts(path.join(root, 'data/rees46/events-2019-10-01.csv'), 4, 6);
const first = await measureFirstReorder(server.url, (name, html) => writeFileSync(path.join(pages, name), html), products);
await server.close();
const largeGrid = await measureLargeGrid(root);
const browserRow = latency.pop()!;
const latencyTable = ['| backend | what | p50 ms | p95 ms | runs | note |', '|---|---|---:|---:|---:|---|', ...latency.map((r) => `| ${r.backend} | ${r.what} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.runs} | ${r.note ?? ''} |`)].join('\n');
console.log(`\n${latencyTable}`);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const firstTable = [
  '| backend | grids hidden, median ms (runs) | DOMContentLoaded → personalised grid, median ms (runs) | outcomes |',
  '|---|---:|---:|---|',
  ...first.map((r) => `| ${r.backend} | ${median(r.hiddenMs)} (${r.hiddenMs.join(', ')}) | ${median(r.dclToOrderedMs)} (${r.dclToOrderedMs.join(', ')}) | ${[...new Set(r.outcomes)].join(', ')} |`),
].join('\n');
console.log(`\n${firstTable}`);
const historyTable = ['| history load | result |', '|---|---|', ...history.map((r) => `| ${r.what} | ${r.value} |`)].join('\n');
console.log(`\n${historyTable}`);

const section = `<!-- bench:start -->
Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, no GPU; ${browserRow.what.replace('browser: ', 'headless Chromium ')}.

### Sizes

${sizeTable}

### Re-rank latency (headless Chromium)

${latencyTable}

### Returning shopper: first personalised grid (model and SDK files cached, anti-flicker budget raised to 5 s)

${firstTable}

### History (IndexedDB) under load

${historyTable}
<!-- bench:end -->`;
const file = path.join(root, 'BENCHMARKS.md');
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- bench:start --><!-- bench:end -->\n';
writeFileSync(file, previous.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
console.log(`\n${largeGrid}`);
writeLargeGrid(file, largeGrid);
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
