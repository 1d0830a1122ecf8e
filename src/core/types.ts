import type { BackendName } from '../common/types';
import type { ModelUpdate } from '../model/fetch';
import type { SnapshotSummary } from './snapshot';
import type { ContentCoverage } from './coverage';
import type { ModelStoreReport } from '../model/store/index';
import type { RecommenderStatus } from '../recommend/types';

export type { BackendChoice, BackendName } from '../common/types';

/**
 * Lifecycle of an instance: 'loading' until ready() settles, then 'ready' (model loaded), 'failed'
 * (page order kept), or 'idle' (no history yet: nothing downloaded; the model loads in idle time
 * after the first event, for the next list or page view).
 */
export type VitrineState = 'loading' | 'idle' | 'ready' | 'failed' | 'destroyed';

export interface VitrineStats {
  state: VitrineState;
  /** The tfjs backend the model runs on, once loaded. */
  backend: BackendName | null;
  modelVersion: string | null;
  /** Bytes of the model files (as downloaded, quantized). */
  modelBytes: number;
  /** Events stored on this device (all tabs), after ready(). */
  events: number;
  /** Milliseconds the last rank() took (history read + scoring + ordering). */
  lastRankMs: number | null;
  /** A/B arm of this browser: 'holdout' keeps the page order (see the `holdout` option). */
  arm: 'personalized' | 'holdout';
  /** Where the model came from on this load: 'network', 'cache', or null before it loaded. */
  modelSource: 'network' | 'cache' | null;
  /**
   * This page view's background check for a newer model (see `modelMaxAge`), or null when none runs
   * (checked within modelMaxAge, pinned by modelIntegrity, or just downloaded). `status` 'failed' means
   * the model in use is stale: the last verified one; `reason` says why, and the next page view tries again.
   */
  modelUpdate: ModelUpdate | null;
  /**
   * Where the model is kept on this device: `store` 'indexeddb' (the default), 'cache-api' (where
   * IndexedDB cannot be used) or null (kept nowhere: downloaded on each page view); `lost` lists the
   * stores seen losing entries between page views on this device, which are not used any more.
   * Null before the model loaded, or with `cache: false`.
   */
  modelStore: ModelStoreReport | null;
  /** Live tfjs tensors (steady across rank() calls: no leaks), or null before the model loaded. */
  tensors: number | null;
  /** Consent in effect ('denied' when Global Privacy Control is respected and on). */
  consent: 'granted' | 'pending' | 'denied';
  /** Damaged or foreign history records skipped. */
  skippedRecords: number;
  /**
   * The stored shopper snapshot (what the script-tag loader orders the first view with, before
   * the model loads): its model version, the history size it was computed from, and when; null when none.
   */
  snapshot: SnapshotSummary | null;
  /**
   * How much of this page's content the model knows: of the distinct items ranked on this page view,
   * how many have no category, brand or title token the model was trained on (`share` = unknown /
   * items; above half, one warning). Null until the model is loaded and has seen the page's items.
   */
  unknownContent: ContentCoverage | null;
  /**
   * Where recommend() answers from: `where` 'worker' (a pack of RECOMMEND_WORKER_MIN_BYTES or more,
   * src/core/options.ts) or 'main', the catalog's `items`, and `reason` when a pack of the worker's
   * size runs on the main thread (a CSP that forbids workers, the npm build); null before the first recommend().
   */
  recommender: RecommenderStatus | null;
  /** Why the instance failed ('failed'), or why nothing was loaded ('idle'); null otherwise. */
  reason: string | null;
}

/**
 * Whether an instance can order a grid before it paints: 'snapshot' when its rank() settles
 * within the same task from the stored shopper snapshot (no model to wait for), else 'model'.
 */
export interface FirstViewSource {
  firstViewSource(): 'snapshot' | 'model';
}
