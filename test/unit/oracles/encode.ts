/**
 * Oracles for the tests: a plain, separate statement of the encoding that src/model/arch
 * must agree with (not used by the SDK itself).
 */
import { tokensPerItem, type FeatureSpec } from '../../../src/features/spec';
import { itemBuckets } from '../../../src/features/tokens';
import type { HistoryEvent, ItemAttrs } from '../../../src/features/types';

/** Items as a padded token matrix: row i holds item i's buckets and weights (padding: bucket 0, weight 0). */
export interface EncodedItems {
  count: number;
  width: number;
  buckets: Int32Array;
  weights: Float32Array;
}

export function encodeItems(items: readonly ItemAttrs[], spec: FeatureSpec): EncodedItems {
  const width = tokensPerItem(spec);
  const buckets = new Int32Array(items.length * width);
  const weights = new Float32Array(items.length * width);
  items.forEach((item, i) => {
    itemBuckets(item, spec).forEach((t, j) => {
      buckets[i * width + j] = t.bucket;
      weights[i * width + j] = t.weight;
    });
  });
  return { count: items.length, width, buckets, weights };
}

/**
 * Weights of the newest `spec.historyLength` events (newest first in the result's order
 * of `events`, which must be newest first): event-type weight times a recency decay,
 * normalised to sum to 1. Empty history gives an empty array.
 */
export function historyWeights(events: readonly HistoryEvent[], spec: FeatureSpec): Float32Array {
  const n = Math.min(events.length, spec.historyLength);
  const w = new Float32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    w[i] = (spec.typeWeights[events[i].type] ?? 1) * Math.pow(0.5, i / spec.recencyHalfLife);
    total += w[i];
  }
  if (total > 0) for (let i = 0; i < n; i++) w[i] /= total;
  return w;
}

/** The items of a history (newest first, truncated to the spec's length) with the attributes recorded with them. */
export function historyItems(events: readonly HistoryEvent[], spec: FeatureSpec): ItemAttrs[] {
  return events.slice(0, spec.historyLength).map((e) => ({ id: e.item, ...e.attrs }));
}
