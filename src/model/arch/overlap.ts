import type { CandidateRows } from './candidates';
import type { TokenRows, Vec } from './types';

/**
 * Zero-shot token overlap. A token the model never saw in training has an all-zero row (the
 * trainer zeroes rows that got no gradient, and the uint8 encoding keeps 0 exact), so a
 * category, brand or title word shared by the history and a candidate adds nothing to the dot
 * product when it is new to the model: a model used on another store, or on new items, ignores
 * the most direct content evidence it has. The overlap term scores such a token as if its row
 * were a row of its own, orthogonal to every other, with the squared length of a typical trained
 * row (`scale`: the mean of item_row · ctx_row over the trained rows, so a shared unseen token
 * counts as much as a shared seen one does on average):
 *
 *   overlap(candidate) = scale * sum over the candidate's tokens t on untrained rows of
 *                        weight_t * H[row_t],   H[r] = sum_j a_j * weight of row r in history item j,
 *
 * with a_j the history weights of the shopper vector. It is linear in the candidate's token
 * weights, so it is a per-row addition to shopper · row (snapshots carry it the same way).
 * Rows that were trained contribute through the embeddings as before; nothing here is fitted.
 */
export interface Untrained {
  /** 1 for a row that is all zero in the item tower's table. */
  rows: Uint8Array;
  /** Mean item_row · ctx_row over the rows that are not all zero (0 when none). */
  scale: number;
  /** Whether any row is untrained (else the term is 0 everywhere). */
  any: boolean;
}

const memo = new WeakMap<Float32Array, Untrained>();

/** The untrained rows of a model's tables (computed once per item table). */
export function untrainedRows(tables: { item: Float32Array; ctx: Float32Array; dim: number }): Untrained {
  let u = memo.get(tables.item);
  if (u) return u;
  const { item, ctx, dim } = tables;
  const n = item.length / dim;
  const rows = new Uint8Array(n);
  let sum = 0;
  let trained = 0;
  let any = false;
  for (let r = 0; r < n; r++) {
    const base = r * dim;
    let zero = true;
    let dot = 0;
    for (let k = 0; k < dim; k++) {
      if (item[base + k] !== 0) zero = false;
      dot += item[base + k] * ctx[base + k];
    }
    if (zero) (rows[r] = 1), (any = true);
    else (sum += dot), trained++;
  }
  u = { rows, scale: trained ? sum / trained : 0, any };
  memo.set(tables.item, u);
  return u;
}

/**
 * H restricted to untrained rows, times `coef` * scale: row -> value. `tok` rows of the history
 * items (rows[j], or j when rows is null), `a` their weights.
 */
export function historyOverlap(tok: TokenRows, rows: ArrayLike<number> | null, a: ArrayLike<number>, n: number, u: Untrained, coef: number): Map<number, number> {
  const out = new Map<number, number>();
  if (!u.any || u.scale <= 0 || coef === 0) return out;
  for (let j = 0; j < n; j++) {
    const r = rows ? rows[j] : j;
    for (let t = tok.offsets[r]; t < tok.offsets[r + 1]; t++) {
      const b = tok.buckets[t];
      if (u.rows[b]) out.set(b, (out.get(b) ?? 0) + coef * u.scale * a[j] * tok.weights[t]);
    }
  }
  return out;
}

/** The overlap term, added in place to the candidates' scores: out[i] += sum_t weight_t * h[row_t]. */
export function addOverlap(h: ReadonlyMap<number, number>, cand: CandidateRows, out: Vec): void {
  if (h.size === 0) return;
  const per = new Float64Array(cand.rows.length);
  let hit = false;
  for (let c = 0; c < cand.rows.length; c++) {
    const v = h.get(cand.rows[c]);
    if (v !== undefined) (per[c] = v), (hit = true);
  }
  if (!hit) return;
  for (let i = 0; i < cand.count; i++) {
    let s = 0;
    for (let t = cand.offsets[i]; t < cand.offsets[i + 1]; t++) s += cand.weights[t] * per[cand.column[t]];
    out[i] += s;
  }
}
