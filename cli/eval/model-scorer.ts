import type { FeatureSpec } from '../../src/features/spec';
import type { TowerTables } from '../../src/model/reference';
import { addPooled, historyWeigher, type ItemTokens } from '../train/tokens';
import type { Scorer } from './scorers';

/** The model of src/model/reference.ts (v1 or v2), vectorised: candidate vectors precomputed once. */
export function modelScorer(spec: FeatureSpec, tok: ItemTokens, tables: TowerTables, candidates: Int32Array): Scorer {
  const D = tables.dim;
  const vecs = new Float32Array(candidates.length * D);
  const tmp = new Float64Array(D);
  candidates.forEach((item, c) => {
    tmp.fill(0);
    addPooled(tok, item, tables.item, D, 1, tmp, 0);
    for (let k = 0; k < D; k++) vecs[c * D + k] = tmp[k];
  });
  const column = new Map<number, number>();
  candidates.forEach((item, c) => column.set(item, c));
  const seq = tables.seq;
  const weigh = historyWeigher(spec);
  const hw = new Float64Array(spec.historyLength);
  const u = new Float64Array(D);
  return (s, p, out) => {
    const n = Math.min(p, spec.historyLength);
    if (seq) {
      // learned attention: softmax over positions of position + type logits (reference.ts eventWeights)
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, seq.attnPos[j] + seq.attnType[s.types[p - 1 - j]]);
      let total = 0;
      for (let j = 0; j < n; j++) total += hw[j] = Math.exp(seq.attnPos[j] + seq.attnType[s.types[p - 1 - j]] - max);
      for (let j = 0; j < n; j++) hw[j] /= total;
    } else weigh(s.types, p - 1, n, hw);
    u.fill(0);
    for (let j = 0; j < n; j++) addPooled(tok, s.items[p - 1 - j], tables.ctx, D, hw[j], u, 0);
    for (let c = 0; c < candidates.length; c++) {
      let dot = 0;
      for (let k = 0; k < D; k++) dot += u[k] * vecs[c * D + k];
      out[c] = dot;
    }
    if (seq)
      for (let j = 0; j < n; j++) {
        const c = column.get(s.items[p - 1 - j]);
        if (c !== undefined) out[c] += Math.exp(seq.repPos[j] + seq.repType[s.types[p - 1 - j]]);
      }
  };
}
