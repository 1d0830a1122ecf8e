import { encodeItems, historyItems, historyWeights, type EncodedItems } from '../features/encode';
import type { FeatureSpec } from '../features/spec';
import type { HistoryEvent, ItemAttrs } from '../features/types';

/** Float32 embedding tables of a pooled two-tower model, row-major [buckets, dim]. */
export interface TowerTables {
  dim: number;
  item: Float32Array;
  ctx: Float32Array;
}

/** out[i] = sum_t w[i,t] * table[bucket[i,t]]: pooled embeddings of encoded items, [count, dim]. */
export function poolRows(enc: EncodedItems, table: Float32Array, dim: number, out = new Float32Array(enc.count * dim)): Float32Array {
  out.fill(0);
  for (let i = 0; i < enc.count; i++) {
    for (let t = 0; t < enc.width; t++) {
      const w = enc.weights[i * enc.width + t];
      if (w === 0) continue;
      const row = enc.buckets[i * enc.width + t] * dim;
      for (let k = 0; k < dim; k++) out[i * dim + k] += w * table[row + k];
    }
  }
  return out;
}

/** The shopper vector [dim]: recency- and type-weighted sum of the history items' context embeddings. */
export function shopperVector(events: readonly HistoryEvent[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  const { dim } = tables;
  const weights = historyWeights(events, spec);
  const pooled = poolRows(encodeItems(historyItems(events, spec), spec), tables.ctx, dim);
  const user = new Float32Array(dim);
  for (let j = 0; j < weights.length; j++) for (let k = 0; k < dim; k++) user[k] += weights[j] * pooled[j * dim + k];
  return user;
}

/**
 * Scores of candidates for a history (newest event first), in plain JavaScript.
 * The reference the tfjs runtime is tested against, and the scorer used by Node tools.
 */
export function scoreReference(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  const { dim } = tables;
  const scores = new Float32Array(candidates.length);
  if (events.length === 0 || candidates.length === 0) return scores;
  const user = shopperVector(events, spec, tables);
  const items = poolRows(encodeItems(candidates, spec), tables.item, dim);
  for (let i = 0; i < candidates.length; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += user[k] * items[i * dim + k];
    scores[i] = s;
  }
  return scores;
}
