import type { Params, Grads, SparseGrad } from './model';

export const OPTIMIZERS = ['adam', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Sparse optimizer: updates only the rows a batch touched (lazy Adam / Adagrad). */
export interface Optimizer {
  step(p: Params, g: Grads): void;
}

/** Lazy Adam: moments of untouched rows are left as they are; bias correction uses the global step. */
export function sparseAdam(p: Params, lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): Optimizer {
  const m = { item: new Float32Array(p.item.length), ctx: new Float32Array(p.ctx.length) };
  const v = { item: new Float32Array(p.item.length), ctx: new Float32Array(p.ctx.length) };
  let sm = 0;
  let sv = 0;
  let t = 0;
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
    },
  };
}

/** Adagrad on touched rows (accumulators start at 0.1, as in TensorFlow). */
export function sparseAdagrad(p: Params, lr: number, init = 0.1): Optimizer {
  const acc = { item: new Float32Array(p.item.length).fill(init), ctx: new Float32Array(p.ctx.length).fill(init) };
  let accS = init;
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
    },
  };
}

export function makeOptimizer(name: OptimizerName, p: Params, lr: number): Optimizer {
  return name === 'adam' ? sparseAdam(p, lr) : sparseAdagrad(p, lr);
}
