import * as tf from '@tensorflow/tfjs-core';
import { historyMix, itemsMix } from '../../features/sparse';
import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import { addRepeatScores, eventWeights, type SequenceParams } from '../reference';

/**
 * The two-tower model on tfjs tensors. Same math as model/reference.ts:
 * item = sum_t w_t * item_emb[bucket_t]; shopper = sum_j a_j * (sum_t w_jt * ctx_emb[bucket_jt]);
 * score = shopper . item (+ v2's repeat term, an id match of candidates against the history).
 * The event weights a_j (v1: fixed recency/type weights; v2: learned attention over positions
 * and types) depend only on positions and types, so they are computed in JS, and pooling is
 * linear: the tfjs part is gathers of the distinct rows and small matMuls (five kernels), not
 * [n, tokens, dim] intermediates. The repeat term is a string match of at most
 * historyLength x candidates ids, added in JS after the tfjs pass.
 */
export class TowerModel {
  constructor(
    private readonly spec: FeatureSpec,
    private readonly itemEmb: tf.Tensor2D,
    private readonly ctxEmb: tf.Tensor2D,
    private readonly seq?: SequenceParams,
  ) {}

  /** Scores of candidates for a history (newest first). Empty history or candidates: all zeros (tfjs WebGPU cannot take empty tensors). */
  async score(history: readonly HistoryEvent[], candidates: readonly ItemAttrs[]): Promise<Float32Array> {
    if (history.length === 0 || candidates.length === 0) return new Float32Array(candidates.length);
    const h = historyMix(history, this.spec, this.seq ? eventWeights(history, this.spec, this.seq) : undefined);
    const c = itemsMix(candidates, this.spec);
    let out: Float32Array;
    if (h.buckets.length === 0 || c.buckets.length === 0) out = new Float32Array(candidates.length);
    else {
      const scores = tf.tidy(() => {
        const shopper = tf.matMul(tf.tensor2d(h.coef, [1, h.coef.length]), tf.gather(this.ctxEmb, tf.tensor1d(h.buckets, 'int32'))); // [1, d]
        const perRow = tf.matMul(shopper, tf.gather(this.itemEmb, tf.tensor1d(c.buckets, 'int32')), false, true); // [1, U]
        return tf.matMul(perRow, tf.tensor2d(c.matrix, [c.count, c.buckets.length]), false, true); // [1, n]
      });
      try {
        out = Float32Array.from((await scores.data()) as Float32Array);
      } finally {
        scores.dispose();
      }
    }
    if (this.seq) addRepeatScores(history, candidates, this.spec, this.seq, out);
    return out;
  }

  dispose(): void {
    this.itemEmb.dispose();
    if (this.ctxEmb !== this.itemEmb) this.ctxEmb.dispose();
  }
}
