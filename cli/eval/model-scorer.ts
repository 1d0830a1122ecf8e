import type { FeatureSpec } from '../../src/features/spec';
import { candidateRows, dotScores } from '../../src/model/arch/candidates';
import { addIdTerm, columnsOf, historyWeigher, idTerm, shopperInto } from '../../src/model/arch/history';
import { IDENTITY_MIX } from '../../src/model/arch/itemtoitem';
import { addOverlap, historyOverlap, untrainedRows } from '../../src/model/arch/overlap';
import type { TokenRows, TowerTables } from '../../src/model/arch/types';
import { recentEvents } from '../train/tokens';
import type { Scorer } from './scorers';

/**
 * The model of src/model/arch (v1 or v2, with its mix and item-to-item tables) over a fixed
 * candidate set: the candidates' distinct rows are gathered once. `ids`: item id of each item
 * index (the id term is keyed by id, as in the browser).
 */
export function modelScorer(spec: FeatureSpec, tok: TokenRows, tables: TowerTables, candidates: Int32Array, ids: readonly string[]): Scorer {
  const D = tables.dim;
  const cand = candidateRows(tok, candidates);
  const columns = columnsOf(Array.from(candidates, (i) => ids[i]));
  const weigh = historyWeigher(spec, tables.seq);
  const a2 = (tables.mix ?? IDENTITY_MIX).twoTower;
  const types = new Uint8Array(spec.historyLength);
  const rows = new Int32Array(spec.historyLength);
  const keys: string[] = new Array(spec.historyLength);
  const a = new Float64Array(spec.historyLength);
  const u = new Float64Array(D);
  const untrained = untrainedRows(tables);
  return (s, p, out) => {
    const n = Math.min(p, spec.historyLength);
    recentEvents(s, p, n, types, rows);
    weigh(types, n, a);
    shopperInto(tok, rows, a, n, tables.ctx, D, u);
    if (a2 !== 1) for (let k = 0; k < D; k++) u[k] *= a2;
    dotScores(u, cand, tables.item, D, out);
    if (tables.overlap !== false) addOverlap(historyOverlap(tok, rows, a, n, untrained, a2), cand, out);
    for (let j = 0; j < n; j++) keys[j] = ids[rows[j]];
    addIdTerm(idTerm(tables, types, keys, n), columns, out);
  };
}
