import { readLocal, removeLocal, writeLocal } from '../common/local';
import { isEventType, type HistoryEvent } from '../features/types';

/**
 * The outbox: events recorded by the script-tag loader before the history database is open
 * (a new visitor's first clicks, a click on a link card just before the page is left). It is
 * localStorage — one synchronous write, kept in every engine, so an event survives an
 * immediate navigation — and the history takes its events into IndexedDB when it opens, or
 * when another tab adds some (the `storage` event). Only events that consent allows to store
 * are put here.
 */
export const outboxKey = (dbName: string) => `${dbName}:outbox`;

/** Most events the outbox holds (the oldest go first): the loader's share of a page view. */
const OUTBOX_LIMIT = 200;

const isEvent = (e: unknown): e is HistoryEvent => {
  const v = e as HistoryEvent;
  return !!v && typeof v.item === 'string' && isEventType(v.type) && Number.isFinite(v.time);
};

export function outboxEvents(dbName: string): HistoryEvent[] {
  try {
    const list: unknown = JSON.parse(readLocal(outboxKey(dbName)) ?? '[]');
    return Array.isArray(list) ? list.filter(isEvent) : [];
  } catch {
    return [];
  }
}

/** False when it did not stick (storage unavailable, full, or a store that drops writes). */
export const appendOutbox = (dbName: string, event: HistoryEvent): boolean =>
  writeLocal(outboxKey(dbName), JSON.stringify([...outboxEvents(dbName), event].slice(-OUTBOX_LIMIT)));

/** Takes every event out (read and removed in one task, so two tabs never both take one). */
export function takeOutbox(dbName: string): HistoryEvent[] {
  const events = outboxEvents(dbName);
  removeLocal(outboxKey(dbName));
  return events;
}
