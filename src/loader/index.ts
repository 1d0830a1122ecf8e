/**
 * The script-tag loader's instance: what runs before anything else is downloaded. It orders the
 * first view from the shopper snapshot (parse time, no model), records clicks (the outbox), and
 * loads the full SDK (vitrine-full.mjs) only when it can help: at once when there is history the
 * snapshot cannot order; after the page's load, in idle time, to refresh the snapshot; after a new
 * visitor's first event, so that the next view is personalised. Until then every method answers
 * from what the loader has; methods that need the history or the model load the full SDK and
 * forward to it. Never throws into the page.
 */
import type { Vitrine } from '../app/index';
import { resolveOptions, type VitrineOptions } from '../core/options';
import { createLogger } from '../common/log';
import { readLocal } from '../common/local';
import { whenIdle } from '../common/idle';
import { EMPTY_STATS } from '../core/empty-stats';
import { toRecord, type RankItem, type TrackEvent } from '../core/inputs';
import { rankBySnapshot, snapshotArm, usable, type Arm } from '../core/snapshot-rank';
import type { VitrineStats } from '../core/types';
import { endSnippet, hideUnseen, type FirstReorder, type GridHide } from '../dom/anti-flicker';
import { captureClicks } from '../dom/clicks';
import { orderAsParsed, parsedOutcome } from '../dom/first-view';
import { findGrids } from '../dom/items';
import { markupNotes } from '../dom/notes';
import { gridOrderer } from '../dom/order-grid';
import { gridStrategy } from '../dom/leave';
import { restoreDomOrder } from '../dom/reorder';
import { clearOutboxes, isOutboxKey, outboxKeys, pageOutbox } from '../history/outbox';
import { removeSnapshot, snapshotKey } from '../snapshot/store';
import { decodeSnapshot } from '../snapshot/format';

/** Most milliseconds the full SDK waits for idle time (after the page's load, or a new visitor's first event). */
const IDLE_LOAD_TIMEOUT_MS = 3000;

type FullModule = typeof import('../entries/full');

/** Whether the history database exists on this device (asked only when nothing in localStorage says so). */
async function historyDatabase(name: string): Promise<boolean> {
  // an opaque origin (a sandboxed frame) keeps no database, and asking is refused (reported as a page error in Chromium)
  if (origin === 'null') return false;
  try {
    return (await indexedDB.databases()).some((db) => db.name === name);
  } catch {
    return false; // not supported, or storage blocked: nothing to find
  }
}

/** `failure`: the instance could not start with the page's options; this one (default options) does nothing but answer. */
export function createLoader(input: VitrineOptions, fullUrl: string, runtimeUrl: string, failure?: string): Vitrine {
  const { options, problems } = resolveOptions(input);
  const log = createLogger(options.debug);
  problems.forEach((p) => log.warn(p));
  const db = options.dbName;
  const gpc = (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
  const consent = options.respectGPC && gpc && options.consent === 'granted' ? 'denied' : options.consent;
  const storing = consent === 'granted';
  // one read of the key: what it holds orders the first view; that it holds anything says there is history
  const stored = readLocal(snapshotKey(db));
  let snap = options.model && storing ? decodeSnapshot(stored) : null;
  if (snap?.model !== options.model) snap = null;
  let arm: Arm | null = failure ? null : snapshotArm(snap, options.holdout);
  /** Something on the device says there is history: a snapshot (its stub, one of another model, even a damaged one), or events waiting in the outbox. */
  const known = stored !== null || outboxKeys(db).length > 0;
  const outbox = pageOutbox(db);

  let full: Vitrine | null = null;
  let loading: Promise<Vitrine | null> | null = null;
  let failed: string | null = failure ?? null;
  const off = (reason: string, error?: unknown) => log.warn(`personalisation is off, the page keeps its own order: ${reason}`, error);
  if (failure) off(failure);
  let destroyed = false;
  let first: FirstReorder | null = null;
  let firstSettled = (_: FirstReorder) => {};
  /** The loader's first view, for the full SDK to wait on (it takes over the grids then). */
  const firstView = new Promise<FirstReorder>((resolve) => (firstSettled = resolve));
  let hide: GridHide | null = null;
  /** The loader settles the first view (else the full SDK does, releasing `hide`). */
  let ownsFirst = true;
  let stopFirst: (() => void) | undefined;
  let lastRankMs: number | null = null;
  let version = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    version++;
    listeners.forEach((l) => {
      try {
        l();
      } catch (error) {
        log.warn('a subscriber threw', error);
      }
    });
  };

  /** The full SDK, loaded once; null when it cannot be (the page keeps its own order). */
  const load = (): Promise<Vitrine | null> =>
    (loading ??= (failure ? Promise.reject(new Error(failure)) : import(/* webpackIgnore: true */ /* @vite-ignore */ fullUrl)
      .then((m: FullModule) => {
        if (destroyed) return null;
        // the first view is the loader's (settled or under way), or, where the loader hid the grids, the full SDK's
        const handoff = !options.autoReorder ? {} : ownsFirst ? { first: first ?? firstView, stop: stopFirst } : { hide };
        // the full SDK takes this page's outbox at once; the page keeps holding it, so no other tab takes it too
        full = m.start({ ...options, autoTrack: false }, { ...handoff, outbox, notes }, runtimeUrl);
        full.subscribe(notify);
        notify();
        return full;
      }))
      .catch((error) => {
        if (failure) return null;
        failed = `the SDK could not be loaded from ${fullUrl}`;
        hide?.release();
        off(failed, error);
        notify();
        return null;
      }));
  /** Calls the full SDK (loading it), or gives `fallback` where it cannot load. */
  const via = <R>(fn: (v: Vitrine) => R | Promise<R>, fallback: R): Promise<R> => load().then((v) => (v ? fn(v) : fallback));
  const later = () => whenIdle(() => void load(), IDLE_LOAD_TIMEOUT_MS);

  const rankSnapshot = <T extends RankItem>(list: T[]): T[] | null => {
    if (arm !== 'personalized' || !usable(snap) || list.length < 2) return null;
    const start = performance.now();
    const ordered = rankBySnapshot(snap, list, options);
    lastRankMs = performance.now() - start;
    return ordered;
  };
  const notes = markupNotes(log);
  const orderGrid = gridOrderer((list) => rankSnapshot(list) ?? list, (grid) => gridStrategy(grid, options), notes);
  const settle = (view: FirstReorder) => {
    if (first || !options.autoReorder) return;
    firstSettled((first = view));
    notify();
  };
  const outcome = (o: FirstReorder['outcome'], source: FirstReorder['source']) => settle({ hiddenMs: 0, outcome: o, at: performance.now(), source });

  /** Resolves with whether there is history to personalise with (the database probe, only where nothing else says). */
  let decided: Promise<boolean> = Promise.resolve(true);
  if (arm === 'personalized' && options.autoReorder) {
    stopFirst = orderAsParsed(orderGrid, options.antiFlicker, options.nonce, (view) => settle(parsedOutcome(view)));
    later();
  } else if (arm) {
    outcome(arm === 'holdout' ? 'off' : 'no-history', 'snapshot');
    later();
  } else if (failure) {
    decided = Promise.resolve(false);
  } else if (known || options.preload) {
    // history the snapshot cannot order (not computed yet, another model): the first view waits for the model, hidden
    ownsFirst = false;
    if (known && storing && options.autoReorder) hide = hideUnseen(options.antiFlicker, options.nonce).hide;
    void load();
  } else {
    decided = historyDatabase(db).then((found) => {
      if (!found) return outcome('no-history', 'model'), false;
      // a database but nothing in localStorage (cleared, or the history was erased): the full SDK reads it; the grids
      // may have painted meanwhile, so they keep the page order
      void load().then((v) => (v ? v.ready().then(() => outcome(v.stats().events > 0 ? 'timeout' : 'no-history', 'model')) : outcome('off', 'model')));
      return true;
    });
  }
  /** Whether a call needs the full SDK: history somewhere (the device, this page's outbox), or an A/B arm to draw. */
  const needsFull = async () => (await decided) || !!loading || outbox.count() > 0 || (options.holdout > 0 && !arm);
  if (!failure) notes.checkGrids();
  endSnippet(); // the snippet's hide (README) ends: the loader's own is in place, or none is needed
  // another tab recorded events or refreshed the snapshot: this tab's shopper has history now
  const onStorage = (e: StorageEvent) => storing && (e.key === snapshotKey(db) || isOutboxKey(db, e.key)) && later();
  addEventListener('storage', onStorage);
  // the profile widget and recommendation slots are the full SDK's
  const mountProfiles = () => document.querySelector('[data-vitrine-profile],[data-vitrine-recommend]') && void load();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountProfiles, { once: true });
  else mountProfiles();

  /**
   * An event before the full SDK is loaded goes to the outbox (one synchronous write: it survives a
   * link that navigates at once, or destroy(); a new visitor downloads nothing for it), and the full
   * SDK loads in idle time, so the next view is personalised.
   */
  function track(event: TrackEvent): Promise<void> {
    // the store's analytics hear of each event with its A/B arm: only the full SDK knows the arm of a new browser
    const analytics = !!options.onEvent || (options.dataLayer && Array.isArray((window as { dataLayer?: unknown }).dataLayer));
    // while the full SDK is still loading too: it takes this page's outbox when its history opens, and the page may be left first
    if (full || !storing || destroyed || analytics) return via((v) => v.track(event), undefined);
    try {
      const record = toRecord(event, log); // null: refused, with its warning
      if (record) outbox.append(record), notify(), later();
    } catch (error) {
      log.warn('could not record an event', error);
    }
    return Promise.resolve();
  }

  const detachClicks = options.autoTrack && !failure ? captureClicks(document, ({ element: _e, pinned: _p, outOfStock: _o, id, ...attrs }, type) => void track({ item: id, type, attrs }), notes.badEvent, notes.dropped) : () => {};

  const stats = (): VitrineStats => {
    if (full) return full.stats();
    const state = destroyed ? 'destroyed' : failed ? 'failed' : loading || known ? 'loading' : 'idle';
    return {
      ...EMPTY_STATS,
      state,
      reason: failed ?? (state === 'idle' ? 'no history on this device yet: nothing is downloaded until the first event' : null),
      events: (snap?.events ?? 0) + outbox.count(),
      lastRankMs,
      arm: arm ?? 'personalized',
      consent,
      snapshot: snap?.rows ? { modelVersion: snap.modelVersion, events: snap.events, updatedAt: snap.updatedAt } : null,
    };
  };

  /** Methods that need the history or the model: the full SDK's (loaded on the first call). */
  const forward = <K extends 'history' | 'consent' | 'reorder' | 'recommend'>(name: K, fallback: Awaited<ReturnType<Vitrine[K]>>) =>
    ((...args: unknown[]) => via((v) => (v[name] as (...a: unknown[]) => unknown)(...args), fallback)) as Vitrine[K];

  return {
    firstViewSource: () => full?.firstViewSource() ?? (arm === 'personalized' ? 'snapshot' : 'model'),
    // settled: with nothing to personalise, at once; else when the full SDK is (also to know a new browser's A/B arm)
    ready: () => needsFull().then((need) => (need ? via((v) => v.ready(), undefined) : undefined)),
    track,
    async rank<T extends RankItem>(items: readonly T[]): Promise<T[]> {
      const list = Array.isArray(items) ? items.slice() : [];
      try {
        // before the full SDK: the snapshot's order, or the page's where there is no history
        return full ? await full.rank(items) : (rankSnapshot(list) ?? ((await needsFull()) ? await via((v) => v.rank(items), list) : list));
      } catch (error) {
        log.warn('ranking failed; keeping the page order', error);
        return list;
      }
    },
    profile: () => full?.profile() ?? { categories: [], brands: [], price: null, recent: [], events: 0, remove: (interest) => via((v) => v.profile().remove(interest), undefined) },
    explain: (id, top) => via((v) => v.explain(id, top), { item: String(id), score: null, because: [], text: null }),
    history: forward('history', []),
    recommend: forward('recommend', []),
    forget() {
      removeSnapshot(db);
      clearOutboxes(db);
      snap = null;
      arm = null;
      return via((v) => v.forget(), undefined);
    },
    consent: forward('consent', undefined),
    stats,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => version,
    reorder: forward('reorder', undefined),
    restore(grid) {
      if (full) return full.restore(grid);
      try {
        (grid ? [grid] : findGrids()).forEach(restoreDomOrder);
      } catch (error) {
        log.warn('could not restore the page order', error);
      }
    },
    renderProfile(element) {
      let unmount: (() => void) | null = null;
      let removed = false;
      void via((v) => void (removed || (unmount = v.renderProfile(element))), undefined);
      return () => void ((removed = true), unmount?.());
    },
    firstReorder: () => first ?? full?.firstReorder() ?? null,
    destroy() {
      destroyed = true;
      outbox.release();
      removeEventListener('storage', onStorage);
      stopFirst?.();
      detachClicks();
      hide?.release();
      full?.destroy();
      listeners.clear();
    },
    options,
    log,
  };
}
