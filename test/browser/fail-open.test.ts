import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, gridOrder, ready, watch, type Browser, type Page, type Site } from './harness';

/** Loads a page, clicks three items, reloads: with a broken model the page order must stand, with one warning and no error. */
async function clickAndReload(page: Page, site: Site) {
  for (const p of site.products.slice(-3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
  // the first event starts the model load (idle time): let it settle on this page too
  await page.waitForFunction(() => !['idle', 'loading'].includes((window as any).vitrine.stats().state));
  await page.reload();
  const stats = await ready(page);
  await page.evaluate(() => (window as any).vitrine.reorder());
  return stats;
}

describe('fail open: the page keeps its own order, one warning, no error', () => {
  let site: Site;
  let browser: Browser;
  useSite((s, b) => ((site = s), (browser = b)));

  const cases: { name: string; setup: (page: Page) => Promise<unknown>; model?: string; warning: RegExp }[] = [
    { name: 'model 404', model: '/models/missing/manifest.json', setup: async () => {}, warning: /HTTP 404/ },
    {
      name: 'weights hash mismatch',
      setup: async (page) => {
        await page.route('**/models/demo/weights.bin', async (route) => {
          const response = await route.fetch();
          const body = await response.body();
          body[100] ^= 0xff;
          await route.fulfill({ response, body });
        });
      },
      warning: /sha256 mismatch/,
    },
    { name: 'manifest is not JSON', setup: (page) => page.route('**/models/demo/manifest.json', (r) => r.fulfill({ body: '<html>oops' })), warning: /not JSON/ },
    {
      name: 'ML runtime fails to load',
      setup: (page) => page.route('**/vendor/vitrine-ml.mjs', (r) => r.fulfill({ status: 500, body: '' })),
      warning: /personalisation is off/,
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const log = watch(page);
      await c.setup(page);
      await page.goto(site.page(c.name.replace(/\W+/g, '-'), c.model ? { model: c.model } : {}));
      assert.equal((await ready(page)).state, 'idle', 'nothing is loaded before the first event');
      const order = await gridOrder(page);
      const stats = await clickAndReload(page, site);
      assert.equal(stats.state, 'failed');
      assert.deepEqual(await gridOrder(page), order, 'page order kept');
      assert.equal(log.warnings.filter((w) => c.warning.test(w)).length >= 1, true, log.warnings.join('\n'));
      assert.equal(new Set(log.warnings).size, log.warnings.length / 2, `one warning per load: ${log.warnings.join('\n')}`);
      assert.ok(log.errors.every((e) => /Failed to load resource/.test(e)), `no error but the failed request itself: ${log.errors.join('\n')}`);
      await context.close();
    });
  }

  test('IndexedDB unavailable: history in memory for the page, one warning, ranking still works', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // init scripts as strings: tsx's keepNames helpers do not exist in the page
    await page.addInitScript({ content: "Object.defineProperty(window, 'indexedDB', { get() { return undefined; } });" });
    const log = watch(page);
    await page.goto(site.page('no-idb'));
    const stats = await ready(page);
    assert.equal(stats.state, 'idle');
    const order = await gridOrder(page);
    for (const p of site.products.slice(-3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await page.evaluate(() => (window as any).vitrine.reorder());
    assert.notDeepEqual(await gridOrder(page), order, 'personalised from in-memory history');
    assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
    assert.match(log.warnings[0], /IndexedDB/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('IndexedDB throwing on open: same fallback', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript({ content: "IDBFactory.prototype.open = function () { throw new DOMException('blocked by test', 'SecurityError'); };" });
    const log = watch(page);
    await page.goto(site.page('idb-throws'));
    assert.equal((await ready(page)).state, 'idle');
    assert.deepEqual(log.warnings, [], 'a new visitor opens nothing: nothing to warn about yet');
    await page.click(`[data-vitrine-item="${site.products[0].id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready' && (window as any).vitrine.stats().events === 1);
    assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
    assert.match(log.warnings[0], /IndexedDB/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('backend "webgpu" requested where the browser has no WebGPU adapter: falls back with no warning (a debug line; backend-probe.test.ts)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(site.page('no-webgpu', { scriptAttrs: { 'data-backend': 'webgpu', 'data-preload': '' } }));
    const stats = await ready(page);
    assert.equal(stats.state, 'ready');
    assert.equal(stats.backend, 'wasm', 'the next backend of the automatic order');
    assert.deepEqual(log.warnings, []);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
