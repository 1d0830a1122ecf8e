import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../support/browser';
import { startServer, type StaticServer } from '../support/server';
import { syntheticPack } from '../support/synthetic-pack';
import { RECOMMEND_WORKER_MIN_BYTES } from '../../src/core/options';
import { ROOT, watch, type Browser, type Page } from './harness';

/**
 * The recommendation worker on the built files: a synthetic catalog above the crossover
 * (RECOMMEND_WORKER_MIN_BYTES) is answered from the worker (stats().recommender), with the same
 * top-K as the main-thread path, which a page whose CSP forbids workers falls back to; and from a
 * second origin with CORS (a store's asset CDN, as Shopify serves the theme's files).
 */
const ITEMS = 12_000;
let server: StaticServer;
let cdn: StaticServer;
let browser: Browser;

before(async () => {
  const models = mkdtempSync(path.join(tmpdir(), 'vitrine-recw-models-'));
  const dir = path.join(models, 'big');
  cpSync(path.join(ROOT, 'models/demo'), dir, { recursive: true });
  const text = syntheticPack(ITEMS);
  assert.ok(Buffer.byteLength(text) >= RECOMMEND_WORKER_MIN_BYTES, 'the pack is above the crossover');
  writeFileSync(path.join(dir, 'catalog.json'), text);
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  m.catalog = { path: 'catalog.json', bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  cdn = await startServer({ '/vendor/': path.join(ROOT, 'dist/browser') }, 0, '127.0.0.1', { cors: true });
  const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-recw-pages-'));
  const page = (name: string, vendor: string, csp?: string) => {
    writeFileSync(path.join(pages, `${name}.html`), `<!doctype html><script src="${vendor}/vendor/vitrine.iife.js" data-model="/models/big/manifest.json"></script><p>worker</p>`);
    if (csp) writeFileSync(path.join(pages, `${name}.html.headers.json`), JSON.stringify({ 'content-security-policy': csp }));
  };
  page('worker', '');
  page('blocked', '', "worker-src 'none'");
  page('cdn', cdn.url);
  server = await startServer({ '/vendor/': path.join(ROOT, 'dist/browser'), '/models/': models, '/pages/': pages });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await cdn?.close();
});

interface Row {
  ids: string[];
  scores: number[];
  sources: string[];
  because: string[];
  filtered: number[];
  recommender: { where: string; items: number; reason: string | null } | null;
  /** Whether the page's own thread fetched the pack (its Resource Timing; a worker's fetches are in the worker's). */
  pageFetched: boolean;
}

/** A fresh page: 12 tracked clicks, then for-you k = 20 and a filtered row, and where they were answered from. */
async function forYou(name: string): Promise<Row & { errors: string[] }> {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  const log = watch(page);
  await page.goto(`${server.url}/pages/${name}.html`);
  await page.waitForFunction(() => (window as any).vitrine?.recommend);
  const row = (await page.evaluate(`(async () => {
    const v = window.vitrine;
    for (let i = 0; i < 12; i++) await v.track({ item: 'b' + i * 7, type: 'click', attrs: { category: i % 2 ? 'computers.notebook' : 'electronics.smartphone', brand: 'acer' } });
    const r = await v.recommend({ kind: 'for-you', k: 20 });
    const f = await v.recommend({ kind: 'for-you', k: 5, filter: (i) => i.price > 900 });
    return { ids: r.map((x) => x.id), scores: r.map((x) => x.score), sources: r.map((x) => x.source), because: r.map((x) => x.because), filtered: f.map((x) => x.price), recommender: v.stats().recommender, pageFetched: performance.getEntriesByType('resource').some((e) => e.name.endsWith('/catalog.json')) };
  })()`)) as Row;
  await context.close();
  // no favicon on the test server: its 404 is the browser's, not the SDK's
  return { ...row, errors: log.errors.filter((e) => !/Failed to load resource/.test(e)) };
}

describe('recommendations in a Web Worker above the crossover', () => {
  test('the worker answers a large catalog with the same top-K as the main thread; a CSP that forbids workers falls back to the main thread', async () => {
    const worker = await forYou('worker');
    assert.deepEqual(worker.recommender, { where: 'worker', items: ITEMS, reason: null });
    assert.equal(worker.ids.length, 20);
    assert.ok(worker.sources.every((s) => s === 'for-you'));
    assert.ok(worker.because.some((b) => /^Because you /.test(b)), JSON.stringify(worker.because));
    assert.equal(worker.filtered.length, 5, 'a filter (a function of the page) is applied to what the worker sends');
    assert.ok(worker.filtered.every((p) => p > 900));
    assert.deepEqual(worker.errors, []);
    assert.equal(worker.pageFetched, false, 'the worker downloads the pack: its bytes never pass through the page');

    const main = await forYou('blocked');
    assert.equal(main.recommender?.where, 'main');
    assert.equal(main.recommender?.items, ITEMS);
    assert.ok(main.recommender?.reason, 'the reason the worker was not used is kept');
    assert.equal(main.pageFetched, true);
    assert.deepEqual(main.ids, worker.ids, 'parity: the same top 20');
    main.scores.forEach((s, i) => assert.ok(Math.abs(s - worker.scores[i]) < 1e-6, `score ${i}: ${s} vs ${worker.scores[i]}`));
    assert.deepEqual(main.because, worker.because);
    assert.deepEqual(main.filtered, worker.filtered);
    // the browser reports the refused worker itself; nothing else
    assert.deepEqual(main.errors.filter((e) => !/worker-src|Content Security Policy/i.test(e)), []);
  });

  test('the SDK served from another origin with CORS (a store\'s asset CDN) starts the worker through a same-origin blob module', async () => {
    const row = await forYou('cdn');
    assert.deepEqual(row.recommender, { where: 'worker', items: ITEMS, reason: null });
    assert.equal(row.ids.length, 20);
    assert.equal(row.pageFetched, false);
    assert.deepEqual(row.errors, []);
  });
});
