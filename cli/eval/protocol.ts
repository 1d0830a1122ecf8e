import type { EvalRow } from '../../src/model/format';
import type { Session } from '../sessions';
import { Metrics, rankOf } from './metrics';
import type { Scorer } from './scorers';
import { RankCurve, type Curve } from './curve';

export interface Method {
  name: string;
  score: Scorer;
  /** Id methods cannot predict items never seen in train: such targets count as misses. */
  idOnly: boolean;
}

/** A subset of the test events, reported as its own table (same rows, its own n). */
export interface Slice {
  name: string;
  /** Whether the prediction of `target` (event p of session s) belongs to the slice. */
  includes: (target: number, s: Session, p: number) => boolean;
}

/** Test events whose target item never occurs in the training events. */
export const coldStartSlice = (inTrain: Uint8Array): Slice => ({ name: 'cold-start', includes: (target) => !inTrain[target] });

export interface Evaluation {
  rows: EvalRow[];
  slices: Record<string, EvalRow[]>;
  /** HR@k and MRR@k for k = 1..20, one per method (cli/eval/curve.ts). */
  curves: Curve[];
}

/**
 * Next-event, all positions: every event p >= 1 of every test session is predicted from
 * events 0..p-1 of that session, ranked against all candidates. A target that is not a
 * candidate (or, for id methods, not in train) is a miss.
 */
export function evaluate(test: Iterable<Session>, candidates: Int32Array, inTrain: Uint8Array, methods: readonly Method[]): EvalRow[] {
  return evaluateSlices(test, candidates, inTrain, methods, []).rows;
}

/** `evaluate` plus one more table per slice, from the same ranks (each method scores each event once). */
export function evaluateSlices(test: Iterable<Session>, candidates: Int32Array, inTrain: Uint8Array, methods: readonly Method[], slices: readonly Slice[]): Evaluation {
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  const metrics = methods.map(() => new Metrics());
  const curves = methods.map(() => new RankCurve());
  const sliceMetrics = slices.map(() => methods.map(() => new Metrics()));
  const scores = new Float64Array(candidates.length);
  for (const s of test)
    for (let p = 1; p < s.items.length; p++) {
      const target = s.items[p];
      const c = pos.get(target);
      const inSlice = slices.map((sl) => sl.includes(target, s, p));
      methods.forEach((m, i) => {
        let rank = Infinity;
        if (c !== undefined && !(m.idOnly && !inTrain[target])) {
          m.score(s, p, scores);
          rank = rankOf(scores, c);
        }
        metrics[i].add(rank);
        curves[i].add(rank);
        inSlice.forEach((yes, j) => yes && sliceMetrics[j][i].add(rank));
      });
    }
  return {
    rows: methods.map((m, i) => metrics[i].row(m.name)),
    slices: Object.fromEntries(slices.map((sl, j) => [sl.name, methods.map((m, i) => sliceMetrics[j][i].row(m.name))])),
    curves: methods.map((m, i) => curves[i].curve(m.name)),
  };
}
