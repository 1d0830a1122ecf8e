import { encodeItems, historyItems, historyWeights } from './encode';
import type { FeatureSpec } from '../../../src/features/spec';
import type { HistoryEvent, ItemAttrs } from '../../../src/features/types';

/** A weighted sum of table rows: sum_k coef[k] * table[buckets[k]], buckets distinct. */
export interface RowMix {
  buckets: Int32Array;
  coef: Float32Array;
}

/**
 * The shopper side of the model as one mix of context-table rows: the history weights
 * times each item's token weights, summed per bucket. (Linear pooling commutes, so
 * the shopper vector is this mix of rows: one gather and one matMul in tfjs.)
 * `weights` (one per event, newest first) replaces the spec's recency/type weights.
 */
export function historyMix(events: readonly HistoryEvent[], spec: FeatureSpec, weights?: Float32Array): RowMix {
  const a = weights ?? historyWeights(events, spec);
  const enc = encodeItems(historyItems(events, spec), spec);
  const acc = new Map<number, number>();
  for (let j = 0; j < enc.count; j++) {
    for (let t = 0; t < enc.width; t++) {
      const w = enc.weights[j * enc.width + t];
      if (w === 0) continue;
      const b = enc.buckets[j * enc.width + t];
      acc.set(b, (acc.get(b) ?? 0) + a[j] * w);
    }
  }
  return { buckets: Int32Array.from(acc.keys()), coef: Float32Array.from(acc.values()) };
}

/** Candidates as distinct buckets and a dense [count, buckets.length] weight matrix: item vectors = matrix x rows. */
export interface ItemMix {
  count: number;
  buckets: Int32Array;
  matrix: Float32Array;
}

export function itemsMix(items: readonly ItemAttrs[], spec: FeatureSpec): ItemMix {
  const enc = encodeItems(items, spec);
  const column = new Map<number, number>();
  for (let k = 0; k < enc.buckets.length; k++) if (enc.weights[k] !== 0 && !column.has(enc.buckets[k])) column.set(enc.buckets[k], column.size);
  const u = column.size;
  const matrix = new Float32Array(enc.count * u);
  for (let i = 0; i < enc.count; i++) {
    for (let t = 0; t < enc.width; t++) {
      const w = enc.weights[i * enc.width + t];
      if (w !== 0) matrix[i * u + column.get(enc.buckets[i * enc.width + t])!] += w;
    }
  }
  return { count: enc.count, buckets: Int32Array.from(column.keys()), matrix };
}
