import type { FeatureSpec } from '../../src/features/spec';
import { candidateRows, dotScores } from '../../src/model/arch/candidates';
import { addRepeatTerm, columnsOf, historyWeigher, shopperInto } from '../../src/model/arch/history';
import type { TokenRows, TowerTables } from '../../src/model/arch/types';
import { recentEvents } from '../train/tokens';
import type { Scorer } from './scorers';

/** The model of src/model/arch (v1 or v2) over a fixed candidate set: the candidates' distinct rows are gathered once. */
export function modelScorer(spec: FeatureSpec, tok: TokenRows, tables: TowerTables, candidates: Int32Array): Scorer {
  const D = tables.dim;
  const cand = candidateRows(tok, candidates);
  const columns = columnsOf(candidates);
  const weigh = historyWeigher(spec, tables.seq);
  const types = new Uint8Array(spec.historyLength);
  const rows = new Int32Array(spec.historyLength);
  const a = new Float64Array(spec.historyLength);
  const u = new Float64Array(D);
  return (s, p, out) => {
    const n = Math.min(p, spec.historyLength);
    recentEvents(s, p, n, types, rows);
    weigh(types, n, a);
    shopperInto(tok, rows, a, n, tables.ctx, D, u);
    dotScores(u, cand, tables.item, D, out);
    if (tables.seq) addRepeatTerm(tables.seq, types, rows, n, columns, out);
  };
}
