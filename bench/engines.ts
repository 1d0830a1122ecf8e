import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';

export const ENGINE_SIZES = [48, 500, 5_000, 50_000, 100_000] as const;
export const ENGINES = ['js', 'cpu', 'wasm', 'webgl', 'webgpu', 'auto'] as const;

export interface Timing {
  p50: number;
  p90: number;
  /** Samples taken; each is the mean of `batch` back-to-back jobs (performance.now() is coarsened to 0.1 ms here). */
  samples: number;
  batch: number;
}

export interface EngineCell {
  size: number;
  /** The engine that ran the job (for 'auto': the policy's pick). */
  used: string;
  /** score(history, candidates): the same candidate objects each job (encoding included; the token memo holds up to 4,096 items). */
  endToEnd: Timing;
  /** score(history, prepare(candidates)): candidates encoded once, the engine's own work per job. */
  prepared: Timing;
  /** The first job of this size, before any warm-up (for 'auto' above its threshold: includes loading tfjs). */
  firstMs: number;
}

export interface EngineRow {
  engine: string;
  /** import() of the runtime + loadModel (download, verify, decode; for a tfjs backend: its chunks, init and the table upload). */
  setupMs: number;
  cells: EngineCell[];
  note?: string;
}

/**
 * The engine table: the built ML runtime in headless Chromium (one fresh browser context per
 * engine, so setup includes downloading its chunks), every engine scoring 48 … 100,000
 * distinct candidates for a 200-event history (the model reads its newest `historyLength`),
 * through `runtime.score()`: end to end (encoding the candidates included: every engine pays
 * it) and with the candidates prepared once (the engine's own work). Each timing takes samples
 * for up to `budgetMs` (at least 3, at most 60).
 */
export async function measureEngines(baseUrl: string, model: string, opts: { sizes?: readonly number[]; engines?: readonly string[]; events?: number; budgetMs?: number } = {}): Promise<{ rows: EngineRow[]; browser: string }> {
  const sizes = opts.sizes ?? ENGINE_SIZES;
  const browser: Browser = await launchBrowser({ webgpu: true });
  const rows: EngineRow[] = [];
  try {
    for (const engine of opts.engines ?? ENGINES) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl}/bench.html`);
      const out = (await page.evaluate(
        `(async () => {
          const cats = ['electronics.smartphone', 'appliances.kitchen.washer', 'computers.notebook', 'apparel.shoes', 'furniture.living_room.sofa'];
          const history = Array.from({ length: ${opts.events ?? 200} }, (_, i) => ({ item: 'h' + (i % 97), type: i % 7 ? 'view' : 'add_to_cart', time: Date.now() - i * 1000, attrs: { category: cats[i % 5] + '.k' + (i % 37), brand: 'b' + (i % 13), price: 10 + i } }));
          // distinct candidates; the first ten are history items (the repeat term runs)
          const make = (n) => Array.from({ length: n }, (_, i) => ({ id: i < 10 ? 'h' + i : 's' + i, category: cats[i % 5] + '.k' + (i % 37), brand: 'b' + (i % 101), price: 3 + ((i * 7919) % 2000) }));
          const t0 = performance.now();
          const { loadModel } = await import('/vendor/vitrine-ml.mjs');
          const rt = await loadModel({ url: ${JSON.stringify(model)}, backend: ${JSON.stringify(engine)}, cache: false, maxAge: 0, log: { warn: console.warn, debug() {} } });
          const setupMs = performance.now() - t0;
          const timing = async (job) => {
            for (let i = 0; i < 2; i++) await job();
            let t = performance.now();
            await job();
            const batch = Math.max(1, Math.ceil(2 / Math.max(performance.now() - t, 0.005)));
            const samples = [];
            const start = performance.now();
            while (samples.length < 60 && (samples.length < 3 || performance.now() - start < ${opts.budgetMs ?? 4000})) {
              t = performance.now();
              for (let k = 0; k < batch; k++) await job();
              samples.push((performance.now() - t) / batch);
            }
            samples.sort((a, b) => a - b);
            const at = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
            return { p50: at(0.5), p90: at(0.9), samples: samples.length, batch };
          };
          const cells = [];
          for (const size of ${JSON.stringify(sizes)}) {
            const cands = make(size);
            const t = performance.now();
            await rt.score(history, cands);
            const firstMs = performance.now() - t;
            const endToEnd = await timing(() => rt.score(history, cands));
            const ready = rt.prepare(cands);
            const prepared = await timing(() => rt.score(history, ready));
            cells.push({ size, used: rt.backend, endToEnd, prepared, firstMs });
          }
          const adapter = ${JSON.stringify(engine)} === 'webgpu' && navigator.gpu ? await navigator.gpu.requestAdapter() : null;
          rt.dispose();
          return { setupMs, cells, note: adapter ? 'adapter: ' + adapter.info.architecture + (adapter.info.isFallbackAdapter ? ' (fallback)' : '') : undefined };
        })()`,
      )) as Omit<EngineRow, 'engine'>;
      rows.push({ engine, ...out });
      await context.close();
    }
    return { rows, browser: browser.version() };
  } finally {
    await browser.close();
  }
}

const num = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toFixed(3));

/** Markdown: one row per engine, p50 / p90 ms per job size (of the end-to-end or the prepared timing), setup. */
export function engineTable(rows: readonly EngineRow[], which: 'endToEnd' | 'prepared'): string {
  const sizes = rows[0]?.cells.map((c) => c.size) ?? [];
  const head = `| engine | setup ms | ${sizes.map((s) => `${num(s)}: p50 / p90 ms`).join(' | ')} | note |`;
  const lines = [head, `|---|---:|${sizes.map(() => '---:').join('|')}|---|`];
  for (const r of rows) {
    const cells = r.cells.map((c) => `${ms(c[which].p50)} / ${ms(c[which].p90)}${r.engine === 'auto' ? ` (${c.used})` : c.used !== r.engine ? ` (ran on ${c.used})` : ''}`);
    lines.push(`| ${r.engine} | ${ms(r.setupMs)} | ${cells.join(' | ')} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}

/** The fastest engine per size (p50 of the given timing), 'auto' left out: what the policy should pick. */
export function fastestBySize(rows: readonly EngineRow[], which: 'endToEnd' | 'prepared'): { size: number; engine: string; p50: number }[] {
  const named = rows.filter((r) => r.engine !== 'auto');
  return (named[0]?.cells ?? []).map((_, i) => {
    const best = named.reduce((a, b) => (b.cells[i][which].p50 < a.cells[i][which].p50 ? b : a));
    return { size: best.cells[i].size, engine: best.engine, p50: best.cells[i][which].p50 };
  });
}
