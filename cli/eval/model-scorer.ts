import type { FeatureSpec } from '../../src/features/spec';
import type { TowerTables } from '../../src/model/reference';
import { addPooled, historyWeigher, type ItemTokens } from '../train/tokens';
import type { Scorer } from './scorers';

/** The model of src/model/reference.ts, vectorised: candidate vectors precomputed once. */
export function modelScorer(spec: FeatureSpec, tok: ItemTokens, tables: TowerTables, candidates: Int32Array): Scorer {
  const D = tables.dim;
  const vecs = new Float32Array(candidates.length * D);
  const tmp = new Float64Array(D);
  candidates.forEach((item, c) => {
    tmp.fill(0);
    addPooled(tok, item, tables.item, D, 1, tmp, 0);
    for (let k = 0; k < D; k++) vecs[c * D + k] = tmp[k];
  });
  const weigh = historyWeigher(spec);
  const hw = new Float64Array(spec.historyLength);
  const u = new Float64Array(D);
  return (s, p, out) => {
    const n = Math.min(p, spec.historyLength);
    weigh(s.types, p - 1, n, hw);
    u.fill(0);
    for (let j = 0; j < n; j++) addPooled(tok, s.items[p - 1 - j], tables.ctx, D, hw[j], u, 0);
    for (let c = 0; c < candidates.length; c++) {
      let dot = 0;
      for (let k = 0; k < D; k++) dot += u[k] * vecs[c * D + k];
      out[c] = dot;
    }
  };
}
