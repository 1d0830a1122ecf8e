/**
 * A returning shopper's page view on a phone-class CPU (CDP CPU throttling ×4): the longest
 * main-thread task the SDK ran in while the model loaded from the device's store (read,
 * SHA-256 of every file, decoding), from a Chromium trace. Two origins: localhost (a secure
 * context: SubtleCrypto) and a plain-http host name (no `crypto.subtle`, no Cache API: the
 * JS SHA-256). `npx tsx bench/model-load.ts` prints the table; `--write` puts it into
 * BENCHMARKS.md (between its markers); `--dist DIR` serves another build's dist/browser (an
 * older commit's, for a before/after). Timings only: no pass/fail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/support/browser';
import { startServer } from '../test/support/server';
import { CATEGORIES, longTasks, type LongTask, type TraceEvent } from '../test/support/long-tasks';
import { renderStorePage } from '../demo/page';
import { pickProducts } from '../demo/products';

const RATE = 4;
const RUNS = Number(process.env.RUNS ?? 5);
/** Tasks shorter than this are not read from the trace. */
const FLOOR_MS = 8;
const INSECURE_HOST = 'shop.test';
/** How long each traced view runs: the model is ready well before (about 0.5-1 s at CPU ×4 here). */
const SETTLE_MS = 3000;
/** A user-timing mark the page sets when vitrine.ready() resolves (it shows in the trace). */
const READY_MARK = 'vitrine-bench-ready';

export interface ModelLoadRow {
  origin: string;
  sources: string[];
  /** Per run: the longest task with SDK work in it while the model loaded (from the ML runtime's request to ready()). */
  loadLongest: number[];
  /** Per run: the longest task with SDK work in it on the whole view (the loader, the first reorder too). */
  sdkLongest: number[];
  /** Per run: the longest task of any kind. */
  anyLongest: number[];
  /** Per run: when ready() resolved, ms after navigation start. */
  readyAt: number[];
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function measureModelLoad(root: string, runs = RUNS, dist = path.join(root, 'dist/browser')): Promise<{ rows: ModelLoadRow[]; browser: string }> {
  const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-model-load-'));
  const products = await pickProducts(path.join(root, 'data/rees46/events-2019-10-01.csv'), 4, 6);
  writeFileSync(path.join(pages, 'store.html'), renderStorePage({ title: 'store', scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json', products }));
  const server = await startServer({ '/vendor/': dist, '/models/': path.join(root, 'models'), '/': pages });
  const port = new URL(server.url).port;
  const browser = await launchBrowser({ args: [`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`] });
  const rows: ModelLoadRow[] = [];
  try {
    for (const [origin, base] of [
      ['localhost (secure: SubtleCrypto)', server.url],
      [`http://${INSECURE_HOST} (not secure: JS SHA-256, no Cache API)`, `http://${INSECURE_HOST}:${port}`],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
      // the page notes when the model is ready: nothing is evaluated in it while the trace runs (Playwright's own scripts would count)
      await context.addInitScript({ content: `document.addEventListener('DOMContentLoaded', () => window.vitrine?.ready?.().then(() => { window.__readyAt = performance.now(); performance.mark('${READY_MARK}'); }));` });
      const page = await context.newPage();
      const ready = async () => {
        await page.waitForFunction(() => typeof (window as any).vitrine?.ready === 'function', null, { timeout: 120_000 });
        return (await page.evaluate(`vitrine.ready().then(() => vitrine.stats())`)) as { state: string; modelSource: string };
      };
      await page.goto(`${base}/store.html`);
      await ready();
      for (const p of products.slice(-3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
      await page.waitForFunction(() => (window as any).vitrine.stats().events >= 3);
      await page.reload(); // the model loads (and is stored) for the returning shopper
      await ready();
      await page.waitForTimeout(500);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
      const row: ModelLoadRow = { origin, sources: [], loadLongest: [], sdkLongest: [], anyLongest: [], readyAt: [] };
      for (let r = 0; r < runs; r++) {
        await browser.startTracing(page, { categories: [...CATEGORIES, 'blink.user_timing'] });
        await page.reload({ waitUntil: 'commit' });
        await page.waitForTimeout(SETTLE_MS);
        const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
        const stats = (await page.evaluate(`window.__readyAt ? { ...vitrine.stats(), readyAt: Math.round(window.__readyAt) } : { state: 'not ready within ${SETTLE_MS} ms' }`)) as { state: string; modelSource: string; readyAt?: number };
        row.readyAt.push(stats.readyAt ?? NaN);
        row.sources.push(stats.state === 'ready' ? stats.modelSource : String(stats.state));
        const tasks = longTasks(events, page.url(), '/vendor/', FLOOR_MS);
        const from = events.find((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url?.includes('/vendor/vitrine-ml.mjs'))?.ts ?? Infinity;
        const to = events.find((e) => e.name === READY_MARK)?.ts ?? -Infinity;
        const longest = (ts: LongTask[]) => Math.max(0, ...ts.map((t) => t.ms));
        row.loadLongest.push(longest(tasks.filter((t) => t.sdk && t.endTs > from && t.ts < to)));
        row.sdkLongest.push(longest(tasks.filter((t) => t.sdk)));
        row.anyLongest.push(longest(tasks));
      }
      rows.push(row);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { rows, browser: browser.version() };
}

export function modelLoadTable(rows: ModelLoadRow[]): string {
  const cell = (xs: number[]) => `${median(xs)} (${xs.join(', ')})`;
  return [
    `| returning view, CPU ×${RATE} | model from | longest SDK task while the model loads, median (runs) ms | longest SDK task of the view (loader, first reorder too) ms | longest task of any kind ms | ready() at, median ms |`,
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.origin} | ${[...new Set(r.sources)].join(', ')} | ${cell(r.loadLongest)} | ${cell(r.sdkLongest)} | ${Math.max(...r.anyLongest)} | ${median(r.readyAt)} |`),
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const at = process.argv.indexOf('--dist');
  const { rows, browser } = await measureModelLoad(root, RUNS, at > 0 ? path.resolve(process.argv[at + 1]) : undefined);
  const block = `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/model-load.ts\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, headless Chromium ${browser}, CPU throttled ×${RATE} (CDP), 412×823, ${RUNS} reloads per row; tasks from a Chromium trace (an SDK task: one that ran the SDK's scripts or promise continuations; the model loads from the request for \`vitrine-ml.mjs\` to \`ready()\`).\n\n${modelLoadTable(rows)}`;
  console.log(block);
  if (process.argv.includes('--write')) {
    const file = path.join(root, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const marked = /<!-- model-load:start -->[\s\S]*<!-- model-load:end -->/;
    const section = `<!-- model-load:start -->\n${block}\n<!-- model-load:end -->`;
    writeFileSync(file, marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n## Model load on a phone-class CPU (\`npx tsx bench/model-load.ts\`)\n\n${section}\n`);
  }
}
