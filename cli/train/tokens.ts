import { itemBuckets } from '../../src/features/tokens';
import type { FeatureSpec } from '../../src/features/spec';
import type { ItemTable } from '../items';

/** Every item's weighted token buckets (src/features itemBuckets), packed: row i is offsets[i]..offsets[i+1]. */
export interface ItemTokens {
  offsets: Int32Array;
  buckets: Int32Array;
  weights: Float32Array;
}

export function packItemTokens(items: ItemTable, spec: FeatureSpec): ItemTokens {
  const offsets = new Int32Array(items.size + 1);
  const b: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < items.size; i++) {
    for (const t of itemBuckets(items.item(i), spec)) {
      b.push(t.bucket);
      w.push(t.weight);
    }
    offsets[i + 1] = b.length;
  }
  return { offsets, buckets: Int32Array.from(b), weights: Float32Array.from(w) };
}

/** out[o..o+dim) += coef * pooled(table, item). */
export function addPooled(tok: ItemTokens, item: number, table: Float32Array, dim: number, coef: number, out: Float64Array | Float32Array, o: number): void {
  for (let t = tok.offsets[item]; t < tok.offsets[item + 1]; t++) {
    const a = coef * tok.weights[t];
    const row = tok.buckets[t] * dim;
    for (let k = 0; k < dim; k++) out[o + k] += a * table[row + k];
  }
}

/** Per-type weight table and recency decay of a spec, for typed history weighting. */
export function historyWeigher(spec: FeatureSpec): (types: Uint8Array, newest: number, n: number, out: Float64Array) => void {
  const typeW = Float64Array.from(['view', 'click', 'add_to_cart', 'purchase'] as const, (t) => spec.typeWeights[t] ?? 1);
  const decay = Float64Array.from({ length: spec.historyLength }, (_, i) => Math.pow(0.5, i / spec.recencyHalfLife));
  /** Weights of events newest, newest-1, ... (n of them, n <= historyLength), normalised as historyWeights does. */
  return (types, newest, n, out) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      // float32 rounding matches historyWeights' Float32Array
      out[i] = Math.fround(typeW[types[newest - i]] * decay[i]);
      total += out[i];
    }
    if (total > 0) for (let i = 0; i < n; i++) out[i] = Math.fround(out[i] / total);
  };
}
