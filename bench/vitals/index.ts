/**
 * `npm run bench:vitals`: Web Vitals of a storefront with and without Vitrine, on the built
 * dist/ files, in Debian Chromium — 24 and 96 image cards, desktop and phone (CPU x4, 150 ms
 * RTT, 1.6 Mbps down, 750 Kbps up, 412x823), new / returning / returning with the model cache
 * cleared, each script placement of the snippet a variant of its own; then Lighthouse mobile
 * with and without. Prints the tables and writes them into BENCHMARKS.md (its own block).
 *
 *   --quick            a smoke check: 2 runs, 24 cards, two placements, 1 Lighthouse run
 *   --runs N           views per cell (default 5)
 *   --cards 24,96      grid sizes
 *   --devices desktop,phone
 *   --placements head-sync,head-async-render,body-defer (also: head-defer, head-sync-pinned-images)
 *   --scenarios new,returning,cold
 *   --lighthouse N     Lighthouse runs per page (default 3; 0: none)
 *   --engines chromium,firefox,webkit  the engines (default: all three; an engine not found is skipped
 *                      with a line). Chromium runs every cell; Firefox and WebKit (drivers of
 *                      test/support/engines/, no throttling) run the desktop cells, for the
 *                      per-engine first-view table
 *   --no-write         print only
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickProducts, type DemoProduct } from '../../demo/products';
import { startServer } from '../../test/support/server';
import { writeBlock } from '../markdown-block';
import { chromiumDriver, SDK_PATHS } from './chromium';
import { PROFILES, type EngineDriver } from './driver';
import { engineDriver } from './engines';
import { IMAGE_HEIGHT, IMAGE_WIDTH, productPng } from './images';
import { lighthouse, type LighthouseRun } from './lighthouse';
import { PLACEMENTS, renderVitalsPage, type Placement, type Variant } from './page';
import { PROBE_SOURCE } from './probe';
import { CELL_HEADER, cellRow, ENGINE_HEADER, engineRow, median, placementOutcomes, RATIO_HEADER, ratioRow } from './report';
import { runGrid, SCENARIOS, type CellRuns, type Scenario } from './scenarios';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const list = (name: string, fallback: string) => arg(name, fallback).split(',').map((s) => s.trim()).filter(Boolean);

const runs = Number(arg('runs', quick ? '2' : '5'));
const cardCounts = list('cards', quick ? '24' : '24,96').map(Number);
const devices = list('devices', 'desktop,phone') as (keyof typeof PROFILES)[];
const placements = list('placements', quick ? 'head-sync,body-defer' : 'head-sync,head-async-render,body-defer') as Placement[];
const scenarios = list('scenarios', 'new,returning,cold').map((s) => (s === 'cold' ? 'model cache cleared' : s)) as Scenario[];
const lighthouseRuns = Number(arg('lighthouse', quick ? '1' : '3'));
for (const p of placements) if (!(p in PLACEMENTS)) throw new Error(`unknown placement ${p}: one of ${Object.keys(PLACEMENTS).join(', ')}`);
for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}: new, returning, cold`);
const variants: Variant[] = ['none', ...placements];
/** Engine drivers by name. Firefox and WebKit implement EngineDriver with goto + evaluate + click (the outcome columns). */
const ENGINES: Record<string, () => Promise<EngineDriver>> = { chromium: chromiumDriver, firefox: engineDriver('firefox'), webkit: engineDriver('webkit') };
const engines = list('engines', arg('engine', 'chromium,firefox,webkit'));
for (const e of engines) if (!ENGINES[e]) throw new Error(`unknown engine ${e}: one of ${Object.keys(ENGINES).join(', ')}`);
const started = Date.now();
const loadBefore = loadavg()[0];

// the site: pages per (cards, variant), with and without the probe; pictures; the built SDK; the model
const site = mkdtempSync(path.join(tmpdir(), 'vitrine-vitals-'));
mkdirSync(path.join(site, 'img'));
const catalogs = new Map<number, DemoProduct[]>();
const csv = path.join(root, 'data/rees46/events-2019-10-01.csv');
for (const n of cardCounts) catalogs.set(n, n <= 24 ? await pickProducts(csv, 4, Math.ceil(n / 4)) : await pickProducts(csv, 8, Math.ceil(n / 8)));
const pictures = new Map<string, number>();
for (const products of catalogs.values()) {
  for (const p of products) {
    if (pictures.has(p.id)) continue;
    const png = productPng(p);
    pictures.set(p.id, png.length);
    writeFileSync(path.join(site, 'img', `${p.id}.png`), png);
  }
}
const sizes = [...pictures.values()];
const IMAGE_NOTE = `${IMAGE_WIDTH}×${IMAGE_HEIGHT}, ${(Math.min(...sizes) / 1024).toFixed(0)}–${(Math.max(...sizes) / 1024).toFixed(0)} KB, median ${(median(sizes) / 1024).toFixed(0)} KB`;
const pageName = (n: number, v: Variant, probe: boolean) => `${n}-${v}${probe ? '' : '-lh'}.html`;
for (const [n, products] of catalogs) {
  for (const v of variants) {
    for (const probe of [true, false]) {
      writeFileSync(path.join(site, pageName(n, v, probe)), renderVitalsPage({ products: products.slice(0, n), variant: v, scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json', probe: probe ? PROBE_SOURCE : undefined }));
    }
  }
}
writeFileSync(path.join(site, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title>');
// a CDN's caching: the SDK's files and the pictures are cacheable, the pages and the model files are revalidated (the SDK caches its model itself)
const cacheControl = (p: string) => (p.startsWith('/vendor/') || p.startsWith('/img/') ? 'public, max-age=86400' : 'no-store');
const server = await startServer({ '/vendor/': path.join(root, 'dist/browser'), '/models/': path.join(root, 'models'), '/': site }, 0, '127.0.0.1', { cacheControl, gzip: true });

/** Cells of the main table (the first engine's: Chromium by default) and of the per-engine first-view table. */
const cells: CellRuns[] = [];
const engineCells: { key: string; engine: string; cell: CellRuns }[] = [];
const engineNotes: string[] = [];
let mainEngine = '';
for (const name of engines) {
  let driver: EngineDriver;
  try {
    driver = await ENGINES[name]();
  } catch (error) {
    engineNotes.push(`${name}: not measured (${(error as Error).message.split('\n')[0]})`);
    console.error(engineNotes[engineNotes.length - 1]);
    continue;
  }
  // only Chromium throttles: the other engines run the unthrottled profile
  const engineDevices = name === 'chromium' ? devices : devices.filter((d) => !PROFILES[d].cpu || PROFILES[d].cpu === 1);
  const main = !mainEngine;
  if (main) mainEngine = driver.name;
  try {
    for (const device of engineDevices) {
      for (const [n, products] of catalogs) {
        const t = Date.now();
        const ran = await runGrid(driver, {
          device: PROFILES[device],
          products: products.slice(0, n),
          variants,
          scenarios,
          runs,
          sdkPaths: SDK_PATHS,
          url: (v) => `${server.url}/${pageName(n, v, true)}`,
          blankUrl: `${server.url}/blank.html`,
          onSeed: (v, ms) => process.stderr.write(`${name} ${device} ${n} seeded ${v} (${(ms / 1000).toFixed(1)} s)\n`),
          onView: (c, m, ms) => process.stderr.write(`${name} ${c.device} ${c.cards} ${c.scenario} ${c.variant}: LCP ${m.lcp} TBT ${m.tbt} outcome ${m.outcome}${m.reported ? ` (says ${m.reported})` : ''}${m.sdkRequests ? ` Vitrine ${m.sdkRequests} req ${((m.sdkBytes ?? 0) / 1024).toFixed(1)} KB` : ''}${m.unsettled ? ' UNSETTLED' : ''} ${m.diag ?? ''} (${(ms / 1000).toFixed(1)} s)\n`),
        });
        if (main) cells.push(...ran);
        engineCells.push(...ran.map((cell) => ({ key: name, engine: driver.name, cell })));
        process.stderr.write(`-- ${name} ${device} ${n} cards: ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
      }
    }
  } finally {
    await driver.close();
  }
}

// Lighthouse on the smallest grid, each variant, runs interleaved
const lhCards = Math.min(...cardCounts);
const lh = new Map<Variant, LighthouseRun[]>();
let lhNote = '';
try {
  for (let r = 0; r < lighthouseRuns; r++) {
    for (const v of variants) lh.set(v, [...(lh.get(v) ?? []), await lighthouse(`${server.url}/${pageName(lhCards, v, false)}`, SDK_PATHS)]);
  }
} catch (error) {
  lhNote = `Lighthouse could not run: ${(error as Error).message}`;
  console.error(lhNote);
}
await server.close();

const order = (c: CellRuns) => [devices.indexOf(c.device), cardCounts.indexOf(c.cards), scenarios.indexOf(c.scenario), variants.indexOf(c.variant)];
cells.sort((a, b) => {
  const x = order(a);
  const y = order(b);
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? 0 : x[i] - y[i];
});
// the page without Vitrine has no model cache to clear: its returning views are the baseline of the cache-cleared ones
const baseline = (s: Scenario): Scenario => (s === 'model cache cleared' ? 'returning' : s);
const without = (c: CellRuns) => cells.find((w) => w.variant === 'none' && w.device === c.device && w.cards === c.cards && w.scenario === baseline(c.scenario));
const cellTable = [...CELL_HEADER, ...cells.map(cellRow)].join('\n');
// per engine: the returning and cache-cleared cells with Vitrine (what the first view showed), in the main table's order
const engineTable = [
  ...ENGINE_HEADER,
  ...engineCells
    .filter(({ cell }) => cell.variant !== 'none' && cell.scenario !== 'new')
    .sort((a, b) => engines.indexOf(a.key) - engines.indexOf(b.key) || devices.indexOf(a.cell.device) - devices.indexOf(b.cell.device) || cardCounts.indexOf(a.cell.cards) - cardCounts.indexOf(b.cell.cards) || scenarios.indexOf(a.cell.scenario) - scenarios.indexOf(b.cell.scenario) || variants.indexOf(a.cell.variant) - variants.indexOf(b.cell.variant))
    .map(({ engine, cell }) => engineRow(engine, cell)),
].join('\n');
const ratioTable = [...RATIO_HEADER, ...cells.filter((c) => c.variant !== 'none' && without(c)).map((c) => ratioRow(c, without(c)!))].join('\n');

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
const signed = (n: number) => (!Number.isFinite(n) ? '–' : n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
const lhMedian = (v: Variant, pick: (r: LighthouseRun) => number) => median((lh.get(v) ?? []).map(pick));
const lhTable = lh.size
  ? [
      `| page (${lhCards} cards), Lighthouse ${lh.get('none')?.[0]?.version ?? ''} mobile | performance score: median (runs) | LCP s | FCP s | TBT ms | CLS | unused JavaScript KiB (Vitrine’s; Lighthouse lists a file from 20 KiB unused) | transferred KiB (Vitrine’s) |`,
      '|---|---|---:|---:|---:|---:|---|---|',
      ...variants.map((v) => {
        const rs = lh.get(v) ?? [];
        const delta = v === 'none' ? '' : `${signed(lhMedian(v, (r) => r.score) - lhMedian('none', (r) => r.score))} vs without; `;
        return `| ${v === 'none' ? 'without Vitrine' : v} | **${f(lhMedian(v, (r) => r.score))}** (${delta}runs ${rs.map((r) => r.score).join(', ')}) | ${f(lhMedian(v, (r) => r.lcp) / 1000, 2)} | ${f(lhMedian(v, (r) => r.fcp) / 1000, 2)} | ${f(lhMedian(v, (r) => r.tbt))} | ${f(lhMedian(v, (r) => r.cls), 3)} | ${f(lhMedian(v, (r) => r.unusedJs) / 1024, 1)} (${f(lhMedian(v, (r) => r.unusedJsSdk) / 1024, 1)}) | ${f(lhMedian(v, (r) => r.bytes) / 1024, 1)} (${f(lhMedian(v, (r) => r.sdkBytes) / 1024, 1)}) |`;
      }),
    ].join('\n')
  : lhNote || 'Lighthouse: not run (--lighthouse 0).';

// the placement verdicts, from these numbers
const byOutcome = placementOutcomes(cells).sort((a, b) => b.personalised / (b.of || 1) - a.personalised / (a.of || 1) || a.shownThenHidden - b.shownThenHidden || a.hiddenMedian - b.hiddenMedian);
const byLighthouse = placements
  .filter((p) => lh.has(p))
  .sort((a, b) => lhMedian(b, (r) => r.score) - lhMedian(a, (r) => r.score) || lhMedian(a, (r) => r.lcp) - lhMedian(b, (r) => r.lcp));
const verdict = [
  `- Returning shopper, first view personalised as the page saw it, all returning cells together: ${byOutcome.map((o) => `${o.variant} ${o.personalised} of ${o.of} (shown then hidden in ${o.shownThenHidden} of ${o.views} views, hidden median ${f(o.hiddenMedian)} ms)`).join('; ')}. Best: **${byOutcome[0]?.variant ?? '–'}**.`,
  byLighthouse.length
    ? `- New visitor, Lighthouse mobile: ${byLighthouse.map((p) => `${p} ${f(lhMedian(p, (r) => r.score))} (LCP ${f(lhMedian(p, (r) => r.lcp) / 1000, 2)} s)`).join('; ')}; without Vitrine ${f(lhMedian('none', (r) => r.score))}. Best: **${byLighthouse[0]}**.`
    : '- New visitor, Lighthouse mobile: not measured.',
].join('\n');

const minutes = ((Date.now() - started) / 60000).toFixed(1);
const block = `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:vitals\`${argv.length ? ` (${argv.join(' ')})` : ''} on the built dist/ files, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, shared (load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), ${mainEngine} headless (the main tables; the per-engine table below adds ${engines.filter((e) => e !== 'chromium').join(', ') || 'no other engine'}); ${runs} views per cell; ${minutes} min in all.

The page: a storefront of real products (the demo catalog picked from the REES46 log), one PNG picture per card (${IMAGE_NOTE}), \`width\`/\`height\` set, the first 4 eager (the first \`fetchpriority="high"\`), the rest \`loading="lazy"\`; a small store script (tap → basket). "without Vitrine" is the same page minus the script tag. Placements of the snippet (\`bench/vitals/page.ts\`): ${placements.map((p) => `\`${p}\``).join(', ')}. Served gzip (text), the SDK's files and pictures cacheable for a day, pages and model files \`no-store\` (the SDK caches its model itself); HTTP/1.1. Devices: desktop ${PROFILES.desktop.viewport.width}×${PROFILES.desktop.viewport.height}; phone ${PROFILES.phone.viewport.width}×${PROFILES.phone.viewport.height} with CDP CPU ×${PROFILES.phone.cpu} and ${PROFILES.phone.network!.rttMs} ms RTT, ${PROFILES.phone.network!.downKbps / 1000} Mbps down, ${PROFILES.phone.network!.upKbps} Kbps up. Visitors: new (empty profile each view); returning (one profile per page variant, seeded by a first visit with 4 card clicks and the model loaded, then a fresh navigation per view; each view's tap adds a click); model cache cleared (the same profile, the model's stores (Cache API, IndexedDB \`vitrine-models\`) emptied before the view, the history and shopper snapshot kept; the HTTP cache keeps the SDK's files; its "without" is the returning one: that page has no model cache). Seeding visits run without the phone's throttling (they are not measured).

Figures: median (p90) over the views; LCP, FCP, CLS (largest session window), TBT (long tasks after FCP, each over 50 ms, until the view settled), longest task (PerformanceObserver \`longtask\`; "Vitrine in it": a long animation frame overlapping it ran a script of the SDK; "Vitrine frame": the longest such frame), tap INP (CDP Input tap on the first card after the view settled, Event Timing), network (requests not answered from a cache, as CDP Network events report them, and their bytes, headers included; where CDP lost a total, for a fetch the page read to its end before the load completed, as the model files often are, Resource Timing's \`transferSize\`; in brackets those of /vendor/ and /models/), the grid's hidden time as a requestAnimationFrame probe in the page saw it (the page's first script), whether a frame showed the grid and a later frame hid it, whether the order changed between two consecutive visible frames ("moved in view"), and the first-view outcome: the first frame showing the grid had the order of an explicit \`await vitrine.reorder()\` afterwards ("page order": the page's own order, or the part parsed so far). \`firstReorder()\` says: what the SDK reported, and where \`stats().modelSource\` says the model came from.

${cellTable}

Ratios against the same page without Vitrine, same run (medians):

${ratioTable}

### First view by engine (returning shopper)

Each engine's own view of the same pages: Chromium's cells are those of the table above; Firefox and WebKit run the desktop profile unthrottled, in their own window size (the drivers of test/support/engines/: no CPU or network throttling, no request counts, no tap), so only the outcome columns are filled.${engineNotes.length ? ` ${engineNotes.join('; ')}.` : ''}

${engineTable}

### Lighthouse mobile, new visitor

${lhTable}

### Where the snippet goes

${verdict}`;

console.log(`\n${block}`);
if (!argv.includes('--no-write')) {
  writeBlock(path.join(root, 'BENCHMARKS.md'), 'vitals', '## Web Vitals: the storefront with and without Vitrine (`npm run bench:vitals`)', block);
  console.log('\nwrote BENCHMARKS.md (the vitals block)');
}
