import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, gridOrder, ready, watch, type Browser, type Site } from './harness';

/** Mean grid position of the items of a category (lower = nearer the top). */
const meanPosition = (order: string[], ids: Set<string>) => {
  const pos = order.map((id, i) => (ids.has(id) ? i : -1)).filter((i) => i >= 0);
  return pos.reduce((a, b) => a + b, 0) / pos.length;
};

describe('script tag (dist/browser/vitrine.iife.js) on a plain HTML store', () => {
  let site: Site;
  let browser: Browser;
  useSite((s, b) => ((site = s), (browser = b)));

  test('records clicks, keeps them across reloads, moves the clicked category up, and the second load downloads no model file', async () => {
    // a generous anti-flicker budget: this test is about personalisation, not about the budget (see flicker.test.ts)
    const url = site.page('store', { pinned: 0, scriptAttrs: { 'data-anti-flicker': '5000' } });
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    const modelRequests: string[] = [];
    page.on('request', (r) => r.url().includes('/models/') && modelRequests.push(r.url()));

    await page.goto(url);
    const first = await ready(page);
    assert.equal(first.state, 'idle', JSON.stringify(first));
    assert.equal(first.events, 0);
    const pageOrder = await gridOrder(page);
    assert.deepEqual(pageOrder, site.products.map((p) => p.id), 'no history: the page order stands');
    assert.deepEqual(modelRequests, [], 'no history: no model request');

    // the last category on the page: click three of its products
    const target = site.products[site.products.length - 1].category.split('.').slice(0, 2).join('.');
    const targetIds = site.products.filter((p) => p.category.startsWith(target)).map((p) => p.id);
    for (const id of targetIds.slice(0, 3)) await page.click(`[data-vitrine-item="${id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready');
    assert.equal((await page.evaluate(() => (window as any).vitrine.stats())).modelSource, 'network');
    assert.ok(modelRequests.length >= 3, `after the first clicks, manifest + files requested: ${modelRequests.join(', ')}`);

    modelRequests.length = 0;
    await page.reload();
    const second = await ready(page);
    assert.equal(second.events, 3, 'clicks survive a reload');
    assert.equal(second.modelSource, 'cache');
    assert.deepEqual(modelRequests, [], 'a returning page makes no model request');
    await page.waitForFunction((before) => {
      const now = Array.from(document.querySelectorAll('[data-vitrine-grid] > [data-vitrine-item]'), (e) => (e as HTMLElement).dataset.vitrineItem);
      return now.join() !== before;
    }, pageOrder.join());
    const personalised = await gridOrder(page);
    const unclicked = new Set(targetIds.slice(3));
    assert.ok(meanPosition(personalised, unclicked) < meanPosition(pageOrder, unclicked) - 2, `unclicked items of ${target} moved up: ${meanPosition(pageOrder, unclicked)} -> ${meanPosition(personalised, unclicked)}`);
    assert.equal(personalised[0], pageOrder[0], 'the pinned item keeps its slot');
    assert.deepEqual([...personalised].sort(), [...pageOrder].sort(), 'same items');

    await page.evaluate(() => (window as any).vitrine.restore());
    assert.deepEqual(await gridOrder(page), pageOrder, 'restore() gives back the page order');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.warnings, []);
    await context.close();
  });

  test('without data-model the script loads the base model shipped beside it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(site.page('base-model', { model: '' }));
    await ready(page);
    await page.click(`[data-vitrine-item="${site.products[0].id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().state !== 'idle' && (window as any).vitrine.stats().state !== 'loading');
    const stats = await page.evaluate(() => (window as any).vitrine.stats());
    assert.equal(stats.state, 'ready', JSON.stringify(stats));
    assert.match(String(stats.modelVersion), /^base-/);
    assert.ok(requests.includes('/vendor/models/base/manifest.json'), requests.join('\n'));
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('calls queued before the script loads are replayed in order', async () => {
    const url = site.page('queue');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript({ content: "window.vitrine = [['track', { item: 'queued-1', type: 'view' }], ['track', { item: 'queued-2', type: 'purchase' }]];" });
    await page.goto(url);
    await ready(page);
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 2);
    await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready');
    await page.evaluate(() => (window as any).vitrine.push(['track', { item: 'after-load' }]));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await context.close();
  });

  test('rank() returns the same objects, reordered, and leaks no tensors', async () => {
    const url = site.page('api');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await ready(page);
    const result = await page.evaluate(async (products) => {
      const v = (window as any).vitrine;
      for (const p of products.slice(-3)) await v.track({ item: p.id, type: 'click', attrs: { category: p.category, brand: p.brand, price: p.price } });
      const items = products.map((p: any) => ({ ...p }));
      await v.rank(items); // first call may allocate backend state
      const tensors: number[] = [];
      let ranked: any[] = [];
      for (let i = 0; i < 5; i++) {
        ranked = await v.rank(items);
        tensors.push(v.stats().tensors);
      }
      const empty = await v.rank([]);
      return { same: ranked.every((r: any) => items.includes(r)), n: ranked.length, moved: ranked.some((r: any, i: number) => r !== items[i]), tensors, empty: empty.length, backend: v.stats().backend };
    }, site.products);
    assert.equal(result.same, true);
    assert.equal(result.n, site.products.length);
    assert.equal(result.moved, true);
    assert.equal(result.empty, 0);
    // a page's grid runs on the JS engine, which holds no tfjs tensors (each tfjs engine's leak check: backends.test.ts)
    assert.equal(result.backend, 'js');
    assert.deepEqual(result.tensors, Array(5).fill(0), 'no tfjs tensors');
    await context.close();
  });
});
