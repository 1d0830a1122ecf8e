import { capabilities } from '../../common/capabilities';
import type { Logger } from '../../common/log';
import { listedFiles, type StoreBackend, type StoredManifest } from './backend';

/**
 * Model files in IndexedDB: a database of their own (not the shopper's history), three object
 * stores — `manifests` (key: manifest URL), `files` (key: URL + SHA-256) and `ledger` (this
 * store's copy of ledger.ts, under one key). A commit is one
 * readwrite transaction over both: the files, the manifest and the eviction of files no manifest
 * lists any more land together or not at all, so the last good manifest and its files never part.
 * IndexedDB is kept by every engine (WebKit dropped Cache API entries between pages where it kept
 * IndexedDB's), and exists on plain-http pages too, where the Cache API does not.
 */
export const MODEL_DB = 'vitrine-models';
const VERSION = 1;
/** How long opening may wait (an upgrade blocked by another tab) before the model goes elsewhere. */
const OPEN_TIMEOUT_MS = 2000;
const LEDGER_KEY = 'ledger';

interface ManifestRecord {
  url: string;
  bytes: ArrayBuffer;
  checkedAt: number;
  etag: string | null;
  lastModified: string | null;
}

interface FileRecord {
  key: string;
  data: ArrayBuffer;
}

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

const completion = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

/** A stored value read back: anything else (damaged, foreign) counts as absent. */
function asManifest(value: unknown): StoredManifest | undefined {
  const r = value as Partial<ManifestRecord> | undefined;
  if (!r || !(r.bytes instanceof ArrayBuffer) || typeof r.checkedAt !== 'number') return undefined;
  return { bytes: new Uint8Array(r.bytes), checkedAt: r.checkedAt, etag: typeof r.etag === 'string' ? r.etag : null, lastModified: typeof r.lastModified === 'string' ? r.lastModified : null };
}

const toRecord = (url: string, m: StoredManifest): ManifestRecord => ({
  url,
  // a copy that owns its buffer: `bytes` may be a view into a larger one
  bytes: m.bytes.slice().buffer as ArrayBuffer,
  checkedAt: m.checkedAt,
  etag: m.etag,
  lastModified: m.lastModified,
});

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB open blocked')), OPEN_TIMEOUT_MS);
    const opening = indexedDB.open(MODEL_DB, VERSION);
    opening.onupgradeneeded = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains('manifests')) db.createObjectStore('manifests', { keyPath: 'url' });
      if (!db.objectStoreNames.contains('files')) db.createObjectStore('files', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('ledger')) db.createObjectStore('ledger');
    };
    opening.onsuccess = () => {
      clearTimeout(timer);
      const db = opening.result;
      db.onversionchange = () => db.close(); // a newer SDK upgrades the schema: step aside
      resolve(db);
    };
    opening.onerror = () => {
      clearTimeout(timer);
      reject(opening.error);
    };
  });
}

/** Deletes what no readable manifest lists, inside `tx` (one of the commit's requests). */
async function evict(manifests: IDBObjectStore, files: IDBObjectStore): Promise<void> {
  const [all, keys] = await Promise.all([request(manifests.getAll()), request(files.getAllKeys())]);
  const { keep, unreadable } = listedFiles(
    (all as Partial<ManifestRecord>[]).map((r) => ({ url: String(r?.url), bytes: r?.bytes instanceof ArrayBuffer ? new Uint8Array(r.bytes) : new Uint8Array(0) })),
  );
  for (const url of unreadable) manifests.delete(url);
  for (const key of keys) if (!keep.has(String(key))) files.delete(key);
}

export async function openIndexedDBStore(log: Logger): Promise<StoreBackend | null> {
  if (!capabilities().indexedDB) return null;
  let db: IDBDatabase | null = null;
  const connect = async (): Promise<IDBDatabase> => {
    if (db) return db;
    const opened = await openDatabase();
    // the browser closed it (site data cleared, storage evicted): reopen on next use
    opened.onclose = () => void (db = null);
    return (db = opened);
  };
  try {
    await connect();
  } catch (error) {
    log.debug('IndexedDB unavailable for the model', error);
    return null;
  }
  /** Runs `fn` in a transaction and resolves once it committed. */
  const inTransaction = async <T>(mode: IDBTransactionMode, fn: (manifests: IDBObjectStore, files: IDBObjectStore, ledger: IDBObjectStore) => Promise<T> | T): Promise<T> => {
    const tx = (await connect()).transaction(['manifests', 'files', 'ledger'], mode);
    const committed = completion(tx);
    committed.catch(() => {}); // surfaced below, once
    try {
      const value = await fn(tx.objectStore('manifests'), tx.objectStore('files'), tx.objectStore('ledger'));
      await committed;
      return value;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      throw error;
    }
  };
  return {
    kind: 'indexeddb',
    manifest: (url) => inTransaction('readonly', async (manifests) => asManifest(await request(manifests.get(url)))),
    file: (key) =>
      inTransaction('readonly', async (_, files) => {
        const record = (await request(files.get(key))) as Partial<FileRecord> | undefined;
        return record?.data instanceof ArrayBuffer ? record.data : undefined;
      }),
    commit: (url, manifest, files) =>
      inTransaction('readwrite', async (manifests, store) => {
        for (const [key, data] of files) store.put({ key, data } satisfies FileRecord);
        manifests.put(toRecord(url, manifest));
        await evict(manifests, store);
      }),
    touch: (url, manifest) =>
      inTransaction('readwrite', async (manifests) => {
        await request(manifests.put(toRecord(url, manifest)));
      }),
    remove: (url) =>
      inTransaction('readwrite', async (manifests, files) => {
        manifests.delete(url);
        await evict(manifests, files);
      }),
    clear: () =>
      inTransaction('readwrite', async (manifests, files) => {
        manifests.clear();
        files.clear();
      }),
    ledger: () => inTransaction('readonly', (_, __, ledger) => request(ledger.get(LEDGER_KEY))),
    saveLedger: (value) =>
      inTransaction('readwrite', async (_, __, ledger) => {
        await request(ledger.put(value, LEDGER_KEY));
      }),
  };
}
