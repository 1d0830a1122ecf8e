import type { VitrineStats } from './types';

/** stats() of an instance with nothing loaded: every model figure empty. */
export const EMPTY_STATS: Readonly<VitrineStats> = Object.freeze({
  state: 'idle',
  backend: null,
  modelVersion: null,
  modelBytes: 0,
  events: 0,
  lastRankMs: null,
  arm: 'personalized',
  modelSource: null,
  tensors: null,
  consent: 'granted',
  skippedRecords: 0,
  modelUpdate: null,
  snapshot: null,
  unknownContent: null,
  modelStore: null,
  recommender: null,
  reason: null,
});
