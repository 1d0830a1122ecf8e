import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSknnIndex, linearDecay, sknnNeighbours, sknnScorer } from '../../cli/eval/sknn';
import type { Session } from '../../cli/events';

// items: a=0 b=1 c=2 d=3 e=4 f=5 (f: catalog only, never in train)
const mk = (id: string, items: number[], end = 0): Session => ({
  id,
  items: Int32Array.from(items),
  types: new Uint8Array(items.length),
  first: end - (items.length - 1),
  end,
});
// given out of time order on purpose: the index orders sessions by their last event
const train = [mk('S3', [0, 2, 4], 40), mk('S0', [0, 1], 10), mk('S2', [2, 3], 30), mk('S1', [1, 2], 20)];
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test('linear recency decay: 1, 0.9, ... floored at 0.1', () => {
  close(linearDecay(0), 1);
  close(linearDecay(1), 0.9);
  close(linearDecay(3), 0.7);
  close(linearDecay(9), 0.1);
  close(linearDecay(25), 0.1);
});

test('index: sessions by end time, postings per item', () => {
  const idx = buildSknnIndex(train);
  assert.deepEqual(idx.sessionItems.map((s) => Array.from(s)), [[0, 1], [1, 2], [2, 3], [0, 2, 4]]);
  assert.deepEqual(Array.from(idx.postings.get(2)!), [1, 2, 3]);
  assert.equal(idx.postings.get(5), undefined);
});

test('neighbours: hand-computed V-SKNN similarities', () => {
  const idx = buildSknnIndex(train);
  // history a, c (c newest): w(c) = 1, w(a) = 0.9
  // S0{a,b} 0.9, S1{b,c} 1, S2{c,d} 1, S3{a,c,e} 1.9
  const all = sknnNeighbours(idx, [0, 2]);
  assert.deepEqual(all.map(([s]) => s), [3, 2, 1, 0]); // S1/S2 tie: the more recent S2 first
  [1.9, 1, 1, 0.9].forEach((v, i) => close(all[i][1], v));
  // a repeated item counts once, at its newest position: c, a, c == a, c
  assert.deepEqual(sknnNeighbours(idx, [2, 0, 2]).map(([s, w]) => [s, Math.round(w * 10)]), all.map(([s, w]) => [s, Math.round(w * 10)]));
  // history c, a (a newest): S0 1, S1 0.9, S2 0.9, S3 1.9
  assert.deepEqual(sknnNeighbours(idx, [2, 0]).map(([s, w]) => [s, Math.round(w * 10)]), [[3, 19], [0, 10], [2, 9], [1, 9]]);
  // k = 2 keeps S3 and S2; sample = 2 only looks at the 2 most recent sharing sessions (S3, S2)
  assert.deepEqual(sknnNeighbours(idx, [0, 2], { k: 2 }).map(([s]) => s), [3, 2]);
  // history a, b: S0 {a,b} 1.9 would win, but only S3 (a: 0.9) and S1 (b: 1) are among the 2 most recent
  assert.deepEqual(sknnNeighbours(idx, [0, 1], { sample: 2 }).map(([s]) => s), [1, 3]);
  assert.deepEqual(sknnNeighbours(idx, [0, 1]).map(([s]) => s), [0, 1, 3]);
  assert.deepEqual(sknnNeighbours(idx, [5]), []);
});

test('scorer: item score = sum of neighbour similarities, popularity breaks ties', () => {
  const counts = Float64Array.from([2, 2, 3, 1, 1, 0]);
  const cands = Int32Array.from([0, 1, 2, 3, 4, 5]);
  const out = new Float64Array(6);
  const session = mk('t', [0, 2, 3], 50);
  sknnScorer(train, counts, cands)(session, 2, out); // history a, c
  // a: S0+S3 = 2.8, b: S0+S1 = 1.9, c: S1+S2+S3 = 3.9, d: S2 = 1, e: S3 = 1.9, f: 0
  [2.8, 1.9, 3.9, 1, 1.9, 0].forEach((v, i) => assert.ok(Math.abs(out[i] - v) < 1e-3, `item ${i}: ${out[i]}`));
  const order = Array.from(out, (v, i) => [v, i]).sort((x, y) => y[0] - x[0]).map((x) => x[1]);
  assert.deepEqual(order, [2, 0, 1, 4, 3, 5]); // b and e tie at 1.9: b is more popular
  sknnScorer(train, counts, cands, { k: 1 })(session, 2, out); // only S3 {a,c,e}
  assert.deepEqual(Array.from(out, (v, i) => [v, i]).sort((x, y) => y[0] - x[0]).map((x) => x[1]).slice(0, 3), [2, 0, 4]);
  sknnScorer(train, counts, cands)(mk('u', [5, 3]), 1, out); // history f: no neighbours, popularity order
  assert.deepEqual(Array.from(out, (v, i) => [v, i]).sort((x, y) => y[0] - x[0] || x[1] - y[1]).map((x) => x[1]), [2, 0, 1, 3, 4, 5]);
});
