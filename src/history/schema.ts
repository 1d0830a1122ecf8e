import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { HistoryEvent } from '../features/types';

/**
 * The IndexedDB schema, by version. Each step only adds, so upgrading keeps every
 * stored event; a tab running an older SDK closes its connection when asked
 * (see indexeddb.ts), so upgrades are not blocked for long.
 *   v1: `events` (auto-increment `seq`, index `time`)
 *   v2: index `item` on `events`; `meta` key-value store (SDK state that is not history)
 */
export const SCHEMA_VERSION = 2;

export interface StoredEvent extends HistoryEvent {
  seq?: number;
}

export interface VitrineDB extends DBSchema {
  events: { key: number; value: StoredEvent; indexes: { time: number; item: string } };
  meta: { key: string; value: unknown };
}

type UpgradeTx = IDBPTransaction<VitrineDB, StoreNames<VitrineDB>[], 'versionchange'>;

export function upgrade(db: IDBPDatabase<VitrineDB>, oldVersion: number, tx: UpgradeTx): void {
  if (oldVersion < 1) {
    const events = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true });
    events.createIndex('time', 'time');
  }
  if (oldVersion < 2) {
    tx.objectStore('events').createIndex('item', 'item');
    db.createObjectStore('meta');
  }
}
