import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, gridOrder, ready, FIRST_VISIBLE_PROBE, type Browser, type Page, type Site } from './harness';

/** Records layout shifts (CLS) and the grid order at the moment the grid first becomes visible. */
const OBSERVE = `
window.__cls = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
${FIRST_VISIBLE_PROBE}`;

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

/**
 * The shopper snapshot of the default database made a stub (history, but no scores: what the full SDK
 * stores when the model has not loaded yet, the first page after a first click): the next view waits for the model.
 */
const DROP_SNAPSHOT = "localStorage.setItem('vitrine:snapshot', JSON.stringify({ ...JSON.parse(localStorage.getItem('vitrine:snapshot')), rows: undefined }))";

async function returningVisit(page: Page, antiFlicker: string, o: { snapshot?: boolean } = {}) {
  await page.goto(site.page(`flicker-${antiFlicker}`, { scriptAttrs: { 'data-anti-flicker': antiFlicker } }));
  await ready(page);
  const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
  for (const p of last.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
  await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
  // the full SDK loads in idle time after the first click and stores the snapshot
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3);
  if (o.snapshot === false) await page.evaluate(DROP_SNAPSHOT);
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null);
  await page.waitForTimeout(300);
  return page.evaluate(`({ cls: window.__cls, first: vitrine.firstReorder(), firstVisible: window.__firstVisibleOrder,
    dclToReady: performance.now() - performance.getEntriesByType('navigation')[0].domContentLoadedEventStart, backend: vitrine.stats().backend })`) as Promise<{
    cls: number;
    first: { hiddenMs: number; outcome: string };
    firstVisible: string[];
    backend: string;
  }>;
}

test('with the default anti-flicker budget the grid appears once, in its final order: reordering adds no layout shift', async () => {
  const context = await browser.newContext();
  await context.addInitScript({ content: OBSERVE });
  const page = await context.newPage();
  const out = await returningVisit(page, '150');
  const final = await gridOrder(page);
  assert.ok(['reordered', 'timeout'].includes(out.first.outcome), JSON.stringify(out.first));
  // the budget is a 150 ms timer; on a loaded 2-core CI machine the timer itself may fire late
  assert.ok(out.first.hiddenMs <= 250, `hidden ${out.first.hiddenMs} ms`);
  assert.deepEqual(out.firstVisible, final, 'the first visible order is the final one: no jump');
  assert.equal(out.cls, 0);
  console.log(`# anti-flicker 150: ${JSON.stringify(out.first)} on ${out.backend}`);
  await context.close();
});

test('the check can fail: without a snapshot and without hiding, the page order is seen before the reorder (a jump CLS does not count)', async () => {
  const context = await browser.newContext();
  await context.addInitScript({ content: OBSERVE });
  const page = await context.newPage();
  const out = await returningVisit(page, '0', { snapshot: false });
  const final = await gridOrder(page);
  assert.equal(out.first.outcome, 'reordered');
  assert.notDeepEqual(out.firstVisible, final, 'the page order was visible before the reorder');
  // Layout Instability treats moved DOM nodes as newly inserted, so CLS stays 0 even here: CLS alone
  // cannot prove "no jump", which is why the first test also compares the first visible order.
  assert.equal(out.cls, 0);
  await context.close();
});

test('without a snapshot, when the budget runs out, grids in view keep the page order and grids below the fold are still personalised', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  const page = await context.newPage();
  // a 1 ms budget: always too short; a second copy of the grid far below the fold
  const below = '<div style="height: 4000px"></div><ul id="below" data-vitrine-grid>' + site.products.map((p) => `<li data-vitrine-item="${p.id}" data-vitrine-category="${p.category}" data-vitrine-brand="${p.brand}" data-vitrine-price="${p.price}">${p.id}</li>`).join('') + '</ul>';
  await page.goto(site.page('budget-out', { scriptAttrs: { 'data-anti-flicker': '1' } }));
  await ready(page);
  const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
  for (const p of last.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
  await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
  // the page ships the second grid in its HTML on the next visit
  await page.addInitScript({ content: `document.addEventListener('DOMContentLoaded', () => document.body.insertAdjacentHTML('beforeend', ${JSON.stringify(below)}));` });
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3);
  await page.evaluate(DROP_SNAPSHOT);
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null);
  const first = (await page.evaluate('vitrine.firstReorder()')) as { outcome: string; belowTheFold: number };
  assert.equal(first.outcome, 'timeout');
  assert.equal(first.belowTheFold, 1);
  const ids = site.products.map((p) => p.id);
  assert.deepEqual(await page.$$eval('ul:not(#below)[data-vitrine-grid] > [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem)), ids, 'the grid in view keeps the page order');
  assert.notDeepEqual(await page.$$eval('#below > [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem)), ids, 'the unseen grid is personalised');
  await context.close();
});
