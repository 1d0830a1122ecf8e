import { openDB, unwrap, type IDBPDatabase } from 'idb';
import type { HistoryEvent } from '../features/types';
import type { Logger } from '../common/log';
import { normalizeEvent } from '../features/validate';
import { clampTime, coalesce, ttlCutoff, type HistoryPolicy } from './policy';
import { SCHEMA_VERSION, upgrade, type StoredEvent, type VitrineDB } from './schema';
import type { HistoryStore } from './store';

/** How long opening may wait on a tab that holds an older schema open before giving up (no hang). */
const OPEN_TIMEOUT_MS = 3000;

const isQuotaError = (e: unknown) => (e as { name?: string } | null)?.name === 'QuotaExceededError';

async function open(dbName: string, log: Logger, onClosed: () => void, onLost: () => void): Promise<IDBPDatabase<VitrineDB>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opening = openDB<VitrineDB>(dbName, SCHEMA_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
    blocked: () => log.debug('IndexedDB upgrade waits for another tab to close an older version'),
    blocking: () => onClosed(), // a newer schema wants the database: step aside
    // the browser closed the connection (site data cleared, storage evicted): reopen on next use, re-read now
    terminated: () => {
      onClosed();
      onLost();
    },
  });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB open blocked by another tab')), OPEN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([opening, timeout]);
  } catch (error) {
    opening.then((db) => db.close()).catch(() => {}); // if it opens later, do not hold it
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

type RecordsIndex = IDBIndex & {
  getAllRecords?: (options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: StoredEvent }[]>;
};

/**
 * The newest records of a time range, newest first: one `getAllRecords` request where the
 * browser has it (newest first, only what is needed), else one `getAll` of the (bounded)
 * range, reversed. Both beat a cursor step per record.
 */
async function newestRows(db: IDBPDatabase<VitrineDB>, range: IDBKeyRange, n: number): Promise<StoredEvent[]> {
  const index = unwrap(db.transaction('events').store.index('time')) as RecordsIndex;
  if (typeof index.getAllRecords === 'function') {
    // a few extra in case some records are damaged; if the page is full of damage, read all
    const want = n + 8;
    const records = await new Promise<{ value: StoredEvent }[]>((resolve, reject) => {
      const request = index.getAllRecords!({ query: range, count: want, direction: 'prev' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (records.length < want || records.filter((r) => normalizeEvent(r.value)).length >= n) return records.map((r) => r.value);
  }
  return (await db.getAllFromIndex('events', 'time', range)).reverse();
}

/**
 * History in IndexedDB: events queued in one task are written in one transaction,
 * which also prunes by age (TTL) and count; a quota error prunes the oldest quarter
 * and retries once. Damaged or foreign records are skipped on read and counted. If
 * another tab upgrades the schema, this tab's connection closes and reopens on next use.
 */
export async function indexedDBStore(dbName: string, policy: HistoryPolicy, log: Logger, onLost: () => void = () => {}): Promise<HistoryStore> {
  let db: IDBPDatabase<VitrineDB> | null = null;
  const onClosed = () => {
    db?.close();
    db = null;
  };
  let closing = false;
  const reopen = () => {
    if (closing) throw new Error('the history is closed');
    return open(dbName, log, onClosed, onLost);
  };
  db = await reopen();
  const connection = async () => (db ??= await reopen());

  const previous = new Map<string, number>();
  const invalid = new Set<number>();
  /** Events stored, as far as this tab knows (other tabs add too): pruning runs when it passes the limit. */
  let stored = 0;
  let queue: { event: HistoryEvent; done: (stored: HistoryEvent | null) => void }[] = [];
  /** A flush is queued (a microtask): events of one task are written together, and at once, before a navigation can win. */
  let scheduled = false;
  // events that could not be written still count for this page
  const memoryFallback: HistoryEvent[] = [];

  /** Drops events past the TTL and beyond the count limit (plus `extra` of the oldest, to make room). */
  async function prune(extra: number): Promise<void> {
    const tx = (await connection()).transaction('events', 'readwrite');
    const store = tx.store;
    const work = (async () => {
      let old = await store.index('time').openCursor(IDBKeyRange.upperBound(ttlCutoff(policy, Date.now()), true));
      while (old) {
        await old.delete();
        old = await old.continue();
      }
      const count = await store.count();
      let excess = count - policy.limit + extra;
      stored = Math.min(count, count - excess);
      let cursor = excess > 0 ? await store.index('time').openCursor() : null;
      while (cursor && excess-- > 0) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    })();
    await Promise.all([work, tx.done]);
  }

  /**
   * One transaction per batch, holding only the adds and committed at once, so the events
   * are durable even when the page is left right after (a click on a link). Pruning runs in
   * its own transaction, only when the count may have passed the limit.
   */
  async function addAll(batch: HistoryEvent[]): Promise<void> {
    const tx = (await connection()).transaction('events', 'readwrite');
    tx.done.catch(() => {}); // awaited below; an abort after a synchronous throw must not be an unhandled rejection
    try {
      const adds = batch.map((e) => tx.store.add({ ...e }));
      (tx as unknown as { commit?: () => void }).commit?.();
      await Promise.all([...adds, tx.done]);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw error;
    }
  }

  async function write(batch: HistoryEvent[]): Promise<void> {
    try {
      await addAll(batch);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      log.debug('storage quota reached: pruning the oldest quarter of the history and retrying');
      await prune(Math.ceil(policy.limit / 4));
      await addAll(batch);
    }
    stored += batch.length;
    if (stored > policy.limit) await prune(0).catch((error) => log.debug('could not prune the history', error));
  }

  /** Writes what is queued now, with any events an earlier write could not store (retried until they are). */
  async function flush(): Promise<void> {
    scheduled = false;
    const items = queue;
    queue = [];
    const fresh = coalesce(
      items.map((q) => q.event),
      policy.coalesceMs,
      previous,
    );
    const batch = [...memoryFallback.splice(0), ...fresh];
    try {
      if (batch.length) {
        await write(batch);
      }
    } catch (error) {
      log.warn('could not store events (they are used for this page only, and retried with the next write)', error);
      memoryFallback.push(...batch);
    } finally {
      const kept = new Set(fresh);
      items.forEach((q) => q.done(kept.has(q.event) ? q.event : null));
    }
  }
  /** Once per open: removes records that are not well-formed events (foreign writers, damage) and counts them. */
  async function sweep() {
    const tx = (await connection()).transaction('events', 'readwrite');
    let cursor = await tx.store.openCursor();
    while (cursor) {
      if (!normalizeEvent(cursor.value)) {
        invalid.add(cursor.primaryKey);
        await cursor.delete();
      }
      cursor = await cursor.continue();
    }
    await tx.done;
  }
  // in the background: writes need not wait for them, and reads skip damaged records themselves
  void sweep()
    .then(() => prune(0))
    .catch((error) => log.debug('could not check the stored records', error));

  const store: HistoryStore = {
    kind: 'indexeddb',
    get skipped() {
      return invalid.size;
    },
    add(event) {
      return new Promise<HistoryEvent | null>((done) => {
        const e = normalizeEvent({ ...event, time: clampTime(event?.time, Date.now()) });
        if (!e) return done(null);
        queue.push({ event: e, done });
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(() => void flush());
        }
      });
    },
    async recent(n) {
      const now = Date.now();
      const inTtl = IDBKeyRange.lowerBound(ttlCutoff(policy, now));
      const rows = await newestRows(await connection(), inTtl, n);
      const out: HistoryEvent[] = [];
      for (const value of rows) {
        if (out.length >= n) break;
        const event = normalizeEvent(value);
        if (event) out.push({ ...event, time: Math.min(event.time, now) });
        else if ((value as StoredEvent).seq !== undefined) invalid.add((value as StoredEvent).seq!);
      }
      if (memoryFallback.length) return [...memoryFallback, ...out].sort((a, b) => b.time - a.time).slice(0, n);
      return out;
    },
    async count() {
      const inTtl = IDBKeyRange.lowerBound(ttlCutoff(policy, Date.now()));
      return (await (await connection()).countFromIndex('events', 'time', inTtl)) + memoryFallback.length;
    },
    async removeWhere(match) {
      const tx = (await connection()).transaction('events', 'readwrite');
      let removed = 0;
      let cursor = await tx.store.openCursor();
      while (cursor) {
        const event = normalizeEvent(cursor.value);
        if (event && match(event)) {
          await cursor.delete();
          removed++;
        }
        cursor = await cursor.continue();
      }
      await tx.done;
      const before = memoryFallback.length;
      memoryFallback.splice(0, memoryFallback.length, ...memoryFallback.filter((e) => !match(e)));
      return removed + before - memoryFallback.length;
    },
    async clear() {
      queue = [];
      previous.clear();
      memoryFallback.length = 0;
      await (await connection()).clear('events');
    },
    getMeta: async (key) => (await connection()).get('meta', key),
    setMeta: async (key, value) => void (await (await connection()).put('meta', value, key)),
    flush,
    close() {
      // queued events are written first; the connection closes once their transaction is created
      const pending = queue.length ? flush() : Promise.resolve();
      closing = true;
      void pending.finally(onClosed);
    },
  };
  return store;
}
