import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, ready, watch, type Browser, type Site } from './harness';

/** Children of a grid, items by id and other children by tag (to check they keep their slots). */
const children = (page: import('playwright-core').Page, grid: string) =>
  page.$$eval(`${grid} > *`, (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem ?? e.tagName.toLowerCase()));

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

test('a hand-written store page with items no model has seen gets personalised from their content, with zero console errors', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(`${site.server.url}/fixtures/plain-store.html`);
  assert.equal((await ready(page)).state, 'idle', 'no history: nothing loaded');
  const before = await children(page, '#main');
  const second = await children(page, '#second');

  for (const sku of ['SKU-30', 'SKU-31', 'SKU-32']) await page.click(`[data-vitrine-item="${sku}"] a`);
  await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
  await page.reload();
  await ready(page);
  await page.waitForFunction((b) => Array.from(document.querySelectorAll('#main > *'), (e) => (e as HTMLElement).dataset.vitrineItem ?? e.tagName.toLowerCase()).join() !== b, before.join());
  const after = await children(page, '#main');

  assert.equal(after.indexOf('aside'), before.indexOf('aside'), 'the banner keeps its slot');
  assert.deepEqual([...after].sort(), [...before].sort(), 'same children');
  assert.ok(after.indexOf('SKU-33') < before.indexOf('SKU-33') - 4, `the unclicked sofa moved up: ${before.indexOf('SKU-33')} -> ${after.indexOf('SKU-33')}`);
  const sofas = (order: string[]) => order.filter((id) => id.startsWith('SKU-3')).map((id) => order.indexOf(id));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(sofas(after)) < mean(sofas(before)), 'sofas as a group moved up');
  assert.deepEqual([...(await children(page, '#second'))].sort(), [...second].sort(), 'second grid: same items');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
  await context.close();
});
