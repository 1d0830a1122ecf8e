import type { FeatureSpec } from '../../features/spec';
import { itemBuckets } from '../../features/tokens';
import type { ItemAttrs } from '../../features/types';
import type { TokenRows, Vec } from './types';

/** An item's weighted token buckets: src/features itemBuckets for a spec, or a memo of it. */
export type Tokenizer = (item: ItemAttrs) => readonly { bucket: number; weight: number }[];

/** `known`: the model's known-id test (known.ts knownTest; undefined: every id known). */
export const tokenizer = (spec: FeatureSpec, known?: (id: string) => boolean): Tokenizer => (item) => itemBuckets(item, spec, known);

/**
 * The weighted token rows of `count` items, packed. Written into typed arrays that double when
 * full: growing plain arrays left ~90 MB of garbage copies for 200k items (1.9 M tokens).
 */
export function packTokens(count: number, item: (i: number) => ItemAttrs, tokens: Tokenizer): TokenRows {
  const offsets = new Int32Array(count + 1);
  let buckets = new Int32Array(Math.max(16, count * 4));
  let weights = new Float32Array(buckets.length);
  let n = 0;
  for (let i = 0; i < count; i++) {
    for (const t of tokens(item(i))) {
      if (n === buckets.length) {
        const grown = new Int32Array(2 * n);
        grown.set(buckets);
        buckets = grown;
        const w = new Float32Array(2 * n);
        w.set(weights);
        weights = w;
      }
      buckets[n] = t.bucket;
      weights[n++] = t.weight;
    }
    offsets[i + 1] = n;
  }
  return { offsets, buckets: buckets.slice(0, n), weights: weights.slice(0, n) };
}

/** The item vector, added in place: out[o..o+dim) += coef * sum_t weight_t * table[bucket_t] over the tokens of item `row`. */
export function addPooled(tok: TokenRows, row: number, table: Float32Array, dim: number, coef: number, out: Vec, o: number): void {
  for (let t = tok.offsets[row]; t < tok.offsets[row + 1]; t++) {
    const a = coef * tok.weights[t];
    const base = tok.buckets[t] * dim;
    for (let k = 0; k < dim; k++) out[o + k] += a * table[base + k];
  }
}
