import type { FeatureSpec } from '../../features/spec';
import { EVENT_TYPES } from '../../features/types';
import { addPooled } from './tokens';
import { addItemToItem, IDENTITY_MIX, type ItemTables } from './itemtoitem';
import type { SequenceParams, TokenRows, TowerTables, Vec } from './types';

/** Index of an event type in EVENT_TYPES: the order of `attn_type`, `rep_type` and the trainer's type codes (unknown types count as views). */
export const typeCode = (type: string): number => Math.max(0, (EVENT_TYPES as readonly string[]).indexOf(type));

/**
 * Weights of the n newest history events, newest first, into out[o..o+n): `types[j]` is the
 * type code of the j-th newest event. They sum to 1:
 * - `attentive-two-tower-v2` (seq given): softmax_j(attnPos[j] + attnType[types[j]]);
 * - `pooled-two-tower-v1`: the spec's type weight times a recency decay of 0.5 per
 *   `recencyHalfLife` events, rounded to float32 (test/unit/oracles/encode.ts states the same rule independently).
 */
export type HistoryWeigher = (types: ArrayLike<number>, n: number, out: Vec, o?: number) => void;

export function historyWeigher(spec: FeatureSpec, seq?: SequenceParams): HistoryWeigher {
  if (seq) {
    const { attnPos, attnType } = seq;
    return (types, n, out, o = 0) => {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, attnPos[j] + attnType[types[j]]);
      let total = 0;
      for (let j = 0; j < n; j++) total += out[o + j] = Math.exp(attnPos[j] + attnType[types[j]] - max);
      for (let j = 0; j < n; j++) out[o + j] /= total;
    };
  }
  const typeW = Float64Array.from(EVENT_TYPES, (t) => spec.typeWeights[t] ?? 1);
  const decay = Float64Array.from({ length: spec.historyLength }, (_, j) => Math.pow(0.5, j / spec.recencyHalfLife));
  return (types, n, out, o = 0) => {
    let total = 0;
    for (let j = 0; j < n; j++) {
      out[o + j] = Math.fround(typeW[types[j]] * decay[j]);
      total += out[o + j];
    }
    if (total > 0) for (let j = 0; j < n; j++) out[o + j] = Math.fround(out[o + j] / total);
  };
}

/**
 * The shopper vector into out[o..o+dim): sum_j a[j] * (item vector of history item j in the
 * history tower's table); item j is token row rows[j] of `tok` (rows null: row j).
 */
export function shopperInto(tok: TokenRows, rows: ArrayLike<number> | null, a: ArrayLike<number>, n: number, table: Float32Array, dim: number, out: Vec, o = 0): void {
  out.fill(0, o, o + dim);
  for (let j = 0; j < n; j++) addPooled(tok, rows ? rows[j] : j, table, dim, a[j], out, o);
}

/** v2's repeat boost of history position j with event type code `type`. */
export const repeatBoost = (seq: SequenceParams, j: number, type: number): number => Math.exp(seq.repPos[j] + seq.repType[type]);

/**
 * The part of the score that depends only on the history and the candidate's id, as a sparse
 * map item key -> score: mix.repeat times v2's repeat term (repeatBoost(j) once per history
 * event j of the item), plus the item-to-item part (itemtoitem.ts). `keys`, `types`: the n
 * newest events, newest first.
 */
export function idTerm<K>(tables: Pick<TowerTables, 'seq' | 'mix'> & { items?: ItemTables<K> }, types: ArrayLike<number>, keys: ArrayLike<K>, n: number, out: Map<K, number> = new Map()): Map<K, number> {
  const mix = tables.mix ?? IDENTITY_MIX;
  if (tables.seq && mix.repeat !== 0) for (let j = 0; j < n; j++) out.set(keys[j], (out.get(keys[j]) ?? 0) + mix.repeat * repeatBoost(tables.seq, j, types[j]));
  if (tables.items) addItemToItem(tables.items, mix, keys, n, out);
  return out;
}

/** The id term, added in place: every candidate column listed for a key of `term` gets its score. */
export function addIdTerm<K>(term: ReadonlyMap<K, number>, columns: ReadonlyMap<K, readonly number[]>, out: Vec): void {
  for (const [key, v] of term) {
    const cols = columns.get(key);
    if (cols) for (const c of cols) out[c] += v;
  }
}

/** Candidate columns per item key (a key may stand in several columns), for addIdTerm. */
export function columnsOf<K>(keys: ArrayLike<K>): Map<K, number[]> {
  const map = new Map<K, number[]>();
  for (let c = 0; c < keys.length; c++) {
    const list = map.get(keys[c]);
    if (list) list.push(c);
    else map.set(keys[c], [c]);
  }
  return map;
}
