import type { HistoryEvent } from '../features/types';

/** Where a shopper's events live. Newest first on read. */
export interface HistoryStore {
  readonly kind: 'indexeddb' | 'memory';
  add(event: HistoryEvent): Promise<void>;
  /** The newest `n` events, newest first. */
  recent(n: number): Promise<HistoryEvent[]>;
  count(): Promise<number>;
  clear(): Promise<void>;
  close(): void;
}

/** Newest-first ordering (by time, then by insertion). */
export const newestFirst = <T extends { time: number }>(a: T & { seq?: number }, b: T & { seq?: number }) => b.time - a.time || (b.seq ?? 0) - (a.seq ?? 0);

/** History kept in memory for the page's life: the fallback when IndexedDB is missing or broken, and the store without consent. */
export function memoryStore(limit: number): HistoryStore {
  let events: (HistoryEvent & { seq: number })[] = [];
  let seq = 0;
  return {
    kind: 'memory',
    async add(event) {
      events.push({ ...event, seq: seq++ });
      if (events.length > limit) events = events.sort(newestFirst).slice(0, limit);
    },
    async recent(n) {
      return events
        .slice()
        .sort(newestFirst)
        .slice(0, n)
        .map(({ seq: _seq, ...e }) => e);
    },
    async count() {
      return events.length;
    },
    async clear() {
      events = [];
    },
    close() {},
  };
}
