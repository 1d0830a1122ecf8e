import type { TokenRows, Vec } from './types';

/**
 * Candidates as the distinct table rows their tokens read: token t of candidate i
 * (t in [offsets[i], offsets[i + 1])) reads rows[column[t]] with weight weights[t].
 * Scoring is then one dot product per distinct row (shopper · row) and a weighted sum
 * of those per candidate: an item vector is linear in its rows, so
 * shopper · item_i = sum_t weights[t] * (shopper · rows[column[t]]).
 */
export interface CandidateRows {
  count: number;
  rows: Int32Array;
  offsets: Int32Array;
  column: Int32Array;
  weights: Float32Array;
}

/** The candidates `items` (token-row indices into `tok`; default: every row of tok, in order). */
export function candidateRows(tok: TokenRows, items?: ArrayLike<number>): CandidateRows {
  const count = items ? items.length : tok.offsets.length - 1;
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) {
    const r = items ? items[i] : i;
    offsets[i + 1] = offsets[i] + tok.offsets[r + 1] - tok.offsets[r];
  }
  const column = new Int32Array(offsets[count]);
  const weights = new Float32Array(offsets[count]);
  const index = new Map<number, number>();
  for (let i = 0, o = 0; i < count; i++) {
    const r = items ? items[i] : i;
    for (let t = tok.offsets[r]; t < tok.offsets[r + 1]; t++, o++) {
      const b = tok.buckets[t];
      let c = index.get(b);
      if (c === undefined) index.set(b, (c = index.size));
      column[o] = c;
      weights[o] = tok.weights[t];
    }
  }
  return { count, rows: Int32Array.from(index.keys()), offsets, column, weights };
}

/**
 * out[i] = shopper · item vector of candidate i, in the candidate tower's `table`: one
 * dot product per distinct row, then each candidate's weighted sum of its rows' products.
 */
export function dotScores(u: ArrayLike<number>, cand: CandidateRows, table: Float32Array, dim: number, out: Vec): void {
  const dots = new Float64Array(cand.rows.length);
  for (let c = 0; c < cand.rows.length; c++) {
    const base = cand.rows[c] * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += u[k] * table[base + k];
    dots[c] = s;
  }
  for (let i = 0; i < cand.count; i++) {
    let s = 0;
    for (let t = cand.offsets[i]; t < cand.offsets[i + 1]; t++) s += cand.weights[t] * dots[cand.column[t]];
    out[i] = s;
  }
}
