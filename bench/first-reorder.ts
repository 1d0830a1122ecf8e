import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { renderStorePage } from '../demo/page';
import type { DemoProduct } from '../demo/products';

export interface FirstReorderRow {
  backend: string;
  hiddenMs: number[];
  dclToOrderedMs: number[];
  outcomes: string[];
}

/**
 * A returning shopper's page view per backend, model and SDK files cached: how long the
 * grids stayed hidden (anti-flicker) and the time from DOMContentLoaded to the grid
 * shown in its personalised order. The budget is raised so every run completes.
 */
export async function measureFirstReorder(baseUrl: string, writePage: (name: string, html: string) => void, products: DemoProduct[], runs = 5): Promise<FirstReorderRow[]> {
  const browser: Browser = await launchBrowser({ webgpu: true });
  const rows: FirstReorderRow[] = [];
  try {
    for (const backend of ['js', 'wasm', 'cpu', 'webgl', 'webgpu']) {
      const name = `first-${backend}.html`;
      writePage(name, renderStorePage({ title: name, scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json', products, scriptAttrs: { 'data-backend': backend, 'data-anti-flicker': '5000' } }));
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl}/${name}`);
      await page.waitForFunction(() => (window as any).vitrine?.firstReorder?.());
      for (const p of products.slice(-3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
      await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
      const row: FirstReorderRow = { backend, hiddenMs: [], dclToOrderedMs: [], outcomes: [] };
      for (let i = 0; i < runs; i++) {
        await page.reload();
        await page.waitForFunction(() => (window as any).vitrine?.firstReorder?.());
        const r = (await page.evaluate(`({ first: vitrine.firstReorder(), dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart, backend: vitrine.stats().backend })`)) as {
          first: { hiddenMs: number; outcome: string; at: number };
          dcl: number;
          backend: string;
        };
        row.hiddenMs.push(r.first.hiddenMs);
        row.dclToOrderedMs.push(Math.round(r.first.at - r.dcl));
        row.outcomes.push(r.backend === backend ? r.first.outcome : `fell back to ${r.backend}`);
      }
      rows.push(row);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}
