import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isEventType, type HistoryEvent } from '../features/types';
import type { HistoryStore } from './store';

const STORE = 'events';
const VERSION = 1;

interface StoredEvent extends HistoryEvent {
  seq?: number;
}

interface VitrineDB extends DBSchema {
  events: { key: number; value: StoredEvent; indexes: { time: number } };
}

/** A record read back from disk may be foreign or damaged: keep only well-formed events. */
function isValid(e: unknown): e is StoredEvent {
  const r = e as StoredEvent | null;
  return !!r && typeof r.item === 'string' && isEventType(r.type) && typeof r.time === 'number' && Number.isFinite(r.time);
}

/**
 * History in IndexedDB (through idb): one object store keyed by an auto-increment
 * sequence, indexed by time, bounded to `limit` events (oldest pruned).
 */
export async function indexedDBStore(dbName: string, limit: number): Promise<HistoryStore> {
  const db: IDBPDatabase<VitrineDB> = await openDB<VitrineDB>(dbName, VERSION, {
    upgrade(database) {
      const store = database.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      store.createIndex('time', 'time');
    },
    blocking() {
      // another tab wants a newer schema: let it proceed
      db.close();
    },
  });

  async function prune() {
    const tx = db.transaction(STORE, 'readwrite');
    const excess = (await tx.store.count()) - limit;
    if (excess > 0) {
      let cursor = await tx.store.index('time').openCursor();
      for (let i = 0; cursor && i < excess; i++) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }

  return {
    kind: 'indexeddb',
    async add(event) {
      await db.add(STORE, { ...event });
      await prune();
    },
    async recent(n) {
      const out: HistoryEvent[] = [];
      let cursor = await db.transaction(STORE).store.index('time').openCursor(null, 'prev');
      while (cursor && out.length < n) {
        if (isValid(cursor.value)) {
          const { seq: _seq, ...event } = cursor.value;
          out.push(event);
        }
        cursor = await cursor.continue();
      }
      return out;
    },
    count: () => db.count(STORE),
    clear: () => db.clear(STORE),
    close: () => db.close(),
  };
}
