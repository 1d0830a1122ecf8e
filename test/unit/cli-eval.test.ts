import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics, rankOf } from '../../cli/eval/metrics';
import { coldStartSlice, evaluate, evaluateSlices } from '../../cli/eval/protocol';
import { popularityScorer, transitionScorer } from '../../cli/eval/scorers';
import type { Session } from '../../cli/events';

const mk = (items: number[]): Session => ({ id: '', items: Int32Array.from(items), types: new Uint8Array(items.length), first: 0, end: 0 });

test('metrics on hand-computed ranks', () => {
  const m = new Metrics();
  for (const r of [1, 3, 15, Infinity]) m.add(r);
  const row = m.row('x');
  assert.equal(row.n, 4);
  assert.equal(row['HR@10'], 0.5); // ranks 1 and 3
  assert.equal(row['HR@20'], 0.75); // + rank 15
  assert.equal(row['MRR@20'], Math.round(((1 + 1 / 3 + 1 / 15) / 4) * 1e4) / 1e4); // 0.35
  assert.equal(row['NDCG@10'], Math.round(((1 + 1 / Math.log2(4)) / 4) * 1e4) / 1e4); // (1 + 0.5) / 4
});

test('ranks break ties by candidate order', () => {
  assert.equal(rankOf([3, 5, 5, 1], 1), 1);
  assert.equal(rankOf([3, 5, 5, 1], 2), 2);
  assert.equal(rankOf([3, 5, 5, 1], 3), 4);
});

test('protocol: every next event, id methods miss items unseen in train', () => {
  // items 0..3; item 3 never in train
  const train = [mk([0, 1, 2]), mk([0, 1]), mk([1, 1, 0])];
  const counts = Float64Array.from([3, 4, 1, 0]);
  const inTrain = Uint8Array.from([1, 1, 1, 0]);
  const candidates = Int32Array.from([0, 1, 2, 3]);
  const test = [mk([0, 1, 3]), mk([2])];
  const rows = evaluate(test, candidates, inTrain, [
    { name: 'popularity', score: popularityScorer(counts, candidates), idOnly: true },
    { name: 'transition', score: transitionScorer(train, counts, candidates), idOnly: true },
  ]);
  // predictions: 0 -> 1, then [0,1] -> 3 (unseen: miss). Session [2] has none.
  assert.equal(rows[0].n, 2);
  // popularity ranks 1 first (4 events): target 1 at rank 1, then a miss
  assert.deepEqual([rows[0]['HR@10'], rows[0]['MRR@20']], [0.5, 0.5]);
  // transition after 0: 1 (twice) -> rank 1
  assert.deepEqual([rows[1]['HR@10'], rows[1]['MRR@20']], [0.5, 0.5]);
});

test('transition ignores repeats unless asked and backs off to popularity', () => {
  const train = [mk([0, 0, 0, 2]), mk([1, 2])];
  const counts = Float64Array.from([3, 1, 2]);
  const cands = Int32Array.from([0, 1, 2]);
  const out = new Float64Array(3);
  transitionScorer(train, counts, cands)(mk([0, 9]), 1, out);
  assert.deepEqual(Array.from(out, (v, i) => [v, i]).sort((a, b) => b[0] - a[0]).map((x) => x[1]), [2, 0, 1]);
  transitionScorer(train, counts, cands, true)(mk([0, 9]), 1, out);
  assert.equal(out.indexOf(Math.max(...out)), 0); // 0 -> 0 twice
});

test('cold-start slice: same ranks, only targets never in train; id methods miss them', () => {
  const train = [mk([0, 1, 2]), mk([0, 1])];
  const counts = Float64Array.from([2, 2, 1, 0]);
  const inTrain = Uint8Array.from([1, 1, 1, 0]);
  const candidates = Int32Array.from([0, 1, 2, 3]); // 3: a catalog item never in train
  const test = [mk([0, 3, 1]), mk([2, 4])]; // 4: neither in train nor a candidate
  // a content method that always ranks item 3 first, then 1
  const content = { name: 'content', idOnly: false, score: (_s: Session, _p: number, out: Float64Array) => out.set([0, 1, 0, 2]) };
  const ev = evaluateSlices(test, candidates, inTrain, [{ name: 'popularity', score: popularityScorer(counts, candidates), idOnly: true }, content], [coldStartSlice(inTrain)]);
  assert.equal(ev.rows[0].n, 3);
  const cold = ev.slices['cold-start'];
  assert.deepEqual(cold.map((r) => r.name), ['popularity', 'content']);
  assert.deepEqual(cold.map((r) => r.n), [2, 2]); // targets 3 and 4
  assert.equal(cold[0]['HR@20'], 0); // id method: misses
  assert.equal(cold[1]['HR@20'], 0.5); // 3 at rank 1; 4 is no candidate: a miss for every method
  assert.equal(cold[1]['MRR@20'], 0.5);
  // full table: popularity hits 1 at rank 1 (tie with 0, 1 is later: rank 2) -> [0,3]->1 rank 2
  assert.equal(ev.rows[0]['HR@10'], Math.round((1 / 3) * 1e4) / 1e4);
  assert.deepEqual(evaluate(test, candidates, inTrain, [content]), [ev.rows[1]]);
});
