import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, ready, watch, MODEL, type Browser, type BrowserContext, type Page, type Site } from './harness';
import { FRAME_SAMPLER, longPage, type Placement } from '../fixtures/themes/long-page';

/**
 * Issue 14, "no visible reorder, ever": on a long page whose first paint comes before a deferred
 * script runs, with fast and slow responses for the SDK's script, the grid in view and below the
 * fold, a returning shopper (ordered from the shopper snapshot, or by the model when there is
 * none): the grid's order is sampled at every frame, and it may change at most once, before the
 * grid is first shown. Prints, per view, whether the first order shown was the personalised one.
 */

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

interface Frame {
  at: number;
  order: string;
  shown: boolean;
  onScreen: boolean;
  loading: boolean;
}

const FAIL_SAFE_MS = 1000;
const SPEEDS = { fast: 0, slow: 600, 'too slow': 2500 } as const;
type Speed = keyof typeof SPEEDS;

/** A context whose SDK script answers after `delay` ms (the rest of the site at once). */
async function delayed(context: BrowserContext, delay: () => number) {
  await context.route('**/vendor/vitrine.iife.js', async (route) => {
    const ms = delay();
    if (ms) await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

const results: string[] = [];

for (const placement of ['sync', 'snippet', 'defer'] as Placement[]) {
  test(`long page, snippet "${placement}": the grid's visible order never changes once shown (fast and slow SDK, grid in view and below the fold, snapshot and model)`, async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    let delay = 0;
    await delayed(context, () => delay);
    await context.addInitScript({ content: FRAME_SAMPLER });
    const page = await context.newPage();
    const log = watch(page);
    const url = (below: boolean) => site.html(`long-${placement}-${below ? 'below' : 'top'}`, longPage({ placement, below, products: site.products, model: MODEL, failSafeMs: FAIL_SAFE_MS }));
    const pageOrder = site.products.map((p) => p.id).join();

    // the first visit: three clicks on one category (the model loads after the first one), the snapshot stored
    await page.goto(url(false));
    await ready(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    for (const p of last.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] .product-link`);
    await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3, undefined, { timeout: 20_000 });
    // the personalised order: the model's, from the page order
    await page.evaluate(() => (window as any).vitrine.reorder());
    const personal = await page.$$eval('#grid [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem).join());
    assert.notEqual(personal, pageOrder, 'this history personalises the grid');

    for (const source of ['snapshot', 'model'] as const) {
      for (const speed of Object.keys(SPEEDS) as Speed[]) {
        for (const below of [false, true]) {
          const view = `${placement} / ${speed} SDK / grid ${below ? 'below the fold' : 'in view'} / ${source}`;
          if (source === 'model') await page.evaluate(() => localStorage.removeItem('vitrine:snapshot'));
          delay = SPEEDS[speed];
          await page.goto(url(below));
          await page.waitForFunction(() => (window as any).vitrine?.firstReorder?.() != null, undefined, { timeout: 20_000 });
          const first = (await page.evaluate('vitrine.firstReorder()')) as { outcome: string; source: string };
          if (below) {
            await page.evaluate(() => document.getElementById('grid')!.scrollIntoView());
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          }
          await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
          const frames = (await page.evaluate('window.__frames')) as Frame[];
          const timing = (await page.evaluate(`({ fp: performance.getEntriesByName('first-paint')[0]?.startTime ?? null, sdkAt: window.__sdkAt })`)) as { fp: number | null; sdkAt: number | null };
          const complete = frames.filter((f) => f.order.split(',').length === site.products.length);
          const seen = complete.filter((f) => f.shown && f.onScreen);
          assert.ok(seen.length > 0, `${view}: the grid was shown`);
          // the order the shopper saw never changed
          const shownOrders = new Set(seen.map((f) => f.order));
          assert.equal(shownOrders.size, 1, `${view}: the visible order changed after the grid was shown: ${JSON.stringify(frames.map((f) => ({ ...f, order: f.order === pageOrder ? 'page' : f.order === personal ? 'personal' : 'other' })))}`);
          // the complete grid's order changed at most once, and not after it was first shown
          let changes = 0;
          for (let i = 1; i < complete.length; i++) if (complete[i].order !== complete[i - 1].order) changes++;
          assert.ok(changes <= 1, `${view}: ${changes} changes`);
          const firstShown = seen[0].order;
          const inTime = firstShown === personal;
          assert.ok(inTime || firstShown === pageOrder, `${view}: shown either personalised or in the page order`);
          const paintedFirst = timing.fp !== null && timing.sdkAt !== null && timing.fp < timing.sdkAt;
          results.push(`${view}: ${inTime ? 'personalised when first shown' : 'page order kept'} (firstReorder ${first.outcome}/${first.source}; first paint ${timing.fp?.toFixed(0)} ms, SDK running by ${timing.sdkAt?.toFixed(0)} ms${paintedFirst ? ', painted first' : ''})`);
          // when it must be in time: the SDK runs before the grid can be seen (sync; snippet within its fail-safe; below the fold)
          // (the snippet's case is judged by when the SDK actually ran, as the page measured it, not by the
          // configured delay: on a loaded machine a 600 ms response can start running after the 1,000 ms fail-safe)
          const ranWithinFailSafe = timing.sdkAt !== null && timing.sdkAt < FAIL_SAFE_MS;
          const mustBeInTime = placement === 'sync' || below || (placement === 'snippet' && ranWithinFailSafe);
          if (mustBeInTime && source === 'snapshot') assert.ok(inTime, `${view}: personalised in time`);
        }
      }
    }
    assert.deepEqual(log.errors, []);
    await context.close();
  });
}

test('long-page results', () => {
  console.log(results.join('\n'));
});
