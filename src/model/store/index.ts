import type { Logger } from '../../common/log';
import { sameBytes, type StoreBackend, type StoreKind, type StoredManifest } from './backend';
import { dropOldCaches, openCacheApiStore } from './cache-api';
import { openIndexedDBStore } from './indexeddb';
import { emptyLedger, mergeLedgers, parseLedger, setHolder, type Ledger } from './ledger';

export { sameBytes, type StoreKind, type StoredManifest } from './backend';

/** Where this page view's model is kept (`stats().modelStore`). */
export interface ModelStoreReport {
  /** The store that served this view's model or that it was committed to; null when it is kept nowhere (downloaded on each view). */
  store: StoreKind | null;
  /** Stores seen losing entries on this device (files or manifests gone between page views): not used any more. */
  lost: StoreKind[];
}

/** The model's storage as fetch.ts sees it: never rejects. */
export interface ModelStore {
  manifest(url: string): Promise<StoredManifest | undefined>;
  file(key: string): Promise<ArrayBuffer | undefined>;
  /** A file that `stored` (the manifest read from the store) lists is not in the store: unless another tab replaced the model meanwhile, the store lost entries (`what` names the file). */
  lost(url: string, stored: StoredManifest, what: string): Promise<void>;
  /** Commits a verified model (every file it lists, key -> bytes) as the last good one of `url`. False when no store took it (one warning). */
  commit(url: string, manifest: StoredManifest, files: ReadonlyMap<string, ArrayBuffer>): Promise<boolean>;
  /** The server confirmed the stored manifest: it counts as checked now (`manifest` carries the new time and validators). */
  touch(url: string, manifest: StoredManifest): Promise<boolean>;
  report(): ModelStoreReport;
}

/** Best first: IndexedDB holds in every engine; the Cache API is the fallback where IndexedDB cannot be opened or written. */
const ORDER: readonly StoreKind[] = ['indexeddb', 'cache-api'];
const OPEN: Record<StoreKind, (log: Logger) => Promise<StoreBackend | null>> = { indexeddb: openIndexedDBStore, 'cache-api': openCacheApiStore };
const LABEL: Record<StoreKind, string> = { indexeddb: 'IndexedDB', 'cache-api': 'the Cache API' };

/** Losses already reported on this page (several instances share one warning). */
const reportedOnPage = new Set<StoreKind>();

const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The model's storage for one page view: IndexedDB, else the Cache API, else none (the model is
 * downloaded on each view). The ledger (ledger.ts, a copy in each store) records which store holds
 * each manifest URL's model; a store that lost entries — the ledger says it holds a model and it has
 * no manifest, or a stored manifest's file is gone — is reported once (one warning), marked in the
 * ledger, cleared and not used again on this device: the model goes to the next store, or is
 * downloaded on each view. Stores that fail (throw, quota) are skipped for the rest of the view
 * with a debug line; a commit no store takes is one warning.
 * (`env` replaces the stores and the page's record of losses already reported, for tests.)
 */
export function openModelStore(enabled: boolean, log: Logger, env: { open?: typeof OPEN; reported?: Set<StoreKind> } = {}): ModelStore | null {
  if (!enabled) return null;
  const { open: openers = OPEN, reported = reportedOnPage } = env;
  const opened = new Map<StoreKind, Promise<StoreBackend | null>>();
  const open = (kind: StoreKind): Promise<StoreBackend | null> => {
    let backend = opened.get(kind);
    if (!backend) opened.set(kind, (backend = openers[kind](log).catch(() => null)));
    return backend;
  };
  const available = async () => (await Promise.all(ORDER.map(open))).filter((b): b is StoreBackend => !!b);
  let ledger: Ledger = emptyLedger();
  /**
   * The ledger as the stores hold it now (another tab may have written it since): the best store's
   * copy; the next store's only where that one has none (it lost everything, or cannot be opened),
   * so a returning view opens a single store. The copies are written together (updateLedger).
   */
  const readLedger = async () => {
    const copies: unknown[] = [];
    for (const kind of ORDER) {
      const backend = await open(kind);
      const copy = await backend?.ledger().catch(() => undefined);
      copies.push(copy);
      if (parseLedger(copy).at > 0) break;
    }
    return (ledger = mergeLedgers(copies));
  };
  /** Applies `change` to the current ledger and writes it to every store (best effort: a copy that fails only knows less). */
  const updateLedger = async (change: (l: Ledger) => void) => {
    const next = await readLedger();
    change(next);
    next.at = Math.max(Date.now(), next.at + 1);
    await Promise.all((await available()).map((b) => b.saveLedger(next).catch((error) => log.debug(`could not write the model ledger to ${LABEL[b.kind]}: ${message(error)}`))));
    ledger = next;
  };
  /** Stores that threw on this page view: not written to again on it. */
  const failed = new Set<StoreKind>();
  const usable = () => ORDER.filter((k) => !ledger.lost.includes(k) && !failed.has(k));
  /** The store this view's model was read from or committed to. */
  let current: StoreBackend | null = null;

  async function markLost(backend: StoreBackend, detail: string): Promise<void> {
    await updateLedger((l) => {
      if (!l.lost.includes(backend.kind)) l.lost.push(backend.kind);
      for (const [url, kind] of Object.entries(l.holds)) if (kind === backend.kind) delete l.holds[url];
    });
    if (current === backend) current = null;
    await backend.clear().catch(() => {});
    if (reported.has(backend.kind)) return log.debug(`${LABEL[backend.kind]} lost model files (${detail})`);
    reported.add(backend.kind);
    let next: StoreKind | undefined;
    for (const kind of usable()) if (!next && (await open(kind))) next = kind;
    const then = next ? `the model is kept in ${LABEL[next]} from now on` : 'no other store is left: the model is downloaded on each page view';
    log.warn(`${LABEL[backend.kind]} lost the stored model between page views (${detail}); ${then}`);
  }

  return {
    async manifest(url) {
      await readLedger();
      for (const kind of ledger.lost) log.debug(`${LABEL[kind]} lost model files on an earlier page view; the model is not kept there`);
      const tried = new Set<StoreKind>();
      for (;;) {
        const holder = ledger.holds[url];
        const kind = holder && !tried.has(holder) && usable().includes(holder) ? holder : usable().find((k) => !tried.has(k));
        if (!kind) return undefined;
        tried.add(kind);
        const backend = await open(kind);
        if (!backend) continue;
        try {
          const stored = await backend.manifest(url);
          if (stored) return (current = backend), stored;
        } catch (error) {
          failed.add(kind);
          log.debug(`could not read the model from ${LABEL[kind]}: ${message(error)}`);
          continue;
        }
        if (kind !== holder) return undefined; // nothing stored yet: a first visit
        await readLedger(); // another tab may have moved it since
        if (ledger.holds[url] === kind) await markLost(backend, `its manifest of ${url} is gone`);
      }
    },
    async file(key) {
      try {
        return await current?.file(key);
      } catch (error) {
        if (current) failed.add(current.kind);
        log.debug(`could not read a model file from ${current ? LABEL[current.kind] : 'the store'}: ${message(error)}`);
        return undefined;
      }
    },
    async lost(url, stored, what) {
      const backend = current;
      if (!backend || failed.has(backend.kind)) return; // a store that threw is failing, not losing entries
      let now: StoredManifest | undefined;
      try {
        now = await backend.manifest(url);
      } catch {
        return void failed.add(backend.kind);
      }
      // another tab may have committed a newer version meanwhile (evicting this one's files), or moved the model: not a loss
      await readLedger();
      if (now && !sameBytes(now.bytes, stored.bytes)) log.debug(`${what} was replaced by a newer model stored meanwhile`);
      else if (!now && ledger.holds[url] && ledger.holds[url] !== backend.kind) log.debug(`the model of ${url} was moved meanwhile`);
      else await markLost(backend, `${what} is gone`);
    },
    async commit(url, manifest, files) {
      let failure: unknown;
      for (const kind of usable()) {
        const backend = await open(kind);
        if (!backend) continue;
        try {
          await backend.commit(url, manifest, files);
        } catch (error) {
          failure = error;
          failed.add(kind);
          log.debug(`could not store the model in ${LABEL[kind]}: ${message(error)}`);
          continue;
        }
        const previous = ledger.holds[url];
        current = backend;
        await updateLedger((l) => setHolder(l, url, kind));
        if (previous && previous !== kind) void open(previous).then((b) => b?.remove(url)).catch(() => {});
        void dropOldCaches();
        return true;
      }
      if (failure !== undefined) log.warn('could not cache the model (storage quota?): it will be downloaded again next time', failure);
      return false;
    },
    async touch(url, manifest) {
      try {
        await current?.touch(url, manifest);
        return !!current;
      } catch (error) {
        log.debug(`could not record the model check in ${current ? LABEL[current.kind] : 'the store'}: ${message(error)}`);
        return false;
      }
    },
    report: () => ({ store: current?.kind ?? null, lost: [...ledger.lost] }),
  };
}
