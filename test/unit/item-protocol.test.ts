import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from '../../cli/events';
import { anchoredBaselines, evaluateAnchored } from '../../cli/eval/item-protocol';

const session = (id: string, items: number[]): Session => ({ id, items: Int32Array.from(items), types: new Uint8Array(items.length), first: 0, end: items.length - 1 });

test('item-anchored protocol: each anchor predicts the next other item; co-occurrence finds what popularity cannot; the anchor itself never counts', () => {
  // item 0 is the most popular; 1 and 2 always come together
  const train = [session('a', [0, 1, 2]), session('b', [1, 2]), session('c', [0, 3]), session('d', [0, 4]), session('e', [0])];
  const counts = new Float64Array(5);
  for (const s of train) for (const i of s.items) counts[i]++;
  const candidates = Int32Array.from([0, 1, 2, 3, 4]);
  const inTrain = new Uint8Array(5).fill(1);
  // anchors: 1 and its repeat (each: next other item 2, the repeat skipped); 2 has no next item: two predictions
  const rows = evaluateAnchored([session('t', [1, 1, 2])], candidates, inTrain, anchoredBaselines(train, counts, candidates));
  const [pop, cooc] = rows;
  assert.equal(pop.n, 2);
  assert.equal(cooc['MRR@20'], 1, 'co-occurrence ranks 2 first after 1');
  assert.equal(pop['MRR@20'], 1 / 2, 'popularity ranks 0 first, then 2 (the anchor 1 is left out of the ranking)');
});
