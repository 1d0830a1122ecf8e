import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';

export interface HistoryRow {
  what: string;
  value: string;
}

const percentile = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * History load in headless Chromium through the built script-tag SDK: concurrent tabs,
 * a long burst against the bound, and the read of the newest events.
 */
export async function measureHistory(baseUrl: string): Promise<HistoryRow[]> {
  const browser: Browser = await launchBrowser();
  const rows: HistoryRow[] = [];
  try {
    const context = await browser.newContext();
    const tabs = await Promise.all(Array.from({ length: 5 }, () => context.newPage()));
    for (const t of tabs) await t.goto(`${baseUrl}/bench.html`);
    const make = (limit: number) => `window.v = Vitrine.createVitrine({ autoTrack: false, historyLimit: ${limit}, dbName: 'bench-history' }); await window.v.ready();`;
    await Promise.all(tabs.map((t) => t.evaluate(`(async () => { ${make(2000)} })()`)));
    const start = Date.now();
    await Promise.all(tabs.map((t, i) => t.evaluate(`(async () => { for (let k = 0; k < 200; k++) await v.track({ item: 'tab${i}-' + k, type: 'view' }); })()`)));
    const seconds = (Date.now() - start) / 1000;
    const stored = (await tabs[0].evaluate(`v.history(5000).then((h) => h.length)`)) as number;
    rows.push({ what: '5 tabs × 200 events written concurrently (limit 2000)', value: `${stored} stored, ${1000 - stored} lost, ${seconds.toFixed(1)} s` });
    await context.close();

    const page = await browser.newPage();
    await page.goto(`${baseUrl}/bench.html`);
    const bound = (await page.evaluate(`(async () => {
      ${make(500)}
      const t = performance.now();
      for (let b = 0; b < 100; b++) { const calls = []; for (let k = 0; k < 100; k++) calls.push(v.track({ item: 'e' + (b * 100 + k), type: 'view' })); await Promise.all(calls); }
      const ms = performance.now() - t;
      const reads = [];
      for (let i = 0; i < 100; i++) { const r = performance.now(); await v.history(200); reads.push(performance.now() - r); }
      return { stored: (await v.history(100000)).length, events: v.stats().events, ms, reads };
    })()`)) as { stored: number; events: number; ms: number; reads: number[] };
    rows.push({ what: '10,000 events in bursts of 100 (default limit 500)', value: `${bound.stored} stored (bound 500), ${(bound.ms / 100).toFixed(1)} ms per burst` });
    rows.push({ what: 'read of the newest 200 events (`history(200)` from IndexedDB)', value: `p50 ${percentile(bound.reads, 50).toFixed(1)} ms, p95 ${percentile(bound.reads, 95).toFixed(1)} ms` });
    await page.close();
  } finally {
    await browser.close();
  }
  return rows;
}
