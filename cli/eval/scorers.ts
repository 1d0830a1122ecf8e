import type { Session } from '../sessions';

/**
 * A method under evaluation: scores every candidate for the history session.items[0..pos)
 * into `out` (one score per candidate, in candidate order).
 */
export type Scorer = (s: Session, pos: number, out: Float64Array) => void;

/** Train-event counts per item: the popularity baseline (id method). */
export function popularityScorer(counts: Float64Array, candidates: Int32Array): Scorer {
  const scores = Float64Array.from(candidates, (i) => counts[i]);
  return (_s, _p, out) => out.set(scores);
}

/**
 * Most frequent next item after the last one (counted over train sessions), backing off to
 * popularity for ties and for items never seen after it. Repeats of the same item (A -> A)
 * are not counted unless `repeats` is set (data/README.md's reference figures leave them out).
 */
export function transitionScorer(train: Iterable<Session>, counts: Float64Array, candidates: Int32Array, repeats = false): Scorer {
  const next = new Map<number, Map<number, number>>();
  for (const s of train)
    for (let p = 1; p < s.items.length; p++) {
      if (!repeats && s.items[p] === s.items[p - 1]) continue;
      let m = next.get(s.items[p - 1]);
      if (!m) next.set(s.items[p - 1], (m = new Map()));
      m.set(s.items[p], (m.get(s.items[p]) ?? 0) + 1);
    }
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  let maxCount = 0;
  for (const c of counts) maxCount = Math.max(maxCount, c);
  const backoff = Float64Array.from(candidates, (i) => counts[i] / (maxCount + 1));
  return (s, p, out) => {
    out.set(backoff);
    const m = next.get(s.items[p - 1]);
    if (m) for (const [item, n] of m) {
      const c = pos.get(item);
      if (c !== undefined) out[c] += n;
    }
  };
}
