import { byEndTime, type Session, type Sessions } from '../sessions';
import type { Scorer } from './scorers';
import { linearDecay as archDecay } from '../../src/model/arch/itemtoitem';

/**
 * V-SKNN (vector-multiplication session-based kNN; Jannach & Ludewig, RecSys 2017, and
 * Ludewig & Jannach, "Evaluation of session-based recommendation algorithms", UMUAI 2018).
 *
 * For the history h = session.items[0..pos):
 * 1. Candidate neighbours: training sessions that share at least one item with h (inverted
 *    index item -> sessions), restricted to the `sample` most recent of them (by the time of
 *    their last event: the "recent" sampling of the paper).
 * 2. Similarity of h to a neighbour n: the dot product of h's position-weighted binary vector
 *    with n's binary item vector, i.e. the sum over the distinct items of h that occur in n of
 *    the item's weight. The weight decays linearly with recency: the newest distinct item of h
 *    weighs 1, the next 0.9, ... down to `floor` (0.1) and no lower (`linearDecay`).
 *    (A repeated item counts once, at its most recent position.)
 * 3. The `k` most similar neighbours are kept (ties: the more recent session first).
 * 4. Score of an item = sum of the similarities of the kept neighbours that contain it.
 *
 * Items no neighbour contains score 0; all scores get a tie-break of train popularity scaled
 * below the smallest possible neighbour score (< 0.01 * floor), so among equal
 * kNN scores the more popular item ranks first, and with no neighbours at all the method
 * falls back to popularity. Items already in the history are not removed (re-visits are
 * common next events). Defaults are the published ones (k = 100, sample = 1000), not tuned
 * to any split here.
 */
export interface SknnOptions {
  /** Neighbours kept (default 100). */
  k?: number;
  /** Most recent candidate neighbour sessions considered (default 1000; 0 = all). */
  sample?: number;
  /** Linear decay per step of recency (default 0.1). */
  step?: number;
  /** Lowest position weight (default 0.1). */
  floor?: number;
}

export const SKNN_DEFAULTS: Required<SknnOptions> = Object.freeze({ k: 100, sample: 1000, step: 0.1, floor: 0.1 });

/** Weight of the r-th most recent distinct history item (r = 0: the newest): src/model/arch's, which the model's co-visitation part uses too. */
export const linearDecay = (r: number, step = SKNN_DEFAULTS.step, floor = SKNN_DEFAULTS.floor): number => archDecay(r, step, floor);

export interface SknnIndex {
  /** Distinct items per training session, sessions ordered by end time (index 0 = oldest). */
  sessionItems: Int32Array[];
  /** item -> training sessions (ascending index, i.e. ascending end time) containing it. */
  postings: Map<number, Int32Array>;
}

/** Builds the inverted index; sessions are renumbered by the time of their last event (stable). */
export function buildSknnIndex(train: Sessions): SknnIndex {
  const at = (i: number): Session => ('at' in train ? train.at(i) : train[i]) as Session;
  const sessionItems: Int32Array[] = [];
  for (const i of byEndTime(train)) {
    const s = at(i);
    if (s.items.length > 0) sessionItems.push(Int32Array.from(new Set(s.items)));
  }
  const lists = new Map<number, number[]>();
  sessionItems.forEach((items, s) => {
    for (const item of items) {
      let l = lists.get(item);
      if (!l) lists.set(item, (l = []));
      l.push(s);
    }
  });
  const postings = new Map<number, Int32Array>();
  for (const [item, l] of lists) postings.set(item, Int32Array.from(l));
  return { sessionItems, postings };
}

/**
 * The V-SKNN neighbours of a history: [session index, similarity] pairs, best first.
 * `items` is the history, oldest first.
 */
export function sknnNeighbours(index: SknnIndex, items: ArrayLike<number>, opts: SknnOptions = {}, scratch?: Float64Array): [number, number][] {
  const { k, sample, step, floor } = { ...SKNN_DEFAULTS, ...opts };
  const sim = scratch ?? new Float64Array(index.sessionItems.length);
  const touched: number[] = [];
  const seen = new Set<number>();
  let r = 0;
  for (let j = items.length - 1; j >= 0; j--) {
    const item = items[j];
    if (seen.has(item)) continue;
    seen.add(item);
    const w = linearDecay(r++, step, floor);
    const list = index.postings.get(item);
    if (!list) continue;
    for (const s of list) {
      if (sim[s] === 0) touched.push(s);
      sim[s] += w;
    }
  }
  // most recent `sample` candidates: session indices are in end-time order
  touched.sort((a, b) => b - a);
  const pool = sample > 0 && touched.length > sample ? touched.slice(0, sample) : touched;
  const out: [number, number][] = pool.map((s) => [s, sim[s]]);
  for (const s of touched) sim[s] = 0;
  out.sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return out.length > k ? out.slice(0, k) : out;
}

/** The `session-knn` row of `vitrine eval` (an id method: items never in train are misses). */
export function sknnScorer(train: Sessions, counts: Float64Array, candidates: Int32Array, opts: SknnOptions = {}): Scorer {
  const o = { ...SKNN_DEFAULTS, ...opts };
  const index = buildSknnIndex(train);
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  // candidate position of each session's items, resolved once
  const sessionCands = index.sessionItems.map((items) => {
    const cs: number[] = [];
    for (const item of items) {
      const c = pos.get(item);
      if (c !== undefined) cs.push(c);
    }
    return Int32Array.from(cs);
  });
  let maxCount = 0;
  for (const c of counts) maxCount = Math.max(maxCount, c);
  const tieBreak = Float64Array.from(candidates, (i) => ((0.01 * o.floor) * counts[i]) / (maxCount + 1));
  const scratch = new Float64Array(index.sessionItems.length);
  return (s, p, out) => {
    out.set(tieBreak);
    for (const [n, sim] of sknnNeighbours(index, s.items.subarray(0, p), o, scratch)) for (const c of sessionCands[n]) out[c] += sim;
  };
}
