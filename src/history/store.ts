import type { HistoryEvent } from '../features/types';
import { normalizeEvent } from '../features/validate';
import { clampTime, coalesce, ttlCutoff, type HistoryPolicy } from './policy';

/** Where a shopper's events live. Reads are newest first. */
export interface HistoryStore {
  readonly kind: 'indexeddb' | 'memory';
  /** Queues an event; events queued together are written in one transaction. Resolves to the event as stored, or null when it was dropped (invalid, or a rapid duplicate). Never rejects. */
  add(event: HistoryEvent): Promise<HistoryEvent | null>;
  /** The newest `n` valid events, newest first. */
  recent(n: number): Promise<HistoryEvent[]>;
  count(): Promise<number>;
  /** Deletes the events matching `match`; returns how many. */
  removeWhere(match: (e: HistoryEvent) => boolean): Promise<number>;
  clear(): Promise<void>;
  /** SDK state that is not history (e.g. the A/B assignment); kept by clear(). */
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
  /** Writes queued events now (page hide, destroy); resolves when their transaction finished. Never rejects. */
  flush(): Promise<void>;
  /** Damaged or foreign records skipped so far. */
  readonly skipped: number;
  close(): void;
}

/** Newest-first ordering (by time, then by insertion). */
export const newestFirst = (a: { time: number; seq?: number }, b: { time: number; seq?: number }) => b.time - a.time || (b.seq ?? 0) - (a.seq ?? 0);

/** History kept in memory for the page's life: the fallback when IndexedDB is missing or broken, and the store without consent. */
export function memoryStore(policy: HistoryPolicy): HistoryStore {
  let events: (HistoryEvent & { seq: number })[] = [];
  let seq = 0;
  const previous = new Map<string, number>();
  const meta = new Map<string, unknown>();
  const prune = (now: number) => {
    const cutoff = ttlCutoff(policy, now);
    events = events.filter((e) => e.time >= cutoff).sort(newestFirst).slice(0, policy.limit);
  };
  return {
    kind: 'memory',
    skipped: 0,
    async add(event) {
      const now = Date.now();
      const e = normalizeEvent({ ...event, time: clampTime(event?.time, now) });
      if (!e || coalesce([e], policy.coalesceMs, previous).length === 0) return null;
      events.push({ ...e, seq: seq++ });
      prune(now);
      return e;
    },
    async recent(n) {
      prune(Date.now());
      return events.slice(0, n).map(({ seq: _seq, ...e }) => e);
    },
    async count() {
      prune(Date.now());
      return events.length;
    },
    async removeWhere(match) {
      const before = events.length;
      events = events.filter((e) => !match(e));
      return before - events.length;
    },
    async clear() {
      events = [];
      previous.clear();
    },
    getMeta: async (key) => meta.get(key),
    setMeta: async (key, value) => void meta.set(key, value),
    flush: async () => {},
    close() {},
  };
}
