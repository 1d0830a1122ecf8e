import * as tf from '@tensorflow/tfjs-core';
import { encodeItems, historyItems, historyWeights } from '../../features/encode';
import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';

/**
 * The pooled two-tower model on tfjs tensors. Same math as model/reference.ts:
 * item = sum_t w_t * item_emb[bucket_t]; shopper = sum_j a_j * (sum_t w_jt * ctx_emb[bucket_jt]); score = shopper . item.
 */
export class TowerModel {
  constructor(
    private readonly spec: FeatureSpec,
    private readonly itemEmb: tf.Tensor2D,
    private readonly ctxEmb: tf.Tensor2D,
  ) {}

  /** Pooled embeddings [n, dim] of items' weighted tokens. */
  private pool(table: tf.Tensor2D, items: readonly ItemAttrs[]): tf.Tensor2D {
    const enc = encodeItems(items, this.spec);
    const buckets = tf.tensor2d(enc.buckets, [enc.count, enc.width], 'int32');
    const weights = tf.tensor3d(enc.weights, [enc.count, enc.width, 1]);
    return tf.sum(tf.mul(tf.gather(table, buckets), weights), 1) as tf.Tensor2D;
  }

  /** Scores of candidates for a history (newest first). Empty history or candidates: all zeros (tfjs WebGPU cannot take empty tensors). */
  async score(history: readonly HistoryEvent[], candidates: readonly ItemAttrs[]): Promise<Float32Array> {
    if (history.length === 0 || candidates.length === 0) return new Float32Array(candidates.length);
    const a = historyWeights(history, this.spec);
    const scores = tf.tidy(() => {
      const ctx = this.pool(this.ctxEmb, historyItems(history, this.spec));
      const shopper = tf.matMul(tf.tensor2d(a, [1, a.length]), ctx);
      const items = this.pool(this.itemEmb, candidates);
      return tf.matMul(shopper, items, false, true);
    });
    try {
      return (await scores.data()) as Float32Array;
    } finally {
      scores.dispose();
    }
  }

  dispose(): void {
    this.itemEmb.dispose();
    this.ctxEmb.dispose();
  }
}
