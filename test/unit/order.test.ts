import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blendOrder, applyOrder } from '../../src/rank/order';

const isPermutation = (order: number[], n: number) => order.length === n && new Set(order).size === n && order.every((i) => i >= 0 && i < n);

test('blend 1 sorts by score, blend 0 keeps the page order', () => {
  const scores = [0.1, 0.9, 0.5, 0.3];
  assert.deepEqual(blendOrder(scores, 1), [1, 2, 3, 0]);
  assert.deepEqual(blendOrder(scores, 0), [0, 1, 2, 3]);
});

test('intermediate blend moves items part of the way', () => {
  const scores = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]; // last item is the model's favourite
  const half = blendOrder(scores, 0.5);
  const pos = half.indexOf(9);
  assert.ok(pos > 0 && pos < 9, `moved to ${pos}`);
  assert.equal(blendOrder(scores, 1).indexOf(9), 0);
});

test('equal, empty or non-finite scores keep the page order', () => {
  assert.deepEqual(blendOrder([1, 1, 1], 1), [0, 1, 2]);
  assert.deepEqual(blendOrder([], 1), []);
  assert.deepEqual(blendOrder([1, NaN, 3], 1), [0, 1, 2]);
});

test('pinned items keep their slot; the rest is a permutation', () => {
  const scores = [0.1, 0.2, 0.9, 0.8, 0.7, 0.6];
  const pinned = [false, true, false, false, true, false];
  const order = blendOrder(scores, 1, pinned);
  assert.equal(order[1], 1);
  assert.equal(order[4], 4);
  assert.ok(isPermutation(order, 6));
  assert.deepEqual(order, [2, 1, 3, 5, 4, 0]);
});

test('random inputs: always a permutation, pins fixed, deterministic', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let trial = 0; trial < 500; trial++) {
    const n = Math.floor(rnd() * 30);
    const scores = Array.from({ length: n }, () => (rnd() < 0.2 ? 0.5 : rnd()));
    const pinned = Array.from({ length: n }, () => rnd() < 0.2);
    const blend = rnd();
    const order = blendOrder(scores, blend, pinned);
    assert.ok(isPermutation(order, n));
    pinned.forEach((p, i) => p && assert.equal(order[i], i));
    assert.deepEqual(blendOrder(scores, blend, pinned), order);
  }
});

test('applyOrder reorders objects without copying them', () => {
  const items = [{ id: 'a' }, { id: 'b' }];
  const out = applyOrder(items, [1, 0]);
  assert.equal(out[0], items[1]);
});
