import type { Logger } from '../common/log';
import type { HistoryController } from '../history/controller';
import type { ModelRuntime } from '../model/runtime/index';
import { SNAPSHOT_VERSION, type ShopperSnapshot } from '../snapshot/format';
import { readSnapshot, removeSnapshot, writeSnapshot } from '../snapshot/store';
import type { ResolvedOptions } from './options';
import { DEFAULT_FEATURE_SPEC } from '../features/spec';

/** What stats() shows of the stored snapshot. */
export interface SnapshotSummary {
  modelVersion: string;
  events: number;
  updatedAt: number;
}

export interface SnapshotKeeper {
  /** Recomputes and stores the snapshot for the current history (coalesced: once per microtask burst). */
  schedule(): void;
  summary(): SnapshotSummary | null;
  /** The stored snapshot for this model, with its rows (the last one written or read), or null. */
  current(): (ShopperSnapshot & { rows: Float32Array }) | null;
  remove(): void;
}

const summarize = (s: ShopperSnapshot | null): SnapshotSummary | null => (s?.rows ? { modelVersion: s.modelVersion, events: s.events, updatedAt: s.updatedAt } : null);

/**
 * Keeps the shopper snapshot (src/snapshot/) in step with the history: after each change (this
 * tab's or another's) while the model is loaded, off the first view's path. No history or no
 * consent to store: no snapshot.
 */
export function keepSnapshot(options: ResolvedOptions, log: Logger, history: HistoryController, model: () => ModelRuntime | null, draw: () => number | undefined): SnapshotKeeper {
  let stored = options.model ? readSnapshot(options.dbName) : null;
  if (stored && stored.model !== options.model) stored = null;
  let summary = summarize(stored);
  /** Something is stored under the key (a snapshot or a stub). */
  let kept = !!stored;
  /** A snapshot's stamp: the model version and the history it was computed from (size, newest event). */
  const stampOf = (modelVersion: string) => `${modelVersion}|${history.count()}|${history.snapshot()[0]?.time ?? 0}`;
  let stamp = stored ? `${stored.modelVersion}|${stored.events}|${stored.newest}` : '';
  let scheduled = false;
  const remove = () => {
    removeSnapshot(options.dbName);
    stored = null;
    kept = false;
    summary = null;
    stamp = '';
  };
  /**
   * History but no model to compute with (not loaded yet, or failed): a snapshot without rows
   * tells the loader there is history, so the next page view loads the model for its first view.
   */
  function stub() {
    if (kept) return;
    const newest = history.snapshot()[0]?.time ?? 0;
    if (writeSnapshot(options.dbName, { v: SNAPSHOT_VERSION, model: options.model!, modelVersion: '', features: DEFAULT_FEATURE_SPEC, events: history.count(), newest, updatedAt: Date.now(), repeats: new Map(), draw: draw() })) kept = true;
  }
  function refresh() {
    scheduled = false;
    const runtime = model();
    if (!options.model || history.consent() !== 'granted' || history.count() === 0) return kept && remove();
    if (!runtime) return stub();
    if (stamp === stampOf(runtime.manifest.modelVersion)) return;
    const recent = history.snapshot().slice(0, runtime.manifest.features.historyLength);
    const s: ShopperSnapshot = {
      v: SNAPSHOT_VERSION,
      model: options.model,
      modelVersion: runtime.manifest.modelVersion,
      features: runtime.manifest.features,
      events: history.count(),
      newest: recent[0].time,
      updatedAt: Date.now(),
      ...runtime.snapshot(recent),
      draw: draw(),
    };
    if (writeSnapshot(options.dbName, s)) {
      stored = s;
      summary = summarize(s);
      kept = true;
      stamp = stampOf(s.modelVersion);
      log.debug(`shopper snapshot stored (${s.events} events)`);
    } else log.warn('the shopper snapshot could not be stored (localStorage unavailable, full or dropping writes): the first view of each page waits for the model');
  }
  return {
    schedule() {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        try {
          refresh();
        } catch (error) {
          log.warn('could not compute the shopper snapshot', error);
        }
      });
    },
    summary: () => summary,
    current: () => (stored?.rows ? (stored as ShopperSnapshot & { rows: Float32Array }) : null),
    remove,
  };
}
