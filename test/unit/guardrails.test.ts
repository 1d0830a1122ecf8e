import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { finalOrder } from '../../src/rank/order';
import { applyGuardrails, type Guardrails } from '../../src/rank/guardrails';

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

/**
 * The first implementation (quadratic or worse: filters and a sort per slot), kept as the
 * reference the O(n log n) one must match exactly, on small inputs.
 */
function referenceGuardrails(n: number, desired: readonly number[], g: Guardrails = {}): number[] {
  const pinned = (i: number) => g.pinned?.[i] === true;
  const oos = (i: number) => g.outOfStock?.[i] === true;
  const maxD = g.maxDisplacement ?? Infinity;
  const order: number[] = new Array(n);
  const freeSlots: number[] = [];
  for (let s = 0; s < n; s++) (pinned(s) ? (order[s] = s) : freeSlots.push(s));

  // effective deadline of an item: the last free slot it may take (its page slot + maxDisplacement)
  const deadline = new Map<number, number>();
  for (const i of freeSlots) {
    let d = -1;
    for (const s of freeSlots) if (s <= i + maxD) d = s;
    deadline.set(i, d);
  }
  const placed = new Set<number>();
  const groupCount = new Map<string, number>();
  const countInWindow = (group: string | undefined) => (group === undefined ? 0 : (groupCount.get(group) ?? 0));
  if (g.diversity && g.groups) for (let s = 0; s < Math.min(n, g.diversity.window); s++) if (pinned(s)) bump(g.groups[s]);
  function bump(group: string | undefined) {
    if (group !== undefined) groupCount.set(group, (groupCount.get(group) ?? 0) + 1);
  }

  freeSlots.forEach((slot, k) => {
    let candidates = desired.filter((i) => !pinned(i) && !placed.has(i));
    // maxDisplacement: if the m+1 items with the earliest deadlines must all fit in the next m+1 free
    // slots, this slot goes to one of them (the first such m is the tightest set)
    const byDeadline = candidates.slice().sort((a, b) => deadline.get(a)! - deadline.get(b)! || a - b);
    for (let m = 0; m < byDeadline.length && k + m < freeSlots.length; m++) {
      if (deadline.get(byDeadline[m])! <= freeSlots[k + m]) {
        const tight = new Set(byDeadline.slice(0, m + 1));
        candidates = candidates.filter((i) => tight.has(i));
        break;
      }
    }
    const allowed = (i: number) => i - maxD <= slot && (!oos(i) || i <= slot);
    const diverse = (i: number) => !g.diversity || !g.groups || slot >= g.diversity.window || countInWindow(g.groups[i]) < g.diversity.max;
    const choice =
      candidates.find((i) => allowed(i) && diverse(i)) ??
      candidates.find(allowed) ??
      // the hard rules leave no choice: the earliest page slot still unplaced (never a promotion)
      candidates.reduce((a, b) => Math.min(a, b));
    order[slot] = choice;
    placed.add(choice);
    if (g.diversity && g.groups && slot < g.diversity.window) bump(g.groups[choice]);
  });
  return order;
}

/** Direct guardrail inputs: a desired order of the free items, flags, groups (some missing), and settings. */
const rails = fc.integer({ min: 0, max: 24 }).chain((n) =>
  fc
    .record({
      pinned: fc.array(fc.integer({ min: 0, max: 4 }).map((x) => x === 0), { minLength: n, maxLength: n }),
      outOfStock: fc.array(fc.integer({ min: 0, max: 3 }).map((x) => x === 0), { minLength: n, maxLength: n }),
      groups: fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined, freq: 8 }), { minLength: n, maxLength: n }),
      maxDisplacement: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 6 }), fc.constant(undefined)),
      diversity: fc.option(fc.record({ max: fc.integer({ min: 1, max: 3 }), window: fc.integer({ min: 1, max: n + 2 }) }), { nil: undefined }),
      shuffle: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    })
    .map(({ shuffle, ...g }) => {
      const free = Array.from({ length: n }, (_, i) => i).filter((i) => !g.pinned[i]);
      return { n, desired: free.sort((a, b) => shuffle[a] - shuffle[b] || a - b), g: g as Guardrails };
    }),
);

test('the O(n log n) guardrails give exactly the reference implementation\'s order', () => {
  fc.assert(
    fc.property(rails, ({ n, desired, g }) => {
      assert.deepEqual(applyGuardrails(n, desired, g), referenceGuardrails(n, desired, g));
    }),
    { numRuns: 5000 },
  );
});

test('inputs outside the contract still give a permutation: unlisted items follow in page order, a bad maxDisplacement counts as 0', () => {
  assert.deepEqual(applyGuardrails(4, [2]), [2, 0, 1, 3]);
  assert.deepEqual(applyGuardrails(4, [3, 3, 9, -1, 1.5, 0]), [3, 0, 1, 2]);
  assert.deepEqual(applyGuardrails(3, [2, 1, 0], { maxDisplacement: NaN }), [0, 1, 2]);
  assert.deepEqual(applyGuardrails(3, [2, 1, 0], { maxDisplacement: -2 }), [0, 1, 2]);
});

test('guardrails of a large grid: still a permutation honouring pins, displacement and out-of-stock (20,000 items)', () => {
  const n = 20000;
  const pinned = Array.from({ length: n }, (_, i) => i % 97 === 5);
  const outOfStock = Array.from({ length: n }, (_, i) => i % 13 === 2);
  const groups = Array.from({ length: n }, (_, i) => 'abcdefg'[(i * 7 + (i >> 4)) % 7]);
  const scores = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
  for (const maxDisplacement of [Infinity, 0, 3, 40]) {
    const order = finalOrder(scores, { blend: 0.8, pinned, outOfStock, groups, maxDisplacement, diversity: { max: 2, window: 24 } });
    assert.equal(new Set(order).size, n);
    order.forEach((item, slot) => {
      if (pinned[item] || pinned[slot]) assert.equal(item, slot);
      assert.ok(Math.abs(slot - item) <= maxDisplacement);
      if (outOfStock[item]) assert.ok(slot >= item);
    });
  }
});
