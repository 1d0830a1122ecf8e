import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, gridOrder, ready, watch, type Browser, type Page, type Site } from './harness';

/**
 * What the shopper sees: in every frame (rAF runs right before each paint) from the very start
 * of the page, the first time the grid is present and visible, its order then — even while the
 * page is still loading (a partial grid counts).
 */
const PAINT_PROBE = `
window.__firstFrame = null;
(function frame() {
  const grid = document.querySelector('[data-vitrine-grid]');
  if (grid && grid.children.length && getComputedStyle(grid).visibility === 'visible') {
    window.__firstFrame = { order: Array.from(grid.children, (e) => e.dataset.vitrineItem), loading: document.readyState === 'loading' };
    return;
  }
  requestAnimationFrame(frame);
})();`;

const SNAPSHOT_KEY = 'vitrine:snapshot';

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

/** A first visit with three clicks on one category; waits until the snapshot is stored. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await ready(page);
  const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
  for (const p of last.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3);
}

/** The model's own order for the grid, once it is loaded: reorder() from the page order. */
async function modelOrder(page: Page): Promise<string[]> {
  await ready(page);
  await page.evaluate(() => (window as any).vitrine.restore());
  await page.evaluate(() => (window as any).vitrine.reorder());
  return gridOrder(page);
}

for (const cpu of [1, 4]) {
  test(`a returning shopper's grid is ordered from the snapshot before its first paint (CPU x${cpu}): no hide seen, the model's order`, async () => {
    const context = await browser.newContext();
    await context.addInitScript({ content: PAINT_PROBE });
    const page = await context.newPage();
    const url = site.page(`first-paint-${cpu}`);
    await firstVisit(page, url);
    const pageOrder = site.products.map((p) => p.id);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.reload();
    await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null && (window as any).__firstFrame !== null);
    const first = (await page.evaluate('vitrine.firstReorder()')) as { outcome: string; source: string; hiddenMs: number };
    const frame = (await page.evaluate('window.__firstFrame')) as { order: string[] };
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    assert.equal(first.source, 'snapshot');
    assert.equal(first.outcome, 'reordered');
    // at full speed the grid is closed within one parser task; throttled on a loaded machine, a frame may come while it is
    // still being parsed (hidden then, and counted): a timing, not a property; the property is the order of the first frame
    if (cpu === 1) assert.equal(first.hiddenMs, 0, 'ordered before any frame showed the grid');
    else console.log(`# CPU x${cpu}: hidden while a frame was drawn ${first.hiddenMs} ms`);
    assert.notDeepEqual(frame.order, pageOrder, 'the first frame already shows a personalised order');
    assert.deepEqual(frame.order, await gridOrder(page), 'and it is the final order: nothing moved later');
    assert.deepEqual(frame.order, await modelOrder(page), "it is the model's order");
    await context.close();
  });
}

test('the snapshot follows the history: forget() erases it, and the next page keeps its own order without hiding', async () => {
  const context = await browser.newContext();
  await context.addInitScript({ content: PAINT_PROBE });
  const page = await context.newPage();
  await firstVisit(page, site.page('forget-snapshot'));
  assert.ok(await page.evaluate((k) => localStorage.getItem(k) !== null, SNAPSHOT_KEY));
  await page.evaluate(() => (window as any).vitrine.forget());
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), SNAPSHOT_KEY), null, 'erased with the history');
  await page.reload();
  await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null && (window as any).__firstFrame !== null);
  assert.equal(((await page.evaluate('vitrine.firstReorder()')) as { outcome: string }).outcome, 'no-history');
  // a grid still streaming in may show its first cards only: they are in the page order
  const shown = ((await page.evaluate('window.__firstFrame')) as { order: string[] }).order;
  assert.deepEqual(shown, site.products.map((p) => p.id).slice(0, shown.length));
  assert.deepEqual(await gridOrder(page), site.products.map((p) => p.id), 'the whole grid, in the page order');
  await context.close();
});

const faults: { name: string; init?: string; damage?: string }[] = [
  { name: 'localStorage drops every write', init: 'Storage.prototype.setItem = function () {};' },
  { name: 'localStorage throws on write (quota)', init: "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };" },
  { name: 'a damaged snapshot', damage: '{"v":1,"model":"x","rows":"@@@"' },
  { name: 'a snapshot of another shape', damage: JSON.stringify({ v: 1, model: '/models/demo/manifest.json', modelVersion: 'x', features: { buckets: 4 }, events: 1, newest: 1, updatedAt: 1, rows: 'AAAA', repeats: [] }) },
];
for (const f of faults) {
  test(`${f.name}: the next page is still personalised (by the model), the page works, no error`, async () => {
    const context = await browser.newContext();
    if (f.init) await context.addInitScript({ content: f.init });
    const page = await context.newPage();
    const log = watch(page);
    const url = site.page(`snapshot-fault-${f.name.replace(/\W+/g, '-')}`);
    await page.goto(url);
    await ready(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    for (const p of last.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3 && (window as any).vitrine.stats().state === 'ready');
    if (f.damage) await page.evaluate(([k, v]) => localStorage.setItem(k, v), [SNAPSHOT_KEY, f.damage]);
    await page.reload();
    await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null);
    const first = (await page.evaluate('vitrine.firstReorder()')) as { outcome: string; source: string };
    assert.equal(first.source, 'model', 'no usable snapshot: the model orders the first view');
    assert.ok(['reordered', 'timeout'].includes(first.outcome), first.outcome);
    assert.notDeepEqual(await modelOrder(page), site.products.map((p) => p.id), 'personalised');
    if (f.init) assert.equal(log.warnings.filter((w) => /snapshot could not be stored/.test(w)).length, 2, `said once per page: ${log.warnings.join('\n')}`);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
}
