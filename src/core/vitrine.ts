import type { HistoryEvent, ItemAttrs } from '../features/types';
import { deriveProfile, matchesInterest, type InterestRef, type ProfileData } from '../history/profile';
import type { ModelRuntime } from '../model/runtime/index';
import type { Explanation } from '../rank/explain';
import { applyOrder, finalOrder } from '../rank/order';
import { orderOptionsFor } from '../rank/rules';
import { rankBySnapshot, snapshotArm as armOfSnapshot } from './snapshot-rank';
import { inChunks, pause } from '../common/slices';
import { capabilities } from '../common/capabilities';
import { whenIdle } from '../common/idle';
import { createAnalytics, createExposures } from './analytics';
import { attrsOf, toRecord, type RankItem, type TrackEvent } from './inputs';
import { armOf, browserDraw, type Arm } from './experiment';
import { keepSnapshot, type SnapshotKeeper } from './snapshot';
import { createHistory, type Consent } from '../history/controller';
import type { OwnOutbox } from '../history/outbox';
import { loadRuntime } from './load-runtime';
import { createLogger, type Logger } from '../common/log';
import { EXPECTED, resolveOptions, type ResolvedOptions, type VitrineOptions } from './options';
import type { FirstViewSource, VitrineState, VitrineStats } from './types';
import { trackCoverage } from './coverage';
import type { RecommendOptions, Recommendation } from '../recommend/types';

export type { Explanation } from '../rank/explain';
export type { RankItem, TrackEvent } from './inputs';
export type { RecommendOptions, Recommendation, RecommendKind, CatalogItem } from '../recommend/types';

/** The shopper's on-device interests, and a way to remove one. */
export interface Profile extends ProfileData {
  /** Deletes every stored event of an interest (a category, a brand) or of one item; ranking follows at once. */
  remove(interest: InterestRef): Promise<void>;
}

/** The core instance: history, model and ranking, no DOM. Every method fails open. */
export interface VitrineCore extends FirstViewSource {
  ready(): Promise<void>;
  track(event: TrackEvent): Promise<void>;
  rank<T extends RankItem>(items: readonly T[]): Promise<T[]>;
  profile(): Profile;
  /** Which history events contributed most to an item's score (leave-one-out over the history, on the model itself). */
  explain(id: string, top?: number): Promise<Explanation>;
  /** Catalog items for a slot (for-you, similar, bought-together, trending), from the model's catalog pack; [] when there are none or on any failure. */
  recommend(options: RecommendOptions): Promise<Recommendation[]>;
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

/** Most milliseconds the model load waits for idle time after a shopper's first event. */
const IDLE_LOAD_TIMEOUT_MS = 3000;

/** Candidates per call of the scorer: one call for a usual grid; a larger list in chunks, yielding between them (the scorer's dense item matrix grows as items x distinct tokens). */
const SCORE_CHUNK = 256;

/** `outbox`: the script-tag loader's outbox for this page (history/outbox.ts). */
export function createCore(input: VitrineOptions = {}, outbox?: OwnOutbox): VitrineCore {
  const { options, problems } = resolveOptions(input, EXPECTED);
  const log = createLogger(options.debug);
  problems.forEach((p) => log.warn(p));

  let state: VitrineState = 'loading';
  let reason: string | null = null;
  let runtime: ModelRuntime | null = null;
  let lastRankMs: number | null = null;
  let version = 0;
  const listeners = new Set<() => void>();
  let keeper: SnapshotKeeper | null = null;
  const notify = () => {
    version++;
    keeper?.schedule();
    listeners.forEach((l) => {
      try {
        l();
      } catch (error) {
        log.warn('a subscriber threw', error);
      }
    });
  };
  const history = createHistory(options, log, notify, outbox);
  const emit = createAnalytics(options, log);
  let arm: Arm = 'personalized';
  let draw: number | undefined;
  // drawn for every browser (not only with a holdout): the shopper snapshot carries it to the loader
  const armReady = history
    .store()
    .then(browserDraw)
    .then((d) => void ((draw = d), (arm = armOf(d, options.holdout))))
    .catch((error) => log.debug('no A/B draw could be stored', error));
  const snapshots = (keeper = keepSnapshot(options, log, history, () => (state === 'ready' ? runtime : null), () => draw));
  const expose = createExposures(emit);
  /** Attributes of items ranked lately, so explain(id) knows an item by its id. */
  const seen = new Map<string, ItemAttrs>();
  /** The page's items and how many the model knows nothing about (stats().unknownContent). */
  const coverage = trackCoverage();

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
      coverage.check(loaded);
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
      const record = state === 'destroyed' ? null : toRecord(event, log);
      if (!record) return;
      await history.add(record);
      if (record.type !== 'view') emit({ event: `vitrine_${record.type}`, arm, item: record.item });
    } catch (error) {
      log.warn('could not record an event', error);
    }
  }

  /**
   * The order from the stored shopper snapshot, within the calling task (no model, no IndexedDB
   * read): what orders the first view before it paints, while the model is not loaded. Null when
   * there is no usable snapshot, or this browser is in the holdout arm.
   */
  function snapshotArm(): Arm | null {
    if (!options.model || history.consent() !== 'granted' || state === 'failed' || state === 'destroyed') return null;
    return armOfSnapshot(snapshots.current(), options.holdout);
  }
  function rankFromSnapshot<T extends RankItem>(list: T[]): T[] | null {
    if (runtime || snapshotArm() !== 'personalized' || list.length < 2) return null;
    const start = performance.now();
    coverage.add(list.map(attrsOf));
    const ordered = rankBySnapshot(snapshots.current()!, list, options);
    expose(list.map((i) => i.id), 'personalized', true);
    lastRankMs = performance.now() - start;
    return ordered;
  }

  async function rank<T extends RankItem>(items: readonly T[]): Promise<T[]> {
    const list = Array.isArray(items) ? items.slice() : [];
    try {
      const fromSnapshot = rankFromSnapshot(list);
      if (fromSnapshot) return fromSnapshot;
      await modelSettled();
      const personalize = !!runtime && state === 'ready' && list.length >= 2 && arm === 'personalized';
      expose(list.map((i) => i.id), arm, personalize && history.snapshot().length > 0);
      if (!runtime || !personalize) return list;
      const start = performance.now();
      const recent = history.snapshot().slice(0, runtime.manifest.features.historyLength);
      if (recent.length === 0) return list;
      const attrs = list.map(attrsOf);
      if (seen.size > 2000) seen.clear();
      attrs.forEach((a) => seen.set(a.id, a));
      coverage.add(attrs);
      coverage.check(runtime);
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
      return await runtime.explain(recent, seen.get(item) ?? { id: item }, top);
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
    firstViewSource: () => (snapshotArm() === 'personalized' ? 'snapshot' : 'model'),
    ready: () => readyPromise,
    track,
    rank,
    profile,
    explain,
    // a slot on the page is a reason to load the model, history or not (trending needs no history)
    recommend: (o) =>
      readyPromise
        .then(() => (state === 'destroyed' ? undefined : startModelLoad()))
        .then(() => (runtime ? runtime.recommend(arm === 'personalized' ? history.snapshot() : [], o) : []))
        .catch((error) => (log.warn('could not recommend', error), [])),
    async history(limit = options.historyLimit) {
      try {
        return await history.read(Math.max(0, Math.floor(limit)));
      } catch (error) {
        log.warn('could not read the history', error);
        return [];
      }
    },
    forget: () => guarded('erase the history', () => (snapshots.remove(), history.forget())),
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
      snapshot: snapshots.summary(),
      unknownContent: coverage.summary(),
      recommender: runtime?.recommender() ?? null,
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
