import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { PACK_FORMAT, PACK_VERSION, type PackFile } from '../../src/recommend/pack';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type StaticServer } from '../support/server';
import { buildStore, FIXTURE, ROOT, type ReactMajor } from './build';

interface Product {
  id: string;
  category: string;
}
const products: Product[] = JSON.parse(readFileSync(path.join(FIXTURE, 'products.json'), 'utf8'));
const original = products.map((p) => p.id);
const categoryOf = new Map(products.map((p) => [p.id, p.category]));

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Console errors, page errors, and anything React says about hydration, of one page. */
function watch(page: Page) {
  const log = { errors: [] as string[], hydration: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`${m.text()} ${m.location().url}`);
    if (/hydrat|did not match|server rendered html/i.test(m.text())) log.hydration.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  return log;
}

const gridOrder = (page: Page): Promise<string[]> => page.$$eval('#grid button', (els) => els.map((e) => (e as HTMLElement).dataset.id!));
/** Mean position (0 = first) of the products of one category. */
const meanRank = (order: string[], category: string) => {
  const at = order.flatMap((id, i) => (categoryOf.get(id) === category ? [i] : []));
  return at.reduce((s, i) => s + i, 0) / at.length;
};

async function loaded(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'none' && document.getElementById('status')?.dataset.state !== 'loading', null, { timeout: 30_000 });
  return page.$eval('#status', (e) => ({ ...(e as HTMLElement).dataset }));
}

for (const major of [18, 19] as ReactMajor[]) {
  test(`React ${major} storefront: server order on first render, clicks tracked, order follows the clicked category after a reload`, async () => {
    const t0 = Date.now();
    const { client, html } = await buildStore(major);
    const built = Date.now() - t0;
    // server rendering gives the page's own order
    const ssrOrder = [...html.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ssrOrder, original);

    const server: StaticServer = await startServer({
      '/models/': path.join(ROOT, 'models'),
      // tfjs's .wasm files of the very version Vite bundled
      '/vendor/': path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'),
      '/': client,
    });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = watch(page);
      const status = await loaded(page, `${server.url}/`);
      assert.equal(status.state, 'idle', JSON.stringify(status)); // no history: nothing downloaded yet
      assert.equal(await page.textContent('#react-version').then((v) => v?.split('.')[0]), String(major));
      assert.deepEqual(await page.evaluate(() => (window as { __firstCommit?: string[] }).__firstCommit), original, 'the hydration render kept the server order');
      assert.deepEqual(await gridOrder(page), original, 'no history yet: the page order stands');

      // click three products of the category that starts furthest down the page
      const target = products[products.length - 1].category;
      const clicked = products.filter((p) => p.category === target).slice(0, 3);
      for (const p of clicked) await page.click(`#grid button[data-id="${p.id}"]`);
      await page.waitForFunction((n) => Number(document.getElementById('status')?.dataset.events) >= n, clicked.length, { timeout: 10_000 });
      // the list does not reorder under the shopper's cursor after a click; the next visit uses the history
      await page.waitForTimeout(300);
      assert.deepEqual(await gridOrder(page), original, 'no reorder while the shopper is on the list');

      // a reload: hydration shows the server order again, then the personalised one
      await page.reload();
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 30_000 });
      assert.equal(await page.$eval('#status', (e) => (e as HTMLElement).dataset.events), String(clicked.length), 'the clicks were stored');
      assert.deepEqual(await page.evaluate(() => (window as { __firstCommit?: string[] }).__firstCommit), original, 'the hydration render after reload kept the server order');
      await page.waitForFunction((first) => [...document.querySelectorAll<HTMLElement>('#grid button')].map((b) => b.dataset.id).join() !== first, original.join(), { timeout: 10_000 });
      const personalised = await gridOrder(page);
      assert.deepEqual([...personalised].sort(), [...original].sort(), 'the same products');
      const before = meanRank(original, target);
      const now = meanRank(personalised, target);
      assert.ok(now < before, `products of ${target} should move up: mean position ${before} -> ${now}`);

      assert.deepEqual(log.hydration, [], 'hydration messages');
      assert.deepEqual(log.errors, [], 'console errors');
      console.log(`React ${major} (backend ${status.backend}): built in ${built} ms; ${target} mean position ${before.toFixed(1)} -> ${now.toFixed(1)}; total ${Date.now() - t0} ms`);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

/** models/demo with a catalog pack of the fixture's products (trending: the page order reversed), in a folder of its own. */
function demoWithPack(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-react-rec-'));
  cpSync(path.join(ROOT, 'models/demo'), dir, { recursive: true });
  const all = JSON.parse(readFileSync(path.join(FIXTURE, 'products.json'), 'utf8')) as { id: string; name: string; category: string; brand: string; price: number }[];
  const pack: PackFile = { format: PACK_FORMAT, v: PACK_VERSION, n: all.length, id: all.map((p) => p.id), title: all.map((p) => p.name), category: all.map((p) => p.category), brand: all.map((p) => p.brand), price: all.map((p) => p.price), trending: all.flatMap((_, k) => [all.length - 1 - k, 1000 - k]), together: [], togetherFrom: [] };
  const text = JSON.stringify(pack);
  writeFileSync(path.join(dir, 'catalog.json'), text);
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  m.catalog = { path: 'catalog.json', bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

test('React 19 useRecommendations: a "Recommended for you" row, trending without history, for-you after clicks and a reload', async () => {
  const { client } = await buildStore(19);
  const server: StaticServer = await startServer({ '/models/demo/': demoWithPack(), '/models/': path.join(ROOT, 'models'), '/vendor/': path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist'), '/': client });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const log = watch(page);
    const row = () => page.$$eval('#recs li', (els) => els.map((e) => ({ id: (e as HTMLElement).dataset.id!, source: (e as HTMLElement).dataset.source!, text: e.textContent! })));
    await page.goto(`${server.url}/?recs`);
    await page.waitForSelector('#recs[data-status="done"]', { timeout: 30_000 });
    const first = await row();
    assert.deepEqual(first.map((r) => r.id), [...original].reverse().slice(0, 4), 'no history: trending, in the pack\'s order');
    assert.ok(first.every((r) => r.source === 'trending' && r.text.includes('Trending now')));
    const target = products[0].category;
    const clicked = products.filter((p) => p.category === target).slice(0, 3);
    for (const p of clicked) await page.click(`#grid button[data-id="${p.id}"]`);
    await page.waitForFunction((n) => Number(document.getElementById('status')?.dataset.events) >= n, clicked.length, { timeout: 10_000 });
    assert.deepEqual((await row()).map((r) => r.id), first.map((r) => r.id), 'the row does not change under the cursor');
    await page.reload();
    await page.waitForSelector('#recs[data-status="done"]', { timeout: 30_000 });
    const after = await row();
    assert.equal(after.length, 4);
    assert.ok(after.every((r) => r.source === 'for-you'), JSON.stringify(after));
    assert.ok(after.some((r) => categoryOf.get(r.id) === target), `the clicked category (${target}) is in the row: ${JSON.stringify(after)}`);
    assert.deepEqual(log.hydration, [], 'hydration messages');
    assert.deepEqual(log.errors, [], 'console errors');
  } finally {
    await context.close();
    await server.close();
  }
});
