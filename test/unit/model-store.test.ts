/**
 * The model store's choices (src/model/store/index.ts) over in-memory stores: which store
 * serves and takes the model, what counts as a loss (and what does not: another tab replacing
 * or moving the model meanwhile, a store that throws), and that a loss is said once per page.
 * The browser tests (test/browser/model-store.test.ts) run the real IndexedDB and Cache API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openModelStore, type StoreKind, type StoredManifest } from '../../src/model/store/index';
import type { StoreBackend } from '../../src/model/store/backend';
import { mergeLedgers, parseLedger } from '../../src/model/store/ledger';
import type { Logger } from '../../src/common/log';

const URL_ = 'https://shop.example/m/manifest.json';
const m = (text: string): StoredManifest => ({ bytes: new TextEncoder().encode(text), checkedAt: 1, etag: null, lastModified: null });

interface FakeStore extends StoreBackend {
  manifests: Map<string, StoredManifest>;
  files: Map<string, ArrayBuffer>;
  /** Its copy of the ledger, as stored. */
  copy: unknown;
  /** Called before each operation; may throw or change the store (another tab). */
  before?: (op: string) => void;
}

function fake(kind: StoreKind): FakeStore {
  const s: FakeStore = {
    kind,
    manifests: new Map(),
    files: new Map(),
    copy: undefined,
    async manifest(url) {
      s.before?.('manifest');
      return s.manifests.get(url);
    },
    async file(key) {
      s.before?.('file');
      return s.files.get(key);
    },
    async commit(url, manifest, files) {
      s.before?.('commit');
      for (const [k, v] of files) s.files.set(k, v);
      s.manifests.set(url, manifest);
    },
    async touch(url, manifest) {
      s.manifests.set(url, manifest);
    },
    async remove(url) {
      s.manifests.delete(url);
    },
    async clear() {
      s.manifests.clear();
      s.files.clear();
    },
    async ledger() {
      s.before?.('ledger');
      return s.copy === undefined ? undefined : JSON.parse(JSON.stringify(s.copy));
    },
    async saveLedger(value) {
      s.before?.('saveLedger');
      s.copy = JSON.parse(JSON.stringify(value));
    },
  };
  return s;
}

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (msg) => void warnings.push(msg), debug() {} };
}

/** A page view over these stores (`reported` is the page: shared by the instances of one page). */
const view = (stores: FakeStore[], log: Logger, reported = new Set<StoreKind>()) => {
  const byKind = new Map(stores.map((s) => [s.kind, s]));
  const open = { indexeddb: async () => byKind.get('indexeddb') ?? null, 'cache-api': async () => byKind.get('cache-api') ?? null };
  return openModelStore(true, log, { open, reported })!;
};

const files = new Map([['a?vitrine-sha256=1', new ArrayBuffer(3)]]);
/** The ledger the stores hold together. */
const ledgerOf = (...stores: FakeStore[]) => mergeLedgers(stores.map((s) => s.copy));

test('IndexedDB first: a commit goes there and the ledger says so; the next view reads it back', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  const log = recorder();
  const first = view([idb, cache], log);
  assert.equal(await first.manifest(URL_), undefined);
  assert.equal(await first.commit(URL_, m('v1'), files), true);
  assert.deepEqual(first.report(), { store: 'indexeddb', lost: [] });
  assert.deepEqual(ledgerOf(idb, cache).holds, { [URL_]: 'indexeddb' });
  assert.deepEqual(idb.copy, cache.copy, 'a copy in each store');
  assert.equal(cache.manifests.size, 0);
  const next = view([idb, cache], log);
  assert.deepEqual(await next.manifest(URL_), m('v1'));
  assert.ok(await next.file('a?vitrine-sha256=1'));
  assert.deepEqual(log.warnings, []);
});

test('a lost file is said once per page, even by several instances; the store is cleared and not used again', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  await view([idb, cache], recorder()).commit(URL_, m('v1'), files);
  idb.files.clear();
  const log = recorder();
  const page = new Set<StoreKind>();
  for (let i = 0; i < 2; i++) {
    const s = view([idb, cache], log, page);
    const stored = (await s.manifest(URL_))!;
    assert.equal(await s.file('a?vitrine-sha256=1'), undefined);
    await s.lost(URL_, stored, 'a');
  }
  assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
  assert.match(log.warnings[0], /IndexedDB lost the stored model between page views \(a is gone\); the model is kept in the Cache API from now on/);
  assert.equal(idb.manifests.size, 0, 'cleared');
  assert.deepEqual(ledgerOf(idb, cache).lost, ['indexeddb']);
  const after = view([idb, cache], log);
  assert.equal(await after.manifest(URL_), undefined);
  await after.commit(URL_, m('v1'), files);
  assert.equal(idb.manifests.size, 0, 'not written again');
  assert.deepEqual(after.report(), { store: 'cache-api', lost: ['indexeddb'] });
});

test('not a loss: another tab committed a newer model meanwhile (the file read misses because it evicted the old files)', async () => {
  const idb = fake('indexeddb');
  await view([idb], recorder()).commit(URL_, m('v1'), files);
  const log = recorder();
  const s = view([idb], log);
  const stored = (await s.manifest(URL_))!;
  // the other tab's commit: a new manifest, the old files evicted
  idb.manifests.set(URL_, m('v2'));
  idb.files.clear();
  assert.equal(await s.file('a?vitrine-sha256=1'), undefined);
  await s.lost(URL_, stored, 'a');
  assert.deepEqual(log.warnings, []);
  assert.deepEqual(ledgerOf(idb).lost, []);
});

test('not a loss: another tab moved the model to the other store meanwhile; the manifest is read there', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  await view([idb, cache], recorder()).commit(URL_, m('v1'), files);
  const log = recorder();
  const s = view([idb, cache], log);
  // while this view reads IndexedDB (after it read the ledger: IndexedDB holds it), the other tab
  // commits to the Cache API (the ledger says so) and removes it from IndexedDB
  idb.before = (op) => {
    if (op !== 'manifest') return;
    idb.before = undefined;
    void cache.commit(URL_, m('v1'), files);
    for (const store of [idb, cache]) store.copy = { at: Date.now() + 1000, lost: [], holds: { [URL_]: 'cache-api' } };
    idb.manifests.clear();
  };
  assert.deepEqual(await s.manifest(URL_), m('v1'));
  assert.deepEqual(s.report(), { store: 'cache-api', lost: [] });
  assert.deepEqual(log.warnings, []);
});

test('not a loss: a store that throws is failing; it is skipped for this view, the model is committed to the other one, silently', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  await view([idb, cache], recorder()).commit(URL_, m('v1'), files);
  idb.before = (op) => {
    if (op === 'file') throw new Error('UnknownError');
  };
  const log = recorder();
  const s = view([idb, cache], log);
  const stored = (await s.manifest(URL_))!;
  assert.equal(await s.file('a?vitrine-sha256=1'), undefined);
  await s.lost(URL_, stored, 'a');
  assert.equal(await s.commit(URL_, stored, files), true);
  assert.deepEqual(s.report(), { store: 'cache-api', lost: [] });
  assert.deepEqual(log.warnings, []);
  assert.deepEqual({ ...ledgerOf(idb, cache), at: 0 }, { at: 0, lost: [], holds: { [URL_]: 'cache-api' } });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(idb.manifests.size, 0, 'the copy it held is removed (best effort): the ledger points elsewhere');
});

test('a commit no store takes is one warning; a store that takes it after another failed is silent', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  idb.before = () => {
    throw new DOMException('full', 'QuotaExceededError');
  };
  const log = recorder();
  assert.equal(await view([idb, cache], log).commit(URL_, m('v1'), files), true);
  assert.deepEqual(log.warnings, []);
  cache.before = idb.before;
  assert.equal(await view([idb, cache], log).commit(URL_, m('v1'), files), false);
  assert.equal(log.warnings.length, 1);
  assert.match(log.warnings[0], /could not cache the model/);
});

test('the ledger: damaged or foreign copies read as empty; the newest copy names the holders; a loss seen in any copy counts', () => {
  for (const raw of [undefined, null, '{', 'x', [1], 7, { at: 'soon', lost: ['floppy', 7], holds: { [URL_]: 'tape', b: 'indexeddb' } }]) {
    const l = parseLedger(raw);
    assert.deepEqual(l.lost, [], JSON.stringify(raw));
    assert.ok(!(URL_ in l.holds), JSON.stringify(raw));
  }
  const old = { at: 1, lost: ['cache-api'], holds: { [URL_]: 'cache-api' } };
  const fresh = { at: 2, lost: [], holds: { [URL_]: 'indexeddb' } };
  assert.deepEqual(mergeLedgers([fresh, old, 'junk']), { at: 2, lost: ['cache-api'], holds: { [URL_]: 'indexeddb' } });
});

test('with a single store, a manifest gone from it cannot be told from a first visit (nothing said); its copy of the ledger failing changes nothing else', async () => {
  const idb = fake('indexeddb');
  await view([idb], recorder()).commit(URL_, m('v1'), files);
  idb.manifests.clear();
  idb.copy = undefined; // lost together
  const log = recorder();
  assert.equal(await view([idb], log).manifest(URL_), undefined);
  assert.deepEqual(log.warnings, []);
  idb.before = (op) => {
    if (op === 'ledger' || op === 'saveLedger') throw new Error('broken');
  };
  const s = view([idb], log);
  assert.equal(await s.manifest(URL_), undefined);
  assert.equal(await s.commit(URL_, m('v1'), files), true);
  assert.deepEqual(await view([idb], log).manifest(URL_), m('v1'));
  assert.deepEqual(log.warnings, []);
});

test('with two stores, a store that drops everything (its ledger copy too) is caught by the other copy', async () => {
  const idb = fake('indexeddb');
  const cache = fake('cache-api');
  await view([idb, cache], recorder()).commit(URL_, m('v1'), files);
  idb.manifests.clear();
  idb.files.clear();
  idb.copy = undefined;
  const log = recorder();
  const s = view([idb, cache], log);
  assert.equal(await s.manifest(URL_), undefined);
  assert.equal(log.warnings.length, 1);
  assert.match(log.warnings[0], /IndexedDB lost the stored model between page views \(its manifest of .* is gone\); the model is kept in the Cache API from now on/);
  await s.commit(URL_, m('v1'), files);
  assert.deepEqual(s.report(), { store: 'cache-api', lost: ['indexeddb'] });
  assert.deepEqual(ledgerOf(idb).lost, ['indexeddb'], 'the copy of the lost store is written again too');
});
