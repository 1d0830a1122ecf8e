import type { HistoryEvent } from '../features/types';
import { capabilities } from '../common/capabilities';
import type { Logger } from '../common/log';
import { openChannel, type TabChannel } from './channel';
import { memoryStore, openHistory, type HistoryPolicy, type HistoryStore } from './index';
import { clearOutboxes, isOutboxKey, takeOutboxes, type OwnOutbox } from './outbox';

export type Consent = 'granted' | 'pending' | 'denied';

/** What the history needs of the instance's options. */
export interface HistoryConfig {
  consent: Consent;
  respectGPC: boolean;
  historyLimit: number;
  historyTtlDays: number;
  dbName: string;
}

/** Same item and type again within this window is one event (double clicks, repeated calls). */
const COALESCE_MS = 1000;
/** Newest events kept in memory for ranking, profile and explanations. */
const CACHE_SIZE = 200;
/** Another tab's changes arrive in bursts: one re-read per this many milliseconds. */
const REFRESH_DEBOUNCE_MS = 50;

/**
 * The shopper's history as the instance sees it: the store that consent allows
 * (IndexedDB when granted, page memory otherwise), kept in sync across tabs, with a
 * cached copy of the newest events so ranking, profile and explanations need no read.
 */
export interface HistoryController {
  readonly loaded: Promise<void>;
  add(event: HistoryEvent): Promise<void>;
  /** Takes the events the script-tag loader recorded (its outbox) into the store. */
  drain(): Promise<void>;
  /** Cached newest events (up to 200), newest first. */
  snapshot(): readonly HistoryEvent[];
  /** Reads the newest `n` events from the store itself. */
  read(n: number): Promise<HistoryEvent[]>;
  count(): number;
  skipped(): number;
  consent(): Consent;
  setConsent(value: Consent): Promise<void>;
  removeWhere(match: (e: HistoryEvent) => boolean): Promise<number>;
  /** The store in use, once open (for SDK state kept beside the history). */
  store(): Promise<HistoryStore>;
  /** Erases this device's history, in every tab. */
  forget(): Promise<void>;
  close(): void;
}

/** Consent in effect: Global Privacy Control turns a default grant into a denial when the store asks to respect it. */
function initialConsent(options: HistoryConfig): Consent {
  const gpc = typeof navigator !== 'undefined' && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  return options.respectGPC && gpc && options.consent === 'granted' ? 'denied' : options.consent;
}

/** `outbox`: this page's outbox (the script-tag loader's), taken at once. */
export function createHistory(options: HistoryConfig, log: Logger, onChange: () => void, outbox?: OwnOutbox): HistoryController {
  const policy: HistoryPolicy = { limit: options.historyLimit, ttlMs: options.historyTtlDays * 86_400_000, coalesceMs: COALESCE_MS };
  let consent = initialConsent(options);
  let cache: HistoryEvent[] = [];
  let total = 0;
  let channel: TabChannel | null = null;

  let current: HistoryStore | null = null;
  const open = (): Promise<HistoryStore> => {
    const opening = consent === 'granted' && capabilities().browser ? openHistory(options.dbName, policy, log, () => safeRefresh()) : Promise.resolve(memoryStore(policy));
    return opening.then((s) => (current = s));
  };
  let store = open();

  async function refresh() {
    const s = await store;
    [cache, total] = await Promise.all([s.recent(Math.min(CACHE_SIZE, options.historyLimit)), s.count()]);
    onChange();
  }
  let pending: ReturnType<typeof setTimeout> | undefined;
  const safeRefresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => refresh().catch((error) => log.warn('could not read the history', error)), REFRESH_DEBOUNCE_MS);
  };

  // a page about to be left (navigation, tab closed or backgrounded) writes what is queued now
  let closed = false;
  const flushNow = () => void store.then((s) => s.flush()).catch(() => {});
  const onVisibility = () => document.visibilityState === 'hidden' && flushNow();
  if (capabilities().browser) {
    window.addEventListener('pagehide', flushNow);
    document.addEventListener('visibilitychange', onVisibility);
  }

  const listen = () => {
    channel?.close();
    channel = consent === 'granted' && capabilities().browser ? openChannel(options.dbName, (m) => (m.type === 'forget' ? void forgetLocal() : void safeRefresh())) : null;
  };
  listen();

  /** Takes the loader's outbox (outbox.ts) into the store: only where consent lets us store. */
  async function drain() {
    if (closed || consent !== 'granted' || !capabilities().browser) return;
    for (const event of await takeOutboxes(options.dbName, outbox)) await put(event);
  }
  const onStorage = (e: StorageEvent) => isOutboxKey(options.dbName, e.key) && e.newValue && void drain().catch((error) => log.warn('could not store recorded events', error));
  if (capabilities().browser) window.addEventListener('storage', onStorage);

  async function put(event: HistoryEvent) {
    if (closed) return;
    const stored = await (await store).add(event);
    if (!stored) return;
    // the cache follows our own writes without a read; other tabs re-read once per burst
    cache = [stored, ...cache].slice(0, Math.min(CACHE_SIZE, options.historyLimit));
    total = Math.min(total + 1, options.historyLimit);
    channel?.post({ type: 'changed' });
    onChange();
  }

  const loaded = drain()
    .catch((error) => log.warn('could not store recorded events', error))
    .then(refresh)
    .catch((error) => log.warn('could not read the history', error));

  async function forgetLocal() {
    await (await store).clear();
    await refresh();
  }

  async function forget() {
    clearOutboxes(options.dbName);
    await forgetLocal();
    channel?.post({ type: 'forget' });
  }

  return {
    loaded,
    // after the first read: a count read while an event is added would undo it
    add: (event) => loaded.then(() => put(event)),
    drain,
    snapshot: () => cache,
    // after the outbox is taken: what the loader recorded is part of the history
    read: async (n) => (closed ? [] : (await loaded, (await store).recent(n))),
    count: () => total,
    skipped: () => current?.skipped ?? 0,
    consent: () => consent,
    async setConsent(value) {
      if (value === consent) return;
      const previous = await store;
      // events kept in memory while consent was pending become history once granted
      const carried = value === 'granted' && previous.kind === 'memory' ? await previous.recent(options.historyLimit) : [];
      consent = value;
      store = open();
      const next = await store;
      for (const e of carried.reverse()) await next.add(e);
      if (previous !== next) previous.close();
      listen();
      await drain();
      await refresh();
    },
    async removeWhere(match) {
      const removed = await (await store).removeWhere(match);
      channel?.post({ type: 'changed' });
      await refresh();
      return removed;
    },
    forget,
    store: () => store,
    close() {
      closed = true;
      if (capabilities().browser) {
        window.removeEventListener('pagehide', flushNow);
        window.removeEventListener('storage', onStorage);
        document.removeEventListener('visibilitychange', onVisibility);
      }
      clearTimeout(pending);
      channel?.close();
      store.then((s) => s.close()).catch(() => {});
    },
  };
}
