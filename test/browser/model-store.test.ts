/**
 * Where the model is kept on the device, on the built script tag in Chromium: IndexedDB
 * (kept by every engine; WebKit dropped Cache API entries between page views while keeping
 * IndexedDB's), the Cache API where IndexedDB cannot be used, and stores that fail or lose
 * entries between page views. Losses are simulated between views from the page itself.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from './harness';
import { folder, modelFiles, modelVersion, sha256 } from './model-host';
import { DAY, MIN, storedDigests, update, useShopperEnv, type Shopper, type View } from './model-shopper';

const V1 = folder('demo');
const FILES = ['manifest.json', ...modelFiles(V1)];

const shared = useShopperEnv();
const shopper = (name: string) => shared.shopper(V1, name);

/** In-page scripts (strings: tsx's name helpers do not exist in the page). */
const openModelDb = `new Promise((resolve, reject) => { const r = indexedDB.open('vitrine-models'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); })`;

/**
 * Deletes from the model's IndexedDB database: file records whose key contains `match` ('' = every
 * file); with `manifests`, the manifests too (its copy of the ledger stays); with `database`, the whole database.
 */
const dropIndexedDB = (page: Page, o: { match?: string; manifests?: boolean; database?: boolean }) =>
  page.evaluate(
    o.database
      ? `new Promise((resolve, reject) => { const r = indexedDB.deleteDatabase('vitrine-models'); r.onsuccess = resolve; r.onerror = () => reject(r.error); })`
      : `(async () => {
    const db = await ${openModelDb};
    const tx = db.transaction(['files', 'manifests'], 'readwrite');
    const files = tx.objectStore('files');
    const keys = await new Promise((resolve) => { const r = files.getAllKeys(); r.onsuccess = () => resolve(r.result); });
    for (const key of keys) if (String(key).includes(${JSON.stringify(o.match ?? '')})) files.delete(key);
    if (${!!o.manifests}) tx.objectStore('manifests').clear();
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
    db.close();
  })()`,
  );

/** Deletes every Cache API cache of the origin (what WebKit's automation session did between page views); with `modelOnly`, only the model's entries (manifests, files). */
const dropCacheApi = (page: Page, o: { modelOnly?: boolean } = {}) =>
  page.evaluate(`(async () => {
    for (const name of await caches.keys()) {
      if (!${!!o.modelOnly}) { await caches.delete(name); continue; }
      const cache = await caches.open(name);
      for (const r of await cache.keys()) if (/vitrine-(manifest|sha256)/.test(r.url)) await cache.delete(r);
    }
  })()`);

/** Init scripts that break one store for the model only (the history's database keeps working). */
const MODEL_DB_ONLY = "const isModelDb = (store) => { try { return store.transaction.db.name === 'vitrine-models'; } catch { return false; } };";
const BREAK = {
  idbOpenThrows: "{ const open = IDBFactory.prototype.open; IDBFactory.prototype.open = function (name, v) { if (name === 'vitrine-models') throw new DOMException('blocked by test', 'SecurityError'); return open.call(this, name, v); }; }",
  idbWritesFull: `{ ${MODEL_DB_ONLY} const put = IDBObjectStore.prototype.put; IDBObjectStore.prototype.put = function (...a) { if (isModelDb(this)) throw new DOMException('full', 'QuotaExceededError'); return put.apply(this, a); }; }`,
  idbReadsThrow: `{ ${MODEL_DB_ONLY} const get = IDBObjectStore.prototype.get; IDBObjectStore.prototype.get = function (...a) { if (isModelDb(this)) throw new DOMException('broken by test', 'UnknownError'); return get.apply(this, a); }; }`,
  cachesMissing: "Object.defineProperty(window, 'caches', { get() { return undefined; } });",
  cachesOpenRejects: "CacheStorage.prototype.open = function () { return Promise.reject(new DOMException('blocked by test', 'SecurityError')); };",
  cacheEntriesThrow: "Cache.prototype.put = function () { throw new TypeError('broken by test'); }; Cache.prototype.match = function () { return Promise.reject(new TypeError('broken by test')); };",
  cacheFull: "Cache.prototype.put = function () { return Promise.reject(new DOMException('full', 'QuotaExceededError')); };",
};

async function broken(name: string, ...scripts: string[]): Promise<Shopper> {
  const s = await shopper(name);
  for (const content of scripts) await s.context.addInitScript({ content });
  return s;
}

const paths = (v: View) => v.requests().map((r) => r.path);

/** A returning view that used the stored model: no model request, no warning, nothing thrown. */
function assertFromStore(v: View, store: string, lost: string[] = []) {
  assert.equal(v.stats.state, 'ready', JSON.stringify(v.stats));
  assert.equal(v.stats.modelSource, 'cache', JSON.stringify(v.stats));
  assert.deepEqual(paths(v), [], 'no model request');
  assert.deepEqual(v.stats.modelStore, { store, lost });
  assert.deepEqual(v.log.warnings, []);
  assert.deepEqual(v.log.errors, []);
}

describe('where the model is kept', () => {
  test('IndexedDB: a returning view reads the model from there; the Cache API holds no model file', async () => {
    const s = await shopper('store-idb');
    const first = await s.view(0);
    assert.equal(first.stats.modelSource, 'network');
    assert.deepEqual(first.stats.modelStore, { store: 'indexeddb', lost: [] });
    const next = await s.view(MIN);
    assertFromStore(next, 'indexeddb');
    assert.deepEqual((await storedDigests(next.page)).sort(), modelFiles(V1).map((f) => sha256(V1[f])).sort(), 'every file of the manifest, once each, none in the Cache API');
    await s.close();
  });

  test('Cache API entries gone after every page view (what WebKit did): every returning view still reads the model from IndexedDB', async () => {
    const s = await shopper('store-webkit');
    let v = await s.view(0);
    for (const at of [MIN, 2 * MIN, 3 * MIN]) {
      await dropCacheApi(v.page);
      v = await s.view(at);
      assertFromStore(v, 'indexeddb');
    }
    await s.close();
  });

  for (const [name, script] of [
    ['Cache API missing', BREAK.cachesMissing],
    ['caches.open rejecting', BREAK.cachesOpenRejects],
    ['Cache entries throwing on put and match', BREAK.cacheEntriesThrow],
  ] as const) {
    test(`${name}: the model is kept in IndexedDB, no warning`, async () => {
      const s = await broken(`store-${name.replace(/\W+/g, '-')}`, script);
      assert.deepEqual(paths(await s.view(0)), FILES);
      assertFromStore(await s.view(MIN), 'indexeddb');
      await s.close();
    });
  }

  for (const [name, script] of [
    ['IndexedDB throwing on open (for the model database)', BREAK.idbOpenThrows],
    ['IndexedDB writes failing with QuotaExceededError', BREAK.idbWritesFull],
    ['IndexedDB reads throwing', BREAK.idbReadsThrow],
  ] as const) {
    test(`${name}: the model is kept in the Cache API, no warning`, async () => {
      const s = await broken(`store-${name.replace(/\W+/g, '-')}`, script);
      const first = await s.view(0);
      assert.equal(first.stats.state, 'ready', JSON.stringify(first.stats));
      assert.deepEqual(first.log.warnings, []);
      assertFromStore(await s.view(MIN), 'cache-api');
      assertFromStore(await s.view(2 * MIN), 'cache-api');
      await s.close();
    });
  }

  test('no store usable (IndexedDB throwing for the model, no Cache API): every view downloads and verifies the model, with no warning', async () => {
    const s = await broken('store-none', BREAK.idbOpenThrows, BREAK.cachesMissing);
    for (const at of [0, MIN]) {
      const v = await s.view(at);
      assert.equal(v.stats.state, 'ready', JSON.stringify(v.stats));
      assert.equal(v.stats.modelSource, 'network');
      assert.deepEqual(v.stats.modelStore, { store: null, lost: [] });
      assert.deepEqual(paths(v), FILES);
      assert.deepEqual(v.log.warnings, []);
    }
    await s.close();
  });

  test('both stores full (QuotaExceededError): one warning, the model still loads, the next view downloads it again', async () => {
    const s = await broken('store-full', BREAK.idbWritesFull, BREAK.cacheFull);
    const first = await s.view(0);
    assert.equal(first.stats.state, 'ready');
    assert.equal(first.log.warnings.length, 1, first.log.warnings.join('\n'));
    assert.match(first.log.warnings[0], /could not cache the model/);
    const next = await s.view(MIN);
    assert.equal(next.stats.state, 'ready');
    assert.equal(next.stats.modelSource, 'network');
    await s.close();
  });
});

describe('a store that loses entries between page views: said once, and the model goes elsewhere', () => {
  for (const [what, drop] of [
    ['every file record (the manifest kept)', { match: '' }],
    ['the weights.bin record only', { match: 'weights.bin' }],
    ['its manifests and files: the commit does not read back on the next view', { match: '', manifests: true }],
    ['the whole database (caught by the ledger copy in the Cache API)', { database: true }],
  ] as const) {
    test(`IndexedDB loses ${what}: one warning, the model is downloaded and kept in the Cache API from then on`, async () => {
      const s = await shopper(`lost-idb-${what.replace(/\W+/g, '-').slice(0, 40)}`);
      const first = await s.view(0);
      assert.deepEqual(first.stats.modelStore, { store: 'indexeddb', lost: [] });
      await dropIndexedDB(first.page, drop);

      const next = await s.view(MIN);
      assert.equal(next.stats.state, 'ready', JSON.stringify(next.stats));
      assert.equal(next.stats.modelSource, 'network');
      assert.equal(next.log.warnings.length, 1, next.log.warnings.join('\n'));
      assert.match(next.log.warnings[0], /IndexedDB lost the stored model between page views .*; the model is kept in the Cache API from now on/);
      assert.deepEqual(next.stats.modelStore, { store: 'cache-api', lost: ['indexeddb'] });

      assertFromStore(await s.view(2 * MIN), 'cache-api', ['indexeddb']);
      // the background check runs against the store that now holds the model
      const later = await s.view(DAY);
      assert.equal(later.stats.modelSource, 'cache');
      assert.equal((await update(later))?.status, 'current');
      assert.deepEqual(later.log.warnings, []);
      assert.equal(later.stats.modelVersion, modelVersion(V1));
      await s.close();
    });
  }

  test('the Cache API loses the model where it is the store (IndexedDB unusable): one warning, then the model is downloaded on each view, silently', async () => {
    const s = await broken('lost-cache', BREAK.idbOpenThrows);
    const first = await s.view(0);
    assert.deepEqual(first.stats.modelStore, { store: 'cache-api', lost: [] });
    await dropCacheApi(first.page, { modelOnly: true });
    const next = await s.view(MIN);
    assert.equal(next.stats.state, 'ready');
    assert.equal(next.stats.modelSource, 'network');
    assert.equal(next.log.warnings.length, 1, next.log.warnings.join('\n'));
    assert.match(next.log.warnings[0], /the Cache API lost the stored model between page views .*no other store is left: the model is downloaded on each page view/);
    assert.deepEqual(next.stats.modelStore, { store: null, lost: ['cache-api'] });
    const after = await s.view(2 * MIN);
    assert.equal(after.stats.state, 'ready');
    assert.deepEqual(paths(after), FILES);
    assert.deepEqual(after.log.warnings, [], 'said once');
    await s.close();
  });

  for (const [what, scripts, drop] of [
    ['the Cache API, the only store, loses everything', [BREAK.idbOpenThrows], (p: Page) => dropCacheApi(p)],
    ['both stores lose everything', [], (p: Page) => dropIndexedDB(p, { database: true }).then(() => dropCacheApi(p))],
  ] as const) {
    test(`${what} after every view: nothing is left to tell it from a first visit, so each view downloads the model, silently`, async () => {
      const s = await broken(`lost-all-${scripts.length}`, ...scripts);
      let v = await s.view(0);
      for (const at of [MIN, 2 * MIN]) {
        await drop(v.page);
        v = await s.view(at);
        assert.equal(v.stats.state, 'ready', JSON.stringify(v.stats));
        assert.deepEqual(paths(v), FILES);
        assert.deepEqual(v.log.warnings, []);
        assert.deepEqual(v.log.errors, []);
      }
      await s.close();
    });
  }
});
