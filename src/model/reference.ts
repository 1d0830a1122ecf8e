import { encodeItems, historyItems, historyWeights, type EncodedItems } from '../features/encode';
import type { FeatureSpec } from '../features/spec';
import { EVENT_TYPES, type HistoryEvent, type ItemAttrs } from '../features/types';

/**
 * Learned history parameters of `attentive-two-tower-v2` (all indexed by position in the
 * history, 0 = newest, and by event type in EVENT_TYPES order):
 * - attention: event j's share of the shopper vector is softmax_j(attnPos[j] + attnType[type_j]);
 * - repeats: a candidate that is history item j gets exp(repPos[j] + repType[type_j]) added to
 *   its score, summed over every event of it in the history.
 */
export interface SequenceParams {
  attnPos: Float32Array;
  attnType: Float32Array;
  repPos: Float32Array;
  repType: Float32Array;
}

/** Float32 parameters of a two-tower model: embedding tables row-major [buckets, dim], plus v2's history parameters. */
export interface TowerTables {
  dim: number;
  item: Float32Array;
  ctx: Float32Array;
  /** Present for `attentive-two-tower-v2`; absent for `pooled-two-tower-v1` (fixed recency/type weights of the spec, no repeat term). */
  seq?: SequenceParams;
}

const typeIndex = (t: string) => Math.max(0, (EVENT_TYPES as readonly string[]).indexOf(t));

/**
 * Weights of the newest events (newest first), summing to 1: v2's learned attention
 * (softmax of position and type logits) or v1's fixed recency/type weights.
 */
export function eventWeights(events: readonly HistoryEvent[], spec: FeatureSpec, seq?: SequenceParams): Float32Array {
  if (!seq) return historyWeights(events, spec);
  const n = Math.min(events.length, spec.historyLength);
  const w = new Float32Array(n);
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, seq.attnPos[j] + seq.attnType[typeIndex(events[j].type)]);
  let total = 0;
  for (let j = 0; j < n; j++) total += w[j] = Math.exp(seq.attnPos[j] + seq.attnType[typeIndex(events[j].type)] - max);
  for (let j = 0; j < n; j++) w[j] /= total;
  return w;
}

/** v2's repeat term: out[i] += sum over history events j of item i of exp(repPos[j] + repType[type_j]). */
export function addRepeatScores(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, seq: SequenceParams, out: Float32Array): void {
  const n = Math.min(events.length, spec.historyLength);
  if (n === 0) return;
  const boost = new Map<string, number>();
  for (let j = 0; j < n; j++) boost.set(events[j].item, (boost.get(events[j].item) ?? 0) + Math.exp(seq.repPos[j] + seq.repType[typeIndex(events[j].type)]));
  for (let i = 0; i < candidates.length; i++) {
    const b = boost.get(candidates[i].id);
    if (b !== undefined) out[i] += b;
  }
}

/** out[i] = sum_t w[i,t] * table[bucket[i,t]]: pooled embeddings of encoded items, [count, dim]. */
export function poolRows(enc: EncodedItems, table: Float32Array, dim: number, out = new Float32Array(enc.count * dim)): Float32Array {
  out.fill(0);
  for (let i = 0; i < enc.count; i++) {
    for (let t = 0; t < enc.width; t++) {
      const w = enc.weights[i * enc.width + t];
      if (w === 0) continue;
      const row = enc.buckets[i * enc.width + t] * dim;
      for (let k = 0; k < dim; k++) out[i * dim + k] += w * table[row + k];
    }
  }
  return out;
}

/** The shopper vector [dim]: attention-weighted (v2) or recency/type-weighted (v1) sum of the history items' context embeddings. */
export function shopperVector(events: readonly HistoryEvent[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  const { dim } = tables;
  const weights = eventWeights(events, spec, tables.seq);
  const pooled = poolRows(encodeItems(historyItems(events, spec), spec), tables.ctx, dim);
  const user = new Float32Array(dim);
  for (let j = 0; j < weights.length; j++) for (let k = 0; k < dim; k++) user[k] += weights[j] * pooled[j * dim + k];
  return user;
}

/**
 * Scores of candidates for a history (newest event first), in plain JavaScript:
 * shopper vector · item vector, plus (v2) the repeat term.
 * The reference the tfjs runtime is tested against, and the scorer used by Node tools.
 */
export function scoreReference(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  const { dim } = tables;
  const scores = new Float32Array(candidates.length);
  if (events.length === 0 || candidates.length === 0) return scores;
  const user = shopperVector(events, spec, tables);
  const items = poolRows(encodeItems(candidates, spec), tables.item, dim);
  for (let i = 0; i < candidates.length; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += user[k] * items[i * dim + k];
    scores[i] = s;
  }
  if (tables.seq) addRepeatScores(events, candidates, spec, tables.seq, scores);
  return scores;
}
