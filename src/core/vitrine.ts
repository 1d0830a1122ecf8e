import { EVENT_TYPES, isEventType, type EventType, type HistoryEvent, type ItemAttrs } from '../features/types';
import { MAX_ID_LENGTH, normalizeAttrs, toItemId } from '../features/validate';
import { deriveProfile, matchesInterest, type InterestRef, type ProfileData } from '../history/profile';
import type { ModelRuntime } from '../model/runtime/index';
import { explainScore, type Explanation } from '../rank/explain';
import { applyOrder, finalOrder } from '../rank/order';
import { orderOptionsFor } from '../rank/rules';
import { inChunks, pause } from '../common/slices';
import { capabilities } from '../common/capabilities';
import { whenIdle } from '../common/idle';
import { createAnalytics } from './analytics';
import { assignArm, type Arm } from './experiment';
import { createHistory, type Consent } from '../history/controller';
import { loadRuntime } from './load-runtime';
import { createLogger, type Logger } from '../common/log';
import { resolveOptions, type ResolvedOptions, type VitrineOptions } from './options';
import type { VitrineState, VitrineStats } from './types';

/** An item to rank: content attributes help the model place items it has never seen. */
export interface RankItem extends ItemAttrs {
  /** Keeps its slot. */
  pinned?: boolean;
  /** Never promoted above its page slot. */
  outOfStock?: boolean;
}

export type { Explanation } from '../rank/explain';

export interface TrackEvent {
  item: string;
  /** Default 'click'. */
  type?: EventType;
  /** Content attributes of the item, stored with the event. */
  attrs?: Omit<ItemAttrs, 'id'>;
}

/** The shopper's on-device interests, and a way to remove one. */
export interface Profile extends ProfileData {
  /** Deletes every stored event of an interest (a category, a brand) or of one item; ranking follows at once. */
  remove(interest: InterestRef): Promise<void>;
}

/** The core instance: history, model and ranking, no DOM. Every method fails open. */
export interface VitrineCore {
  ready(): Promise<void>;
  track(event: TrackEvent): Promise<void>;
  rank<T extends RankItem>(items: readonly T[]): Promise<T[]>;
  profile(): Profile;
  /** Which history events contributed most to an item's score (leave-one-out over the history, on the model itself). */
  explain(id: string, top?: number): Promise<Explanation>;
  /** Everything stored about the shopper on this device, newest first (read from storage, at most `limit`). */
  history(limit?: number): Promise<HistoryEvent[]>;
  forget(): Promise<void>;
  consent(value: Consent): Promise<void>;
  stats(): VitrineStats;
  /** Calls `listener` when history, consent or state change, in this tab or another (for React's useSyncExternalStore). */
  subscribe(listener: () => void): () => void;
  /** A value that changes whenever subscribers are notified. */
  getSnapshot(): number;
  destroy(): void;
  readonly options: Readonly<ResolvedOptions>;
  readonly log: Logger;
}

/** A value for a warning: short, and never a throw (functions, symbols, cycles). */
const describe = (v: unknown) => {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 60);
  } catch {
    return typeof v;
  }
};

/** Most milliseconds the model load waits for idle time after a shopper's first event. */
const IDLE_LOAD_TIMEOUT_MS = 3000;

/** Candidates per call of the scorer: one call for a usual grid; a larger list in chunks, yielding between them (the scorer's dense item matrix grows as items x distinct tokens). */
const SCORE_CHUNK = 256;

/** What the model sees of a caller's item: validated like every other input (an unusable id scores as unknown). */
const attrsOf = (item: RankItem): ItemAttrs => {
  const { title, category, brand, price } = item ?? {};
  return { id: toItemId(item?.id) ?? '', ...normalizeAttrs({ title, category, brand, price }).value };
};

export function createCore(input: VitrineOptions = {}): VitrineCore {
  const { options, problems } = resolveOptions(input);
  const log = createLogger(options.debug);
  problems.forEach((p) => log.warn(p));

  let state: VitrineState = 'loading';
  let reason: string | null = null;
  let runtime: ModelRuntime | null = null;
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
  const history = createHistory(options, log, notify);
  const emit = createAnalytics(options, log);
  let arm: Arm = 'personalized';
  const armReady = options.holdout > 0 ? history.store().then((s) => assignArm(s, options.holdout)).then((a) => void (arm = a)) : Promise.resolve();
  const exposed = new Set<string>();
  /** Attributes of items ranked lately, so explain(id) knows an item by its id. */
  const seen = new Map<string, ItemAttrs>();

  const fail = (why: string, detail?: unknown) => {
    state = 'failed';
    reason = why;
    log.warn(`personalisation is off, the page keeps its own order: ${why}`, detail);
  };

  async function loadModel(): Promise<void> {
    if (!options.model) return fail('no model URL was given (option `model`)');
    if (!capabilities().browser) return fail('not running in a browser');
    state = 'loading';
    reason = null;
    try {
      const { loadModel: load } = await loadRuntime();
      const loaded = await load({ url: options.model, backend: options.backend, cache: options.cache, maxAge: options.modelMaxAge, integrity: options.modelIntegrity, wasmPaths: options.wasmPaths, log });
      if ((state as VitrineState) === 'destroyed') return loaded.dispose();
      runtime = loaded;
      state = 'ready';
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error), error);
    }
  }

  /**
   * Light by default: with no history there is nothing to personalise, so nothing is
   * downloaded; the model (and the code that scores it) loads at once for a returning
   * shopper, or in idle time after the first recorded event, for the next list or page.
   */
  let modelLoad: Promise<void> | null = null;
  const startModelLoad = () => (modelLoad ??= loadModel().then(notify));
  const firstEvent = () => {
    if (modelLoad || state !== 'idle' || history.count() === 0) return;
    listeners.delete(firstEvent);
    whenIdle(() => state === 'idle' && void startModelLoad(), IDLE_LOAD_TIMEOUT_MS);
  };

  const readyPromise: Promise<void> = Promise.all([history.loaded, armReady])
    .then(() => {
      if (options.preload || history.count() > 0 || !options.model || !capabilities().browser) return startModelLoad();
      state = 'idle';
      reason = 'no history on this device yet: nothing is downloaded until the first event';
      listeners.add(firstEvent);
    })
    .then(
      () => notify(),
      (error) => log.warn('initialisation failed', error),
    );
  /**
   * Settles when the model is loaded or known not to load. A rank or explain asked for once
   * there is history starts the load at once rather than waiting for idle time.
   */
  const modelSettled = () => readyPromise.then(() => modelLoad ?? (state === 'idle' && history.count() > 0 ? startModelLoad() : undefined));

  async function track(event: TrackEvent): Promise<void> {
    try {
      if (state === 'destroyed') return;
      const item = toItemId(event?.item);
      const type = event?.type ?? 'click';
      if (item === null) return log.warn(`track() needs { item } (a non-empty string or number of at most ${MAX_ID_LENGTH} characters); event ignored`);
      if (!isEventType(type)) return log.warn(`track(): type must be one of ${EVENT_TYPES.join(', ')}; got ${describe(type)}`);
      const attrs = normalizeAttrs(event.attrs);
      if (attrs.dropped.length) log.warn(`track(): dropped attribute(s) ${attrs.dropped.join(', ')} (expected title, category, brand: text; price: a number >= 0)`);
      const record: HistoryEvent = { item, type, time: Date.now(), ...(attrs.value ? { attrs: attrs.value } : {}) };
      await history.add(record);
      if (type !== 'view') emit({ event: `vitrine_${type}`, arm, item });
    } catch (error) {
      log.warn('could not record an event', error);
    }
  }

  async function rank<T extends RankItem>(items: readonly T[]): Promise<T[]> {
    const list = Array.isArray(items) ? items.slice() : [];
    try {
      await modelSettled();
      const personalize = !!runtime && state === 'ready' && list.length >= 2 && arm === 'personalized';
      // exposure: once per distinct list per page, with the arm, for the store's analytics (both arms, so uplift can be read)
      const signature = list.map((i) => i.id).join('\u0000');
      if (list.length && !exposed.has(signature)) {
        if (exposed.size > 500) exposed.clear(); // long-lived single-page apps
        exposed.add(signature);
        emit({ event: 'vitrine_exposure', arm, items: list.length, personalized: personalize && history.snapshot().length > 0 });
      }
      if (!runtime || !personalize) return list;
      const start = performance.now();
      const recent = history.snapshot().slice(0, runtime.manifest.features.historyLength);
      if (recent.length === 0) return list;
      const attrs = list.map(attrsOf);
      if (seen.size > 2000) seen.clear();
      attrs.forEach((a) => seen.set(a.id, a));
      const scores = new Float32Array(attrs.length);
      const model = runtime;
      await inChunks(attrs.length, SCORE_CHUNK, async (from, to) => {
        if (state !== 'destroyed') scores.set(await model.score(recent, to - from === attrs.length ? attrs : attrs.slice(from, to)), from);
      });
      if (list.length > SCORE_CHUNK) await pause();
      if (state === 'destroyed') return list;
      const ordered = applyOrder(list, finalOrder(scores, orderOptionsFor(options, list)));
      lastRankMs = performance.now() - start;
      return ordered;
    } catch (error) {
      log.warn('ranking failed; keeping the page order', error);
      return list;
    }
  }

  async function explain(id: string, top = 3): Promise<Explanation> {
    const item = String(id);
    try {
      await modelSettled();
      if (!runtime) return { item, score: null, because: [], text: null };
      const recent = history.snapshot().slice(0, runtime.manifest.features.historyLength);
      return await explainScore(runtime.score, recent, seen.get(item) ?? { id: item }, top);
    } catch (error) {
      log.warn('could not explain the order', error);
      return { item, score: null, because: [], text: null };
    }
  }

  function derived(): ProfileData {
    try {
      return deriveProfile(history.snapshot());
    } catch (error) {
      log.warn('could not derive the profile', error);
      return deriveProfile([]);
    }
  }

  function profile(): Profile {
    return {
      ...derived(),
      async remove(interest) {
        try {
          if (!interest || (interest.category === undefined && interest.brand === undefined && interest.item === undefined)) {
            return log.warn('profile().remove() expects { category } , { brand } or { item }');
          }
          await history.removeWhere((e) => matchesInterest(interest, e));
        } catch (error) {
          log.warn('could not remove the interest', error);
        }
      },
    };
  }

  async function guarded(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      log.warn(`could not ${what}`, error);
    }
  }

  return {
    ready: () => readyPromise,
    track,
    rank,
    profile,
    explain,
    async history(limit = options.historyLimit) {
      try {
        return await history.read(Math.max(0, Math.floor(limit)));
      } catch (error) {
        log.warn('could not read the history', error);
        return [];
      }
    },
    forget: () => guarded('erase the history', () => history.forget()),
    consent: (value) =>
      value === 'granted' || value === 'denied' || value === 'pending'
        ? guarded('change consent', () => history.setConsent(value))
        : Promise.resolve(log.warn(`consent() expects granted, pending or denied; got ${JSON.stringify(value)}`)),
    stats: () => ({
      state,
      backend: runtime?.backend ?? null,
      modelVersion: runtime?.manifest.modelVersion ?? null,
      modelBytes: runtime?.modelBytes ?? 0,
      events: history.count(),
      lastRankMs,
      arm,
      modelSource: runtime?.source ?? null,
      modelUpdate: runtime?.update() ?? null,
      modelStore: runtime?.storage() ?? null,
      tensors: runtime?.numTensors() ?? null,
      consent: history.consent(),
      skippedRecords: history.skipped(),
      reason,
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => version,
    destroy() {
      state = 'destroyed';
      runtime?.dispose();
      runtime = null;
      listeners.clear();
      history.close();
    },
    options,
    log,
  };
}
