/**
 * Learned history parameters of `attentive-two-tower-v2`, indexed by history position
 * (0 = newest) and by event type (EVENT_TYPES order):
 * - attention: event j's share of the shopper vector is softmax_j(attnPos[j] + attnType[type_j]);
 * - repeats: a candidate that is history item j gets exp(repPos[j] + repType[type_j]) added to
 *   its score, once per event of it in the history.
 */
export interface SequenceParams {
  attnPos: Float32Array;
  attnType: Float32Array;
  repPos: Float32Array;
  repType: Float32Array;
}

import type { ItemTables, Mix } from './itemtoitem';
import type { KnownIds } from './known';

/** Float32 parameters of a two-tower model: embedding tables row-major [buckets, dim], plus v2's history parameters. */
export interface TowerTables {
  dim: number;
  item: Float32Array;
  /** The history (shopper) tower's table; the same array as `item` when the towers share one. */
  ctx: Float32Array;
  /** Present for `attentive-two-tower-v2`; absent for `pooled-two-tower-v1` (fixed recency/type weights of the spec, no repeat term). */
  seq?: SequenceParams;
  /** Weights of the score's parts (manifest `mix`, fitted per store); absent: IDENTITY_MIX. */
  mix?: Mix;
  /** The item-to-item tables (manifest `itemToItem`), keyed by item id; absent: none. */
  items?: ItemTables<string>;
  /** The known-id filter (manifest `knownIds`): ids it rejects are tokenised without their id token; absent: every id known. */
  known?: KnownIds;
  /** false: no zero-shot overlap term (overlap.ts; for measuring it); absent or true: the term is on. */
  overlap?: boolean;
}

/** Items' weighted token rows, packed: item i's tokens are [offsets[i], offsets[i + 1]) of `buckets` (table rows) and `weights`. */
export interface TokenRows {
  offsets: Int32Array;
  buckets: Int32Array;
  weights: Float32Array;
}

/** A writable vector: the trainer and the evaluator work in float64, the browser in either. */
export type Vec = Float32Array | Float64Array;
