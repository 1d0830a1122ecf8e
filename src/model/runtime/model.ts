import * as tf from '@tensorflow/tfjs-core';
import { historyMix, itemsMix } from '../../features/sparse';
import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';

/**
 * The pooled two-tower model on tfjs tensors. Same math as model/reference.ts:
 * item = sum_t w_t * item_emb[bucket_t]; shopper = sum_j a_j * (sum_t w_jt * ctx_emb[bucket_jt]); score = shopper . item.
 * Pooling is linear, so it runs as gathers of the distinct rows and small matMuls
 * (five kernels), not as [n, tokens, dim] intermediates.
 */
export class TowerModel {
  constructor(
    private readonly spec: FeatureSpec,
    private readonly itemEmb: tf.Tensor2D,
    private readonly ctxEmb: tf.Tensor2D,
  ) {}

  /** Scores of candidates for a history (newest first). Empty history or candidates: all zeros (tfjs WebGPU cannot take empty tensors). */
  async score(history: readonly HistoryEvent[], candidates: readonly ItemAttrs[]): Promise<Float32Array> {
    const h = historyMix(history, this.spec);
    const c = itemsMix(candidates, this.spec);
    if (h.buckets.length === 0 || c.buckets.length === 0) return new Float32Array(candidates.length);
    const scores = tf.tidy(() => {
      const shopper = tf.matMul(tf.tensor2d(h.coef, [1, h.coef.length]), tf.gather(this.ctxEmb, tf.tensor1d(h.buckets, 'int32'))); // [1, d]
      const perRow = tf.matMul(shopper, tf.gather(this.itemEmb, tf.tensor1d(c.buckets, 'int32')), false, true); // [1, U]
      return tf.matMul(perRow, tf.tensor2d(c.matrix, [c.count, c.buckets.length]), false, true); // [1, n]
    });
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  dispose(): void {
    this.itemEmb.dispose();
    if (this.ctxEmb !== this.itemEmb) this.ctxEmb.dispose();
  }
}
