import type { FeatureSpec } from '../../src/features/spec';
import { candidateRows, dotScores, type CandidateRows } from '../../src/model/arch/candidates';
import { historyWeigher, idTerm, shopperInto } from '../../src/model/arch/history';
import { IDENTITY_MIX, MIX_PARTS, type Mix } from '../../src/model/arch/itemtoitem';
import type { TokenRows, TowerTables } from '../../src/model/arch/types';
import type { EvalRow } from '../../src/model/format';
import { byEndTime, SessionLog, type Session, type Sessions } from '../sessions';
import { Metrics } from '../eval/metrics';
import { recentEvents } from './tokens';

/** Ranks past this count as misses: the fit's objective is HR@20 + MRR@20. */
const CUTOFF = 20;

/**
 * The validation split: the last `share` of the sessions by the time of their last event (file
 * order on ties), at least one; the rest is the fit split.
 */
export function splitByTime(sessions: Sessions, share: number): { fit: SessionLog; validation: SessionLog } {
  const order = byEndTime(sessions);
  const n = Math.max(1, Math.round(order.length * share));
  const log = SessionLog.of(sessions);
  return { fit: log.select(order.subarray(0, order.length - n)), validation: log.select(order.subarray(order.length - n)) };
}

/**
 * One validation event in a form any mix can be ranked from: the candidates that can reach the
 * top 20 (the CUTOFF + 1 best by the dot product, every candidate with a nonzero id term, the
 * target) with the four parts of their score. Exact for ranks <= 20: all parts are >= 0 past
 * the dot product and all weights >= 0, so a candidate outside the set scores at most its dot
 * product, below CUTOFF + 1 candidates of the set.
 */
interface Event {
  target: number;
  /** Column of each kept candidate (ties break by lower column, as vitrine eval does). */
  cols: Int32Array;
  /** [dot, repeat, successors, covisit] per kept candidate. */
  parts: Float64Array;
  /** Candidates outside the set with a lower column than the target (they tie with it when every kept score is 0). */
  below: number;
}

export interface MixFitResult {
  mix: Mix;
  /** Objective rows on the validation split: each part alone, the model as trained, the fitted mix. */
  rows: EvalRow[];
  /** The fitted mix's objective terms per validation event (hit + reciprocal rank), for comparing fits (clearlyBetter). */
  perEvent: Float64Array;
  sessions: number;
  events: number;
}

/**
 * What the two-tower model says about each prediction of the validation sessions (targets that
 * are candidates only), which no item-to-item table changes: the shopper vector, the CUTOFF + 1
 * best candidates by the dot product and the history. Made once (collectBase) and shared by the
 * fits of every successor share (one pass over 200k candidates per prediction, on a 10 M-event
 * log a minute per share).
 */
export interface ValidationBase {
  D: number;
  cand: CandidateRows;
  item: Float32Array;
  col: Map<string, number>;
  events: { target: number; u: Float64Array; top: number[]; topDots: number[]; types: Uint8Array; keys: string[]; n: number }[];
}

export function collectBase(validation: Iterable<Session>, spec: FeatureSpec, tok: TokenRows, tables: TowerTables, candidates: Int32Array, ids: readonly string[]): ValidationBase {
  const D = tables.dim;
  const cand = candidateRows(tok, candidates);
  const col = new Map<string, number>();
  candidates.forEach((item, c) => col.has(ids[item]) || col.set(ids[item], c));
  const weigh = historyWeigher(spec, tables.seq);
  const types = new Uint8Array(spec.historyLength);
  const rows = new Int32Array(spec.historyLength);
  const a = new Float64Array(spec.historyLength);
  const dots = new Float64Array(candidates.length);
  const events: ValidationBase['events'] = [];
  for (const s of validation)
    for (let p = 1; p < s.items.length; p++) {
      const target = col.get(ids[s.items[p]]);
      if (target === undefined) continue;
      const n = Math.min(p, spec.historyLength);
      recentEvents(s, p, n, types, rows);
      weigh(types, n, a);
      const u = new Float64Array(D);
      shopperInto(tok, rows, a, n, tables.ctx, D, u);
      dotScores(u, cand, tables.item, D, dots);
      const top = topColumns(dots, CUTOFF + 1);
      events.push({ target, u, top, topDots: top.map((c) => dots[c]), types: types.slice(0, n), keys: Array.from(rows.subarray(0, n), (r) => ids[r]), n });
    }
  return { D, cand, item: tables.item, col, events };
}

/** The dot product of shopper vector u and candidate c, summed as dotScores sums it (the same value to the bit). */
function dotOf(b: ValidationBase, u: Float64Array, c: number): number {
  const { cand, item, D } = b;
  let s = 0;
  for (let t = cand.offsets[c]; t < cand.offsets[c + 1]; t++) {
    const base = cand.rows[cand.column[t]] * D;
    let d = 0;
    for (let k = 0; k < D; k++) d += u[k] * item[base + k];
    s += cand.weights[t] * d;
  }
  return s;
}

/** The candidate parts of every prediction of the validation base, with `tables`' item-to-item parts. */
function collect(b: ValidationBase, tables: TowerTables): Event[] {
  const unit = (part: keyof Mix): Mix => ({ twoTower: 0, repeat: 0, successors: 0, covisit: 0, [part]: 1 });
  const sparse = (['repeat', 'successors', 'covisit'] as const).map((p) => ({ ...tables, mix: unit(p) }));
  const events: Event[] = [];
  for (const e of b.events) {
    const terms = sparse.map((t) => idTerm(t, e.types, e.keys, e.n));
    const kept = new Map<number, Float64Array>();
    const keep = (c: number, dot?: number) => kept.get(c) ?? kept.set(c, Float64Array.of(dot ?? dotOf(b, e.u, c), 0, 0, 0)).get(c)!;
    const at = e.top.indexOf(e.target);
    keep(e.target, at >= 0 ? e.topDots[at] : undefined);
    e.top.forEach((c, i) => keep(c, e.topDots[i]));
    terms.forEach((term, k) => {
      for (const [key, v] of term) {
        const c = b.col.get(key);
        if (c !== undefined && v !== 0) keep(c)[k + 1] += v;
      }
    });
    const cs = Int32Array.from(kept.keys()).sort();
    const parts = new Float64Array(4 * cs.length);
    cs.forEach((c, i) => parts.set(kept.get(c)!, 4 * i));
    let below = e.target;
    for (const c of cs) if (c < e.target) below--;
    events.push({ target: cs.indexOf(e.target), cols: cs, parts, below });
  }
  return events;
}

function topColumns(scores: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < scores.length; c++) {
    if (best.length === k && scores[c] <= scores[best[k - 1]]) continue;
    let i = best.length === k ? k - 1 : best.length;
    best[i] = c;
    while (i > 0 && scores[best[i - 1]] < scores[best[i]]) [best[i - 1], best[i]] = [best[i], best[i - 1]], i--;
  }
  return best;
}

/** HR@20 and MRR@20 of a mix over the collected events; `each`: per event, hit + reciprocal rank (the objective's terms). */
function measure(events: readonly Event[], mix: Mix, name: string, each?: Float64Array): EvalRow {
  const m = new Metrics();
  let k = 0;
  const w = MIX_PARTS.map((k) => mix[k]);
  for (const e of events) {
    const score = (i: number) => w[0] * e.parts[4 * i] + w[1] * e.parts[4 * i + 1] + w[2] * e.parts[4 * i + 2] + w[3] * e.parts[4 * i + 3];
    const t = score(e.target);
    let rank = 1;
    for (let i = 0; i < e.cols.length && rank <= CUTOFF; i++) {
      if (i === e.target) continue;
      const s = score(i);
      if (s > t || (s === t && e.cols[i] < e.cols[e.target])) rank++;
    }
    // with no dot product, every candidate outside the set scores 0
    if (w[0] === 0 && t === 0) rank += e.below;
    m.add(rank <= CUTOFF ? rank : Infinity);
    if (each) each[k++] = rank <= CUTOFF ? 1 + 1 / rank : 0;
  }
  return m.row(name);
}

const objective = (r: EvalRow) => r['HR@20'] + r['MRR@20'];

/** Values each weight may take in the search: 0 and powers of 2 from 1/1024 to 1024 (scale-free: only ratios matter). */
const GRID = [0, ...Array.from({ length: 21 }, (_, k) => 2 ** (k - 10))];

/**
 * Fits the mix on the validation split: coordinate ascent over GRID, one weight at a time,
 * from each part alone and from the model as trained, keeping the best objective
 * (HR@20 + MRR@20, ties: the earlier start). The parts alone are among the tried mixes, so the
 * fit is never below its best part on the split. `available`: the parts this model has.
 */
export function fitMix(validation: Sessions, spec: FeatureSpec, tok: TokenRows, tables: TowerTables, candidates: Int32Array, ids: readonly string[], available: readonly (keyof Mix)[], base = collectBase(validation, spec, tok, tables, candidates, ids)): MixFitResult {
  const events = collect(base, { ...tables, mix: IDENTITY_MIX });
  const unit = (part: keyof Mix): Mix => ({ twoTower: 0, repeat: 0, successors: 0, covisit: 0, [part]: 1 });
  const starts: [string, Mix][] = [['two-tower (as trained)', { ...IDENTITY_MIX }], ...available.map((p): [string, Mix] => [`${p} alone`, unit(p)])];
  const rows = starts.map(([name, mix]) => measure(events, mix, name));
  let best = { mix: starts[0][1], score: objective(rows[0]) };
  for (const [, start] of starts) {
    let cur = { mix: { ...start }, score: objective(measure(events, start, '')) };
    for (let round = 0, moved = true; round < 4 && moved; round++) {
      moved = false;
      for (const part of available)
        for (const v of GRID) {
          const mix = { ...cur.mix, [part]: v };
          if (MIX_PARTS.every((k) => mix[k] === 0)) continue;
          const score = objective(measure(events, mix, ''));
          if (score > cur.score + 1e-12) [cur, moved] = [{ mix, score }, true];
        }
    }
    if (cur.score > best.score + 1e-12) best = cur;
  }
  const perEvent = new Float64Array(events.length);
  rows.push(measure(events, best.mix, 'fitted mix', perEvent));
  return { mix: best.mix, rows, perEvent, sessions: validation.length, events: events.length };
}

/** Mean paired difference of two fits' per-event objective terms (a - b) on the same events, and its standard error. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const n = Math.min(a.length, b.length);
  if (n < 2) return { mean: 0, se: Infinity };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i] - b[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (a[i] - b[i] - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/**
 * Whether fit `a` beats fit `b` on the same validation events by more than the noise of the
 * split: the mean paired difference of their objective terms is above two standard errors
 * (a one-sided test at about 2.5%).
 */
export function clearlyBetter(a: Float64Array, b: Float64Array): boolean {
  const d = pairedDifference(a, b);
  return d.mean > 0 && d.mean > 2 * d.se;
}
