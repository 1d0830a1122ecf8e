import type { FeatureSpec } from '../../src/features/spec';
import type { Session } from '../events';
import { addPooled, historyWeigher, type ItemTokens } from './tokens';

/** Trainable state: the two tables of src/model/reference.ts plus a logit scale used only in training. */
export interface Params {
  dim: number;
  buckets: number;
  item: Float32Array;
  ctx: Float32Array;
  /** log of the softmax scale (temperature^-1); ranking does not depend on it. */
  logScale: number;
}

/** Row-sparse gradient of one table: a dense buffer plus the list of touched rows. */
export class SparseGrad {
  readonly g: Float32Array;
  readonly mark: Uint8Array;
  rows: number[] = [];
  constructor(readonly buckets: number, readonly dim: number) {
    this.g = new Float32Array(buckets * dim);
    this.mark = new Uint8Array(buckets);
  }
  /** g[rows of item] += coef * token weight * vec[o..o+dim) */
  addItem(tok: ItemTokens, item: number, coef: number, vec: Float64Array, o: number): void {
    const dim = this.dim;
    for (let t = tok.offsets[item]; t < tok.offsets[item + 1]; t++) {
      const b = tok.buckets[t];
      if (!this.mark[b]) {
        this.mark[b] = 1;
        this.rows.push(b);
      }
      const a = coef * tok.weights[t];
      const row = b * dim;
      for (let k = 0; k < dim; k++) this.g[row + k] += a * vec[o + k];
    }
  }
  /** Moves another gradient's rows into this one (for shared tables). */
  absorb(other: SparseGrad): void {
    const dim = this.dim;
    for (const b of other.rows) {
      if (!this.mark[b]) {
        this.mark[b] = 1;
        this.rows.push(b);
      }
      for (let k = b * dim; k < (b + 1) * dim; k++) this.g[k] += other.g[k];
    }
    other.clear();
  }
  clear(): void {
    for (const b of this.rows) {
      this.mark[b] = 0;
      this.g.fill(0, b * this.dim, (b + 1) * this.dim);
    }
    this.rows = [];
  }
}

export interface LossOptions {
  /** log popularity of each item as a target (logQ correction), or undefined for none. */
  logQ?: Float64Array;
}

export interface Grads {
  item: SparseGrad;
  ctx: SparseGrad;
  logScale: number;
}

/** Examples: (session, position) pairs; the target is the event at position, the history the events before it. */
export class Forward {
  private readonly weigh: ReturnType<typeof historyWeigher>;
  private readonly hw: Float64Array;
  constructor(readonly spec: FeatureSpec, readonly tok: ItemTokens, readonly sessions: readonly Session[]) {
    this.weigh = historyWeigher(spec);
    this.hw = new Float64Array(spec.historyLength);
  }

  /** u = sum_j w_j * pooled ctx of history item j, written to out[o..). Returns the history length used. */
  shopper(p: Params, s: Session, pos: number, out: Float64Array, o: number): number {
    const n = Math.min(pos, this.spec.historyLength);
    this.weigh(s.types, pos - 1, n, this.hw);
    out.fill(0, o, o + p.dim);
    for (let j = 0; j < n; j++) addPooled(this.tok, s.items[pos - 1 - j], p.ctx, p.dim, this.hw[j], out, o);
    return n;
  }

  /**
   * Mean in-batch softmax cross-entropy of `ex` (pairs session,pos flattened) and, when
   * `grads` is given, its gradients. Negatives are the other targets of the batch; copies of
   * the positive's item are masked out.
   */
  loss(p: Params, ex: Int32Array, from: number, to: number, opts: LossOptions, grads?: Grads): number {
    const B = to - from;
    const D = p.dim;
    const U = new Float64Array(B * D);
    const V = new Float64Array(B * D);
    const target = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const s = this.sessions[ex[2 * (from + b)]];
      const pos = ex[2 * (from + b) + 1];
      this.shopper(p, s, pos, U, b * D);
      target[b] = s.items[pos];
      addPooled(this.tok, target[b], p.item, D, 1, V, b * D);
    }
    const scale = Math.exp(p.logScale);
    const G = new Float64Array(B * B); // dot products, then d loss / d logit
    let loss = 0;
    for (let b = 0; b < B; b++) {
      let max = -Infinity;
      const row = b * B;
      for (let c = 0; c < B; c++) {
        let dot = 0;
        for (let k = 0; k < D; k++) dot += U[b * D + k] * V[c * D + k];
        G[row + c] = dot;
      }
      const logits = new Float64Array(B);
      for (let c = 0; c < B; c++) {
        if (c !== b && target[c] === target[b]) logits[c] = -Infinity;
        else logits[c] = scale * G[row + c] - (opts.logQ ? opts.logQ[target[c]] : 0);
        if (logits[c] > max) max = logits[c];
      }
      let z = 0;
      for (let c = 0; c < B; c++) z += Math.exp(logits[c] - max);
      const logZ = max + Math.log(z);
      loss += logZ - logits[b];
      if (!grads) continue;
      for (let c = 0; c < B; c++) {
        const prob = Math.exp(logits[c] - logZ);
        const g = (prob - (c === b ? 1 : 0)) / B;
        grads.logScale += g * scale * G[row + c];
        G[row + c] = g * scale; // d loss / d dot
      }
    }
    if (grads) {
      const dU = new Float64Array(D);
      const dV = new Float64Array(B * D);
      for (let b = 0; b < B; b++) {
        dU.fill(0);
        for (let c = 0; c < B; c++) {
          const g = G[b * B + c];
          if (g === 0) continue;
          for (let k = 0; k < D; k++) {
            dU[k] += g * V[c * D + k];
            dV[c * D + k] += g * U[b * D + k];
          }
        }
        const s = this.sessions[ex[2 * (from + b)]];
        const pos = ex[2 * (from + b) + 1];
        const n = Math.min(pos, this.spec.historyLength);
        this.weigh(s.types, pos - 1, n, this.hw);
        for (let j = 0; j < n; j++) grads.ctx.addItem(this.tok, s.items[pos - 1 - j], this.hw[j], dU, 0);
      }
      for (let c = 0; c < B; c++) grads.item.addItem(this.tok, target[c], 1, dV, c * D);
    }
    return loss / B;
  }
}
