import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import { candidateRows, dotScores, type CandidateRows } from './candidates';
import { addIdTerm, columnsOf, historyWeigher, idTerm, shopperInto, typeCode } from './history';
import { IDENTITY_MIX } from './itemtoitem';
import { packTokens, tokenizer, type Tokenizer } from './tokens';
import { knownTest } from './known';
import { addOverlap, historyOverlap, untrainedRows } from './overlap';
import type { SequenceParams, TokenRows, TowerTables, Vec } from './types';

/**
 * The history side of a job, for one model: the n newest events, newest first (type codes,
 * item ids, their weights in the shopper vector, their token rows). It depends on the history
 * and the model only, so it serves every job until the history changes.
 */
export interface HistoryPart {
  n: number;
  types: Uint8Array;
  keys: string[];
  weights: Float64Array;
  tokens: TokenRows;
  /** The shopper vector times the mix's two-tower weight, once computed (jobShopper). */
  shopper?: Float64Array;
  /** The id term (repeat and item-to-item parts by item id), once computed (jobIdTerm). */
  ids?: Map<string, number>;
  /** The zero-shot overlap by untrained row (overlap.ts), once computed (jobOverlap). */
  overlap?: Map<number, number>;
}

/** The candidate side of a job: the candidates as distinct table rows. It serves every job over the same candidates (a catalog). */
export interface CandidatePart {
  candidates: CandidateRows;
  /** Candidate columns per item id (for the repeat term). */
  columns: Map<string, number[]>;
}

/** One scoring job in the model's own terms, whatever engine runs it: a history part and a candidate part. */
export interface Job extends CandidatePart {
  history: HistoryPart;
}

/** The history part for `events` (newest first); `seq`: v2's history parameters (absent for v1); `tokens`: how items become token buckets. */
export function prepareHistory(events: readonly HistoryEvent[], spec: FeatureSpec, seq?: SequenceParams, tokens: Tokenizer = tokenizer(spec)): HistoryPart {
  const recent = events.slice(0, spec.historyLength);
  const n = recent.length;
  const types = Uint8Array.from(recent, (e) => typeCode(e.type));
  const weights = new Float64Array(n);
  historyWeigher(spec, seq)(types, n, weights);
  // the event's item is its id, whatever its stored attributes hold
  return { n, types, keys: recent.map((e) => e.item), weights, tokens: packTokens(n, (j) => ({ ...recent[j].attrs, id: recent[j].item }), tokens) };
}

/** The candidate part for `candidates`. */
export function prepareCandidates(candidates: readonly ItemAttrs[], tokens: Tokenizer): CandidatePart {
  return { candidates: candidateRows(packTokens(candidates.length, (i) => candidates[i], tokens)), columns: columnsOf(candidates.map((c) => c.id)) };
}

/** A job for `events` (newest first) and `candidates` (default tokens: itemBuckets of the spec). */
export function prepareJob(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, seq?: SequenceParams, tokens: Tokenizer = tokenizer(spec)): Job {
  return { history: prepareHistory(events, spec, seq, tokens), ...prepareCandidates(candidates, tokens) };
}

/** The id term of a job's history (history.ts idTerm), computed once per history part. */
export function jobIdTerm(job: Pick<Job, 'history'>, tables: Pick<TowerTables, 'seq' | 'mix' | 'items'>): Map<string, number> {
  const h = job.history;
  return (h.ids ??= idTerm(tables, h.types, h.keys, h.n));
}

/** The tables' parts that the id term and the overlap term read. */
export type IdTermTables = Pick<TowerTables, 'seq' | 'mix' | 'items' | 'item' | 'ctx' | 'dim' | 'overlap'>;

/** The zero-shot overlap of a job's history (overlap.ts: untrained row -> value, times the mix's two-tower weight), once per history part. */
export function jobOverlap(job: Pick<Job, 'history'>, tables: IdTermTables): Map<number, number> {
  const h = job.history;
  return (h.overlap ??= tables.overlap === false ? new Map() : historyOverlap(h.tokens, null, h.weights, h.n, untrainedRows(tables), (tables.mix ?? IDENTITY_MIX).twoTower));
}

/** The id term of a job (repeat and item-to-item parts) and the zero-shot overlap term, added to its scores in place. */
export function addJobIdTerm(job: Job, tables: IdTermTables, out: Vec): void {
  addIdTerm(jobIdTerm(job, tables), job.columns, out);
  addOverlap(jobOverlap(job, tables), job.candidates, out);
}

/** The shopper vector of a job's history [dim], times the mix's two-tower weight, computed once per history part. */
export function jobShopper(job: Pick<Job, 'history'>, tables: TowerTables): Float64Array {
  const h = job.history;
  if (!h.shopper) {
    h.shopper = new Float64Array(tables.dim);
    shopperInto(h.tokens, null, h.weights, h.n, tables.ctx, tables.dim, h.shopper);
    const a = (tables.mix ?? IDENTITY_MIX).twoTower;
    if (a !== 1) for (let k = 0; k < tables.dim; k++) h.shopper[k] *= a;
  }
  return h.shopper;
}

/**
 * The model's scores for a job, in plain typed arrays: shopper vector (attention- or
 * recency-weighted pooling of the history items in the history tower, times the mix's two-tower
 * weight), dot product with each candidate's item vector, plus the id term (v2's repeat term and
 * the item-to-item part, by the mix) and the zero-shot overlap of untrained rows (overlap.ts). Empty history: all zeros.
 */
export function scoreJob(job: Job, tables: TowerTables, out: Vec = new Float32Array(job.candidates.count)): Vec {
  out.fill(0);
  if (job.history.n === 0) return out;
  dotScores(jobShopper(job, tables), job.candidates, tables.item, tables.dim, out);
  addJobIdTerm(job, tables, out);
  return out;
}

/** Scores of candidates for a history (newest event first): prepareJob (with the tables' known-id filter) + scoreJob. */
export function scoreEvents(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  return scoreJob(prepareJob(events, candidates, spec, tables.seq, tokenizer(spec, knownTest(tables.known))), tables) as Float32Array;
}
