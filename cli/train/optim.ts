import { SEQ_KEYS, type Params, type Grads, type SparseGrad } from './model';

export const OPTIMIZERS = ['adam', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Sparse optimizer: updates only the rows a batch touched (lazy Adam / Adagrad). */
export interface Optimizer {
  step(p: Params, g: Grads): void;
}

/**
 * Makes the optimizer's per-weight state (n floats, each `fill`): plain arrays by default;
 * cli/train/threads.ts shares them between workers.
 */
export type Alloc = (n: number, fill: number) => Float32Array;
const plain: Alloc = (n, fill) => new Float32Array(n).fill(fill);

/** The small dense parameters (v2's history parameters, the full model's scale) and their gradients. */
function densePairs(p: Params, g?: Grads): [Float32Array, Float64Array][] {
  const none = new Float64Array(0);
  const pairs: [Float32Array, Float64Array][] = [[p.fullLogScale, g?.fullLogScale ?? none]];
  if (p.seq) for (const k of SEQ_KEYS) pairs.push([p.seq[k], g?.seq?.[k] ?? none]);
  return pairs;
}

/** Lazy Adam: moments of untouched rows are left as they are; bias correction uses the global step. */
export function sparseAdam(p: Params, lr: number, alloc = plain, b1 = 0.9, b2 = 0.999, eps = 1e-8): Optimizer {
  const m = { item: alloc(p.item.length, 0), ctx: alloc(p.ctx.length, 0) };
  const v = { item: alloc(p.item.length, 0), ctx: alloc(p.ctx.length, 0) };
  let sm = 0;
  let sv = 0;
  let t = 0;
  const seqM = densePairs(p).map(([w]) => new Float64Array(w.length));
  const seqV = densePairs(p).map(([w]) => new Float64Array(w.length));
  const update = (w: Float32Array, g: SparseGrad, mm: Float32Array, vv: Float32Array, a: number) => {
    const D = g.dim;
    for (const r of g.rows)
      for (let i = r * D; i < (r + 1) * D; i++) {
        mm[i] = b1 * mm[i] + (1 - b1) * g.g[i];
        vv[i] = b2 * vv[i] + (1 - b2) * g.g[i] * g.g[i];
        w[i] -= (a * mm[i]) / (Math.sqrt(vv[i]) + eps);
      }
  };
  return {
    step(p, g) {
      t++;
      const a = (lr * Math.sqrt(1 - Math.pow(b2, t))) / (1 - Math.pow(b1, t));
      update(p.item, g.item, m.item, v.item, a);
      update(p.ctx, g.ctx, m.ctx, v.ctx, a);
      sm = b1 * sm + (1 - b1) * g.logScale;
      sv = b2 * sv + (1 - b2) * g.logScale * g.logScale;
      p.logScale -= (a * sm) / (Math.sqrt(sv) + eps);
      densePairs(p, g).forEach(([w, gg], n) => {
        for (let i = 0; i < w.length; i++) {
          seqM[n][i] = b1 * seqM[n][i] + (1 - b1) * gg[i];
          seqV[n][i] = b2 * seqV[n][i] + (1 - b2) * gg[i] * gg[i];
          w[i] -= (a * seqM[n][i]) / (Math.sqrt(seqV[n][i]) + eps);
        }
      });
    },
  };
}

/** Adagrad on touched rows (accumulators start at 0.1, as in TensorFlow). */
export function sparseAdagrad(p: Params, lr: number, alloc = plain, init = 0.1): Optimizer {
  const acc = { item: alloc(p.item.length, init), ctx: alloc(p.ctx.length, init) };
  let accS = init;
  const seqAcc = densePairs(p).map(([w]) => new Float64Array(w.length).fill(init));
  const update = (w: Float32Array, g: SparseGrad, aa: Float32Array) => {
    const D = g.dim;
    for (const r of g.rows)
      for (let i = r * D; i < (r + 1) * D; i++) {
        aa[i] += g.g[i] * g.g[i];
        w[i] -= (lr * g.g[i]) / Math.sqrt(aa[i]);
      }
  };
  return {
    step(p, g) {
      update(p.item, g.item, acc.item);
      update(p.ctx, g.ctx, acc.ctx);
      accS += g.logScale * g.logScale;
      p.logScale -= (lr * g.logScale) / Math.sqrt(accS);
      densePairs(p, g).forEach(([w, gg], n) => {
        for (let i = 0; i < w.length; i++) {
          seqAcc[n][i] += gg[i] * gg[i];
          w[i] -= (lr * gg[i]) / Math.sqrt(seqAcc[n][i]);
        }
      });
    },
  };
}

export function makeOptimizer(name: OptimizerName, p: Params, lr: number, alloc = plain): Optimizer {
  return name === 'adam' ? sparseAdam(p, lr, alloc) : sparseAdagrad(p, lr, alloc);
}
