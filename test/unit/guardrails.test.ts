import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { finalOrder } from '../../src/rank/order';

/** A random grid: scores (some tied), pins, out-of-stock flags, groups, and guardrail settings. */
const grid = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc.record({
    scores: fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(0.5)), { minLength: n, maxLength: n }),
    pinned: fc.array(fc.integer({ min: 0, max: 4 }).map((x) => x === 0), { minLength: n, maxLength: n }),
    outOfStock: fc.array(fc.integer({ min: 0, max: 4 }).map((x) => x === 0), { minLength: n, maxLength: n }),
    groups: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: n, maxLength: n }),
    blend: fc.double({ min: 0, max: 1, noNaN: true }),
    maxDisplacement: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 10 })),
    diversity: fc.option(fc.record({ max: fc.integer({ min: 1, max: 3 }), window: fc.integer({ min: 1, max: 12 }) }), { nil: undefined }),
  }),
);

test('guardrails: a permutation; pins fixed; displacement bounded; out-of-stock never promoted; deterministic', () => {
  fc.assert(
    fc.property(grid, (g) => {
      const order = finalOrder(g.scores, g);
      const n = g.scores.length;
      assert.equal(order.length, n);
      assert.equal(new Set(order).size, n);
      assert.ok(order.every((i) => Number.isInteger(i) && i >= 0 && i < n));
      order.forEach((item, slot) => {
        if (g.pinned[item]) assert.equal(slot, item, 'pinned item moved');
        if (g.pinned[slot]) assert.equal(item, slot, 'a pinned slot was taken');
        assert.ok(Math.abs(slot - item) <= g.maxDisplacement, `item ${item} moved to ${slot} (max ${g.maxDisplacement})`);
        if (g.outOfStock[item]) assert.ok(slot >= item, `out-of-stock item ${item} promoted to ${slot}`);
      });
      assert.deepEqual(finalOrder(g.scores, g), order, 'same inputs, same order');
    }),
    { numRuns: 2000 },
  );
});

test('diversity cap holds in the top window whenever other groups can fill it', () => {
  fc.assert(
    fc.property(grid, (g) => {
      if (!g.diversity) return;
      const noRules = { ...g, pinned: [], outOfStock: [], maxDisplacement: Infinity };
      const order = finalOrder(g.scores, noRules);
      const top = order.slice(0, g.diversity.window);
      const counts = new Map<string, number>();
      top.forEach((i) => counts.set(g.groups[i], (counts.get(g.groups[i]) ?? 0) + 1));
      // feasible when, taking at most `max` of each group, the window can be filled
      const sizes = new Map<string, number>();
      g.groups.forEach((x) => sizes.set(x, (sizes.get(x) ?? 0) + 1));
      const fill = [...sizes.values()].reduce((s, c) => s + Math.min(c, g.diversity!.max), 0);
      const feasible = fill >= Math.min(g.diversity.window, g.groups.length);
      if (!feasible || g.blend === 0 || g.scores.length < 2) return;
      for (const [grp, c] of counts) assert.ok(c <= g.diversity.max, `${c} items of ${grp} in the top ${g.diversity.window}`);
    }),
    { numRuns: 2000 },
  );
});

test('examples: model order at blend 1; out-of-stock sinks; displacement and diversity limits', () => {
  assert.deepEqual(finalOrder([0.1, 0.9, 0.5], { blend: 1 }), [1, 2, 0]);
  assert.deepEqual(finalOrder([0.1, 0.9, 0.5], { blend: 1, outOfStock: [false, true, false] }), [2, 0, 1]);
  assert.deepEqual(finalOrder([0, 0, 0, 1], { blend: 1, maxDisplacement: 1 }), [0, 1, 3, 2]);
  assert.deepEqual(finalOrder([3, 2, 1, 0], { blend: 1, groups: ['a', 'a', 'a', 'b'], diversity: { max: 1, window: 2 } }), [0, 3, 1, 2]);
});
