import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, ready, type Browser, type Site } from './harness';

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

/** Every distinct visible order of the grid, frame by frame (and whether it was hidden at that frame). */
const FRAMES = `
window.__orders = [];
(function poll() {
  const grid = document.querySelector('[data-vitrine-grid]');
  if (grid && getComputedStyle(grid).visibility === 'visible') {
    const order = Array.from(grid.querySelectorAll('[data-vitrine-item]'), (e) => e.dataset.vitrineItem).join();
    if (window.__orders[window.__orders.length - 1] !== order) window.__orders.push(order);
  }
  if (document.readyState !== 'complete' || performance.now() < 3000) requestAnimationFrame(poll);
})();`;

const card = (p: Site['products'][number]) =>
  `<li data-vitrine-item="${p.id}" data-vitrine-category="${p.category}" data-vitrine-brand="${p.brand}" data-vitrine-price="${p.price}"><button type="button">${p.id}</button></li>`;

test('a grid whose HTML is still arriving at the cap is ordered as it stands, and each later part among itself: what shows never moves', async () => {
  const context = await browser.newContext();
  await context.addInitScript({ content: FRAMES });
  const page = await context.newPage();
  await page.goto(site.page('stream-first'));
  await ready(page);
  const liked = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
  for (const p of liked.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3);

  // the first part ends with three items of the liked category; the rest arrives 600 ms later (past the 150 ms cap)
  const others = site.products.filter((p) => !liked.includes(p));
  const first = [...others.slice(0, 6), ...liked.slice(0, 3)];
  const rest = site.products.filter((p) => !first.includes(p));
  const url = site.html(
    'stream-grid',
    `<!doctype html><html><head><script src="/vendor/vitrine.iife.js" data-model="/models/demo/manifest.json"></script></head><body>
<h1>Store</h1><ul data-vitrine-grid>${first.map(card).join('')}
<!--flush 600-->${rest.map(card).join('')}</ul><p>end</p></body></html>`,
  );
  await page.goto(url);
  await page.waitForFunction(() => (window as any).vitrine.firstReorder() !== null && document.readyState === 'complete');
  await page.waitForTimeout(300);
  const view = (await page.evaluate('vitrine.firstReorder()')) as { outcome: string; streamed?: number; source: string };
  assert.equal(view.source, 'snapshot');
  assert.equal(view.outcome, 'reordered', JSON.stringify(view));
  assert.equal(view.streamed, 1);
  const orders = ((await page.evaluate('window.__orders')) as string[]).map((o) => o.split(','));
  assert.ok(orders.length >= 2, `the grid showed in parts: ${JSON.stringify(orders)}`);
  // once shown, nothing moves: every later frame only adds items after those already shown
  for (let i = 1; i < orders.length; i++) assert.deepEqual(orders[i].slice(0, orders[i - 1].length), orders[i - 1], `frame ${i} moved what showed`);
  // the first part was personalised before it showed: the liked items lead it
  assert.deepEqual(orders[0].length, first.length);
  assert.notDeepEqual(orders[0], first.map((p) => p.id), 'the first part shows in the personalised order');
  const meanSlot = (order: string[]) => liked.slice(0, 3).reduce((sum, p) => sum + order.indexOf(p.id), 0) / 3;
  assert.ok(meanSlot(orders[0]) < meanSlot(first.map((p) => p.id)), `the liked items moved up: mean slot ${meanSlot(orders[0])}`);
  // and the later part was ordered among itself, in its own slots
  const final = orders[orders.length - 1];
  assert.deepEqual(final.slice(first.length).sort(), rest.map((p) => p.id).sort());
  await context.close();
});
