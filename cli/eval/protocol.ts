import type { EvalRow } from '../../src/model/format';
import type { Session } from '../events';
import { Metrics, rankOf } from './metrics';
import type { Scorer } from './scorers';

export interface Method {
  name: string;
  score: Scorer;
  /** Id methods cannot predict items never seen in train: such targets count as misses. */
  idOnly: boolean;
}

/**
 * Next-event, all positions: every event p >= 1 of every test session is predicted from
 * events 0..p-1 of that session, ranked against all candidates. A target that is not a
 * candidate (or, for id methods, not in train) is a miss.
 */
export function evaluate(test: readonly Session[], candidates: Int32Array, inTrain: Uint8Array, methods: readonly Method[]): EvalRow[] {
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  const metrics = methods.map(() => new Metrics());
  const scores = new Float64Array(candidates.length);
  for (const s of test)
    for (let p = 1; p < s.items.length; p++) {
      const target = s.items[p];
      const c = pos.get(target);
      methods.forEach((m, i) => {
        if (c === undefined || (m.idOnly && !inTrain[target])) return metrics[i].add(Infinity);
        m.score(s, p, scores);
        metrics[i].add(rankOf(scores, c));
      });
    }
  return methods.map((m, i) => metrics[i].row(m.name));
}
