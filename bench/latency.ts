import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';

export interface LatencyRow {
  what: string;
  p50: number;
  p90: number;
  /** Samples; each is the mean of `batch` back-to-back calls (performance.now() is coarsened to 0.1 ms here). */
  samples: number;
  batch: number;
}

export interface LatencyResult {
  rows: LatencyRow[];
  /** vitrine.rank() p50 over the floor's p50. */
  ratio: number;
  backend: string;
  browser: string;
}

/** Page code: `time(name, fn)` takes batched samples of an async function (warm-up first) and returns a LatencyRow. */
const TIMER = `async (what, fn, runs) => {
  for (let i = 0; i < 50; i++) await fn();
  let t = performance.now();
  for (let i = 0; i < 20; i++) await fn();
  const batch = Math.max(1, Math.ceil(2 / Math.max((performance.now() - t) / 20, 0.001)));
  const samples = [];
  for (let s = 0; s < runs; s++) {
    t = performance.now();
    for (let k = 0; k < batch; k++) await fn();
    samples.push((performance.now() - t) / batch);
  }
  samples.sort((a, b) => a - b);
  return { what, p50: samples[Math.floor(samples.length / 2)], p90: samples[Math.floor(samples.length * 0.9)], samples: runs, batch };
}`;

/**
 * Re-ranking a page in headless Chromium against its floor, in one page: `items` candidates,
 * `events` stored events (the model reads its newest `historyLength`).
 * - floor: the model's arithmetic in plain typed arrays with every input already encoded
 *   (history rows and weights, candidate rows and weights, as many tokens per item as the
 *   model's items have), then an argsort: what re-ranking cannot go below;
 * - the built runtime's score() on the JS engine;
 * - `vitrine.rank()`, the public path on the default backend: the cached newest events,
 *   encoding, scoring, guardrails and blending with the page order.
 */
export async function measureLatency(baseUrl: string, model: string, items: number, events: number, runs = 200): Promise<LatencyResult> {
  const browser: Browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/bench.html`);
    const out = (await page.evaluate(
      `(async () => {
        const time = ${TIMER};
        const cats = ['electronics.smartphone', 'appliances.kitchen.washer', 'computers.notebook', 'apparel.shoes'];
        const attrs = (i) => ({ category: cats[i % 4] + '.k' + (i % 37), brand: 'b' + (i % 13), price: 10 + i });
        const list = Array.from({ length: ${items} }, (_, i) => ({ id: 'c' + i, category: cats[i % 4] + '.k' + (i % 29), brand: 'b' + (i % 11), price: 5 + i * 3 }));
        const v = window.Vitrine.createVitrine({ model: ${JSON.stringify(model)}, autoTrack: false, dbName: 'vitrine-bench-latency' });
        await v.ready();
        await v.forget();
        for (let i = 0; i < ${events}; i++) await v.track({ item: 'h' + i, type: i % 7 ? 'view' : 'add_to_cart', attrs: attrs(i) });
        const { loadModel } = await import('/vendor/vitrine-ml.mjs');
        const rt = await loadModel({ url: ${JSON.stringify(model)}, backend: 'js', cache: true, maxAge: 3600000, log: { warn: console.warn, debug() {} } });
        const history = await v.history(${events});
        const spec = rt.manifest.features;
        const dim = rt.manifest.dim;
        // the floor's inputs: the model's table size, its items' token count (id, category levels, brand, price band)
        const tokens = 1 + 3 + 1 + 1;
        const n = Math.min(history.length, spec.historyLength);
        const table = Float32Array.from({ length: spec.buckets * dim }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);
        const hRows = Int32Array.from({ length: n * tokens }, (_, i) => (i * 40503) % spec.buckets);
        const hW = new Float32Array(n * tokens).fill(1 / tokens);
        const a = new Float64Array(n).fill(1 / n);
        const cRows = Int32Array.from({ length: ${items} * tokens }, (_, i) => (i * 69069 + 7) % spec.buckets);
        const cW = new Float32Array(${items} * tokens).fill(1 / tokens);
        const order = Int32Array.from({ length: ${items} }, (_, i) => i);
        const floor = async () => {
          const u = new Float64Array(dim);
          for (let j = 0; j < n; j++) for (let t = 0; t < tokens; t++) { const w = a[j] * hW[j * tokens + t], r = hRows[j * tokens + t] * dim; for (let k = 0; k < dim; k++) u[k] += w * table[r + k]; }
          const s = new Float32Array(${items});
          for (let i = 0; i < ${items}; i++) { let x = 0; for (let t = 0; t < tokens; t++) { const r = cRows[i * tokens + t] * dim; let d = 0; for (let k = 0; k < dim; k++) d += u[k] * table[r + k]; x += cW[i * tokens + t] * d; } s[i] = x; }
          order.sort((p, q) => s[q] - s[p]);
        };
        const recent = history.slice(0, spec.historyLength);
        const rows = [
          await time('floor: the arithmetic on encoded inputs + argsort', floor, ${runs}),
          await time('runtime.score(), JS engine', () => rt.score(recent, list), ${runs}),
          await time('vitrine.rank() (' + v.stats().backend + ')', () => v.rank(list), ${runs}),
        ];
        const backend = v.stats().backend;
        await v.forget();
        v.destroy();
        return { rows, backend };
      })()`,
    )) as { rows: LatencyRow[]; backend: string };
    await page.close();
    const ratio = out.rows[2].p50 / out.rows[0].p50;
    return { rows: out.rows, ratio, backend: out.backend, browser: browser.version() };
  } finally {
    await browser.close();
  }
}
