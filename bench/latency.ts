import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';

export interface LatencyRow {
  backend: string;
  what: string;
  p50: number;
  p95: number;
  runs: number;
  note?: string;
}

const percentile = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Re-rank latency in headless Chromium, per tfjs backend: the built ML runtime scores
 * `items` candidates for a history of `events` events (the model reads its newest
 * `historyLength`), timed with performance.now() after a warm-up. Then the full public
 * path, `vitrine.rank()` (the cached newest events + scoring + blending), on the automatic backend.
 */
export async function measureLatency(baseUrl: string, model: string, items: number, events: number, runs = 200): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  const browser: Browser = await launchBrowser({ webgpu: true });
  try {
    for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/bench.html`);
      const times = (await page.evaluate(
        `(async () => {
          const adapter = ${JSON.stringify(backend)} === 'webgpu' ? await navigator.gpu.requestAdapter() : null;
          const { loadModel } = await import('/vendor/vitrine-ml.mjs');
          const rt = await loadModel({ url: ${JSON.stringify(model)}, backend: ${JSON.stringify(backend)}, cache: false, maxAge: 0, log: { warn: console.warn, debug() {} } });
          if (rt.backend !== ${JSON.stringify(backend)}) return { error: 'got ' + rt.backend };
          const cats = ['electronics.smartphone', 'appliances.kitchen.washer', 'computers.notebook', 'apparel.shoes'];
          const history = Array.from({ length: ${events} }, (_, i) => ({ item: 'h' + (i % 97), type: i % 7 ? 'view' : 'add_to_cart', time: Date.now() - i * 1000, attrs: { category: cats[i % 4], brand: 'b' + (i % 13), price: 10 + i } }));
          const cands = Array.from({ length: ${items} }, (_, i) => ({ id: 'c' + i, category: cats[i % 4], brand: 'b' + (i % 11), price: 5 + i * 3 }));
          for (let i = 0; i < 20; i++) await rt.score(history, cands);
          const out = [];
          for (let i = 0; i < ${runs}; i++) { const t = performance.now(); await rt.score(history, cands); out.push(performance.now() - t); }
          return { times: out, adapter: adapter ? adapter.info.architecture + (adapter.info.isFallbackAdapter ? ' (fallback)' : '') : undefined };
        })()`,
      )) as { times?: number[]; error?: string; adapter?: string };
      await page.close();
      if (!times.times) {
        rows.push({ backend, what: 'score', p50: NaN, p95: NaN, runs: 0, note: times.error });
        continue;
      }
      rows.push({ backend, what: `score ${items} items, ${events}-event history`, p50: percentile(times.times, 50), p95: percentile(times.times, 95), runs, note: times.adapter ? `adapter: ${times.adapter}` : undefined });
    }
    // the whole public path on the automatic backend: cached history + scoring + blend
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/bench.html`);
    const full = (await page.evaluate(
      `(async () => {
        const v = window.Vitrine.createVitrine({ model: ${JSON.stringify(model)}, autoTrack: false, dbName: 'vitrine-bench' });
        await v.ready();
        const cats = ['electronics.smartphone', 'appliances.kitchen.washer', 'computers.notebook', 'apparel.shoes'];
        for (let i = 0; i < ${events}; i++) await v.track({ item: 'h' + i, type: 'view', attrs: { category: cats[i % 4], brand: 'b' + (i % 13), price: 10 + i } });
        const items = Array.from({ length: ${items} }, (_, i) => ({ id: 'c' + i, category: cats[i % 4], brand: 'b' + (i % 11), price: 5 + i * 3 }));
        for (let i = 0; i < 20; i++) await v.rank(items);
        const out = [];
        for (let i = 0; i < ${runs}; i++) { await v.rank(items); out.push(v.stats().lastRankMs); }
        return { times: out, backend: v.stats().backend, events: v.stats().events };
      })()`,
    )) as { times: number[]; backend: string; events: number };
    rows.push({ backend: full.backend, what: `vitrine.rank(): ${items} items, ${full.events} stored events (cached newest events + score + blend)`, p50: percentile(full.times, 50), p95: percentile(full.times, 95), runs });
    await page.close();
    rows.push({ backend: 'n/a', what: `browser: ${browser.version()}`, p50: NaN, p95: NaN, runs: 0 });
  } finally {
    await browser.close();
  }
  return rows;
}
