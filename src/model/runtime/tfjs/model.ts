import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../../../common/types';
import type { CandidateRows } from '../../arch/candidates';
import { addJobIdTerm, jobShopper, type Job } from '../../arch/job';
import type { TowerTables } from '../../arch/types';
import type { Engine } from '../engine';
import { MAX_BATCH, MAX_SHARED_DIM } from './kernels';

/** Candidates [from, to) of a job as a padded [count, width] matrix of (distinct-row column, weight); padding has weight 0. */
function padded(c: CandidateRows, from: number, to: number): { count: number; width: number; column: Int32Array; weights: Float32Array } {
  let width = 0;
  for (let i = from; i < to; i++) width = Math.max(width, c.offsets[i + 1] - c.offsets[i]);
  const count = to - from;
  const column = new Int32Array(count * width);
  const weights = new Float32Array(count * width);
  for (let i = from; i < to; i++)
    for (let t = c.offsets[i]; t < c.offsets[i + 1]; t++) {
      column[(i - from) * width + t - c.offsets[i]] = c.column[t];
      weights[(i - from) * width + t - c.offsets[i]] = c.weights[t];
    }
  return { count, width, column, weights };
}

/**
 * The model's arithmetic on a tfjs backend, for the same prepared job as the JS engine
 * (src/model/arch): the shopper vector comes from arch (a few thousand multiply-adds over
 * the history, in JS); on the backend, one dot product per distinct candidate row,
 * shopper · gather(item_emb, rows)ᵀ, then each candidate's weighted sum of its rows'
 * products (a gather, and a batched [1, width] × [width, 1] matrix product with the token
 * weights). Sizes grow with distinct rows and tokens, never with candidates × rows, so a
 * catalog-sized job fits. The id term (repeat and item-to-item parts, by id) is added in JS after the readback.
 * Kernels: tfjs/kernels.ts; every matrix product's shared dimension is the model's dim or a
 * candidate's token count (see MAX_SHARED_DIM).
 */
export class TfjsEngine implements Engine {
  private readonly item: tf.Tensor2D;
  private readonly tables: TowerTables;

  constructor(readonly name: Exclude<BackendName, 'js'>, tables: TowerTables, tokensPerItem: number) {
    if (tables.dim > MAX_SHARED_DIM || tokensPerItem > MAX_SHARED_DIM) throw new Error(`models of dim or tokens per item above ${MAX_SHARED_DIM} run on the JS engine (this build's tfjs matrix products stop there)`);
    this.tables = tables;
    this.item = tf.tensor2d(tables.item, [tables.item.length / tables.dim, tables.dim]);
  }

  /** Scores of a job; nothing empty reaches tfjs (WebGPU cannot take empty tensors). */
  async score(job: Job): Promise<Float32Array> {
    const out = new Float32Array(job.candidates.count);
    const cand = job.candidates;
    if (job.history.n > 0 && cand.rows.length > 0) {
      const u = Float32Array.from(jobShopper(job, this.tables));
      const dots = tf.tidy(() => tf.reshape(tf.matMul(tf.tensor2d(u, [1, u.length]), tf.gather(this.item, tf.tensor1d(cand.rows, 'int32')), false, true), [cand.rows.length])); // [U]
      try {
        // the batched product in slices: a batch dimension over 65535 exceeds WebGPU's dispatch limits
        for (let from = 0; from < cand.count; from += MAX_BATCH) {
          const p = padded(cand, from, Math.min(cand.count, from + MAX_BATCH));
          if (p.width === 0) continue; // no candidate of the slice has a token: their scores stay 0
          const scores = tf.tidy(() => {
            const perToken = tf.reshape(tf.gather(dots, tf.tensor1d(p.column, 'int32')), [p.count, 1, p.width]); // [n, 1, width]
            return tf.reshape(tf.matMul(perToken, tf.tensor3d(p.weights, [p.count, p.width, 1])), [p.count]); // [n]
          });
          try {
            out.set((await scores.data()) as Float32Array, from);
          } finally {
            scores.dispose();
          }
        }
      } finally {
        dots.dispose();
      }
    }
    addJobIdTerm(job, this.tables, out);
    return out;
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.item.dispose();
  }
}
