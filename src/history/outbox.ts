import { readLocal, removeLocal, writeLocal } from '../common/local';
import { isEventType, type HistoryEvent } from '../features/types';

/**
 * The outbox: events recorded by the script-tag loader before the history database is open
 * (a new visitor's first clicks and track() calls, a click on a link card just before the page
 * is left). It is localStorage — one synchronous write, kept in every engine, so an event
 * survives an immediate navigation — with one key per page view, so that tabs never write the
 * same key. A page view holds a Web Lock of its key's name until it is left (or destroyed); the
 * history takes into IndexedDB its own page's outbox and those nobody holds (pages that are gone)
 * when it opens, and when another tab writes one.
 * Only events that consent allows to store are put here.
 */
const prefix = (dbName: string) => `${dbName}:outbox:`;

/** Most milliseconds the history waits for the Web Locks answer before taking only its own page's outbox. */
const QUERY_MS = 500;

/** Most events one page's outbox holds (the oldest go first). */
const OUTBOX_LIMIT = 200;

const isEvent = (e: unknown): e is HistoryEvent => {
  const v = e as HistoryEvent;
  return !!v && typeof v.item === 'string' && isEventType(v.type) && Number.isFinite(v.time);
};

function eventsAt(key: string): HistoryEvent[] {
  try {
    const list: unknown = JSON.parse(readLocal(key) ?? '[]');
    return Array.isArray(list) ? list.filter(isEvent) : [];
  } catch {
    return [];
  }
}

/** The outbox keys of a database on this device. */
export function outboxKeys(dbName: string): string[] {
  const keys: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith(prefix(dbName))) keys.push(localStorage.key(i)!);
  } catch {
    // storage unavailable: no outbox
  }
  return keys;
}

export const isOutboxKey = (dbName: string, key: string | null) => !!key?.startsWith(prefix(dbName));

export interface PageOutbox {
  /** Its localStorage key (the history takes it at once when handed this, held or not). */
  readonly key: string;
  /** Writes an event; where localStorage does not keep it (unavailable, full, dropping writes), the page's memory does. */
  append(event: HistoryEvent): void;
  /** Events written and not taken yet. */
  count(): number;
  /** The events only the page's memory kept (handed to the full SDK with the key). */
  readonly memory: HistoryEvent[];
  /** This page will not write any more (destroyed): the next history to open takes them. */
  release(): void;
}

type Locks = { request(name: string, cb: () => Promise<void>): Promise<void>; query(): Promise<{ held?: { name?: string }[] }> };
/** Web Locks; none in an opaque origin (a sandboxed frame), where asking is refused (and Chromium reports even a caught refusal as a page error). */
const locks = (): Locks | undefined => (origin === 'null' ? undefined : (navigator as Navigator & { locks?: Locks }).locks);

/** This page view's outbox. */
export function pageOutbox(dbName: string): PageOutbox {
  const key = prefix(dbName) + Math.random().toString(36).slice(2);
  let release = () => {};
  const hold = () => {
    try {
      void locks()?.request(key, () => new Promise<void>((done) => (release = done))).catch(() => {});
    } catch {
      // no Web Locks: outboxes are taken by whoever opens the history (see takeOutboxes)
    }
  };
  hold();
  // a page being left lets go at once, so the next page's history takes what it wrote (the browser's own release may
  // come after that page asks); a page restored from the back/forward cache holds it again
  addEventListener('pagehide', () => release());
  addEventListener('pageshow', (e) => (e as PageTransitionEvent).persisted && hold());
  const memory: HistoryEvent[] = [];
  return {
    key,
    memory,
    append(event) {
      if (!writeLocal(key, JSON.stringify([...eventsAt(key), event].slice(-OUTBOX_LIMIT))) && memory.push(event) > OUTBOX_LIMIT) memory.shift();
    },
    count: () => eventsAt(key).length + memory.length,
    release: () => release(),
  };
}

/** This page's outbox as the full SDK receives it: its key, and the events only memory kept. */
export interface OwnOutbox {
  key: string;
  memory: HistoryEvent[];
}

/** Takes the events of every outbox that no page holds, and this page's own (read and removed in one task), oldest first. */
export async function takeOutboxes(dbName: string, own?: OwnOutbox): Promise<HistoryEvent[]> {
  // which pages still live; an answer that does not come (QUERY_MS) takes only this page's own, so opening the history never waits on it
  let held: Set<string | undefined> | null = new Set();
  try {
    const query = locks()?.query().then((q) => new Set(q.held?.map((l) => l.name)));
    if (query) held = await Promise.race([query, new Promise<null>((r) => setTimeout(() => r(null), QUERY_MS))]);
  } catch {
    // no Web Locks: every outbox is taken
  }
  const events = outboxKeys(dbName)
    .filter((k) => k === own?.key || (held !== null && !held.has(k)))
    .flatMap((k) => {
      const list = eventsAt(k);
      removeLocal(k);
      return list;
    });
  return [...events, ...(own?.memory.splice(0) ?? [])].sort((a, b) => a.time - b.time);
}

/** Erases every outbox of a database (forget()). */
export const clearOutboxes = (dbName: string): void => outboxKeys(dbName).forEach(removeLocal);
