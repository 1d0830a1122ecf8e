/**
 * `npm run bench`: bundle and model sizes against their budgets, the engine table (every
 * engine x job size, the source of the `auto` policy), re-rank latency against its floor,
 * first personalised grid and history load, in headless Chromium; prints the tables and
 * writes them into BENCHMARKS.md (between markers).
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/support/server';
import { pickProducts } from '../demo/products';
import { AUTO_WEBGPU_FROM } from '../src/model/runtime/policy';
import { engineTable, fastestBySize, measureEngines } from './engines';
import { measureFirstReorder } from './first-reorder';
import { measureHistory } from './history';
import { measureLatency } from './latency';
import { measureLargeGrid, writeLargeGrid } from './large-grid';
import { budgetTable, checkBudgets, measureSizes, sizeTable } from './sizes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ms = (n: number) => (!Number.isFinite(n) ? '–' : n >= 10 ? n.toFixed(1) : n.toFixed(3));

const sizes = measureSizes(root, 'models/demo');
const sizesMd = sizeTable(sizes);
const budgetsMd = budgetTable(checkBudgets(sizes));
console.log(`${sizesMd}\n\n${budgetsMd}`);

const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-bench-'));
writeFileSync(path.join(pages, 'bench.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/vendor/vitrine.iife.js" data-model="/models/none.json" data-auto-reorder="false"></script>');
const server = await startServer({ '/vendor/': path.join(root, 'dist/browser'), '/models/': path.join(root, 'models'), '/': pages });
const loadBefore = loadavg()[0];
const engines = await measureEngines(server.url, '/models/demo/manifest.json');
const loadAfter = loadavg()[0];
const fastestMd = (which: 'prepared' | 'endToEnd') => fastestBySize(engines.rows, which).map((f) => `${f.size.toLocaleString('en-US')}: ${f.engine} (${ms(f.p50)} ms)`).join('; ');
const enginesMd = `Engine only (candidates prepared once, \`score(history, prepare(candidates))\`):

${engineTable(engines.rows, 'prepared')}

Fastest per size (p50): ${fastestMd('prepared')}.

End to end (\`score(history, candidates)\`, the same candidates each job: encoding included, memoised up to 4,096 items):

${engineTable(engines.rows, 'endToEnd')}

Fastest per size (p50): ${fastestMd('endToEnd')}.`;
console.log(`\n${enginesMd}\n\nload average (1 min) ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
const latency = await measureLatency(server.url, '/models/demo/manifest.json', 48, 200);
const latencyMd = ['| 48 items, 200 stored events | p50 ms | p90 ms | samples × batch |', '|---|---:|---:|---:|', ...latency.rows.map((r) => `| ${r.what} | ${ms(r.p50)} | ${ms(r.p90)} | ${r.samples} × ${r.batch} |`)].join('\n');
console.log(`\n${latencyMd}\n\nvitrine.rank() / floor (p50): ${latency.ratio.toFixed(1)}x`);
const history = await measureHistory(server.url);
const largeGrid = await measureLargeGrid(root);
const products = await pickProducts(path.join(root, 'data/rees46/events-2019-10-01.csv'), 4, 6);
const first = await measureFirstReorder(server.url, (name, html) => writeFileSync(path.join(pages, name), html), products);
await server.close();
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
Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, no GPU; headless Chromium ${engines.browser}.

### Sizes

${sizesMd}

Budgets (\`test/dist/budgets.test.ts\` fails above them):

${budgetsMd}

### Engines by job size

The built ML runtime's \`score()\` for a 200-event history (the model reads its newest 50) and N distinct candidates, one fresh browser context per engine; setup = \`import()\` of the runtime + \`loadModel\` (model download and verification; for a tfjs backend its chunks, initialisation and the table upload). \`auto\` shows the engine its policy picked (src/model/runtime/policy.ts: the JS engine, except jobs from ${AUTO_WEBGPU_FROM.toLocaleString('en-US')} candidates where a hardware WebGPU adapter exists). WebGL and WebGPU run on SwiftShader (software): their numbers say nothing about real GPUs, and no real GPU was available for this run. Load average (1 min) of the machine: ${loadBefore.toFixed(1)} before the table, ${loadAfter.toFixed(1)} after (2 cores, shared).

${enginesMd}

### Re-rank latency against its floor (headless Chromium)

${latencyMd}

\`vitrine.rank()\` / floor (p50): ${latency.ratio.toFixed(1)}×.

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
