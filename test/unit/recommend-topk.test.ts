import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { topK } from '../../src/recommend/topk';

test('topK: the k best allowed indices, best first, ties to the lower index, NaN never', () => {
  assert.deepEqual(topK([0.1, 0.9, 0.5, 0.9, NaN, 0.7], 3, () => true), [1, 3, 5]);
  assert.deepEqual(topK([0.1, 0.9, 0.5, 0.9], 2, (i) => i !== 1), [3, 2]);
  assert.deepEqual(topK([1, 2], 0, () => true), []);
  assert.deepEqual(topK([1, 2], 5, () => true), [1, 0]);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (xs, k) => {
      const allowed = (i: number) => i % 3 !== 0;
      const expected = xs.map((s, i) => [s, i]).filter(([, i]) => allowed(i)).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map(([, i]) => i);
      assert.deepEqual(topK(xs, k, allowed), expected);
    }),
  );
});
