import { historyItems } from '../../features/encode';
import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import { candidateRows, dotScores, type CandidateRows } from './candidates';
import { addRepeatTerm, columnsOf, historyWeigher, shopperInto, typeCode } from './history';
import { packTokens } from './tokens';
import type { SequenceParams, TokenRows, TowerTables, Vec } from './types';

/**
 * One scoring job in the model's own terms, whatever engine runs it: the n newest history
 * events (newest first: type codes, item ids, their weights in the shopper vector, their
 * token rows) and the candidates as distinct table rows.
 */
export interface Job {
  n: number;
  types: Uint8Array;
  keys: string[];
  weights: Float64Array;
  history: TokenRows;
  candidates: CandidateRows;
  /** Candidate columns per item id (for the repeat term). */
  columns: Map<string, number[]>;
}

/** A job for `events` (newest first) and `candidates`; `seq`: v2's history parameters (absent for v1). */
export function prepareJob(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, seq?: SequenceParams): Job {
  const recent = historyItems(events, spec);
  const n = recent.length;
  const types = Uint8Array.from({ length: n }, (_, j) => typeCode(events[j].type));
  const weights = new Float64Array(n);
  historyWeigher(spec, seq)(types, n, weights);
  return {
    n,
    types,
    keys: recent.map((r) => r.id),
    weights,
    history: packTokens(n, (j) => recent[j], spec),
    candidates: candidateRows(packTokens(candidates.length, (i) => candidates[i], spec)),
    columns: columnsOf(candidates.map((c) => c.id)),
  };
}

/** v2's repeat term of a job, added to its scores in place (nothing for v1). */
export function addJobRepeats(job: Job, tables: Pick<TowerTables, 'seq'>, out: Vec): void {
  if (tables.seq) addRepeatTerm(tables.seq, job.types, job.keys, job.n, job.columns, out);
}

/**
 * The model's scores for a job, in plain typed arrays: shopper vector (attention- or
 * recency-weighted pooling of the history items in the history tower), dot product with each
 * candidate's item vector, plus v2's repeat term. Empty history: all zeros.
 */
export function scoreJob(job: Job, tables: TowerTables, out: Vec = new Float32Array(job.candidates.count)): Vec {
  out.fill(0);
  if (job.n === 0) return out;
  dotScores(jobShopper(job, tables), job.candidates, tables.item, tables.dim, out);
  addJobRepeats(job, tables, out);
  return out;
}

/** The shopper vector of a job's history [dim]. */
export function jobShopper(job: Job, tables: TowerTables): Float64Array {
  const u = new Float64Array(tables.dim);
  shopperInto(job.history, null, job.weights, job.n, tables.ctx, tables.dim, u);
  return u;
}

/** Scores of candidates for a history (newest event first): prepareJob + scoreJob. */
export function scoreEvents(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  return scoreJob(prepareJob(events, candidates, spec, tables.seq), tables) as Float32Array;
}
