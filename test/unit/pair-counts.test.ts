import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctItems, forEachRow, Neighbours, PairTable } from '../../cli/train/pair-counts';
import type { Session } from '../../cli/events';
import { Rng } from '../../cli/train/rng';

/** Rows of a table as forEachRow gives them, copied. */
function rowsOf(t: PairTable): [number, number[], number[]][] {
  const out: [number, number[], number[]][] = [];
  forEachRow(t, (a, bs, counts) => out.push([a, [...bs], [...counts]]));
  return out;
}

/** The same rows from the table's entries by a comparison sort (the order forEachRow promises). */
function expected(t: PairTable): [number, number[], number[]][] {
  const e: [number, number, number][] = [];
  for (let h = 0; h < t.count.length; h++) if (t.count[h] > 0) e.push([t.a[h], t.b[h], t.count[h]]);
  e.sort((x, y) => x[0] - y[0] || y[2] - x[2] || x[1] - y[1]);
  const out: [number, number[], number[]][] = [];
  for (const [a, b, c] of e) {
    if (out.at(-1)?.[0] !== a) out.push([a, [], []]);
    out.at(-1)![1].push(b);
    out.at(-1)![2].push(c);
  }
  return out;
}

test('forEachRow: rows by source ascending, each by count desc then neighbour asc; exact past 2^53 keys too', () => {
  const rng = new Rng(3);
  for (const [items, big] of [[50, false], [7, false], [40, true]] as const) {
    const t = new PairTable(2000);
    for (let k = 0; k < 3000; k++) {
      const a = 5 + Math.floor(rng.next() * items);
      const b = big ? 2 ** 30 + Math.floor(rng.next() * items) : Math.floor(rng.next() * items);
      // counts near 2^30 with neighbours near 2^30: the one-number key would not be exact
      t.add(a, b, big ? 2 ** 29 + Math.floor(rng.next() * 3) : 1);
    }
    assert.deepEqual(rowsOf(t), expected(t), `items ${items}, big ${big}`);
  }
  assert.deepEqual(rowsOf(new PairTable(10)), [], 'an empty table visits nothing');
});

test('distinctItems keeps the events whose type passes, each session sorted and distinct', () => {
  const s = (items: number[], types: number[]): Session => ({ items: Int32Array.from(items), types: Uint8Array.from(types), first: 0, end: 1 });
  const d = distinctItems([s([3, 1, 3, 2], [2, 0, 3, 2]), s([4], [0]), s([5, 5], [3, 2])], (type) => type >= 2);
  assert.deepEqual([...d.items], [2, 3, 5]);
  assert.deepEqual([...d.start], [0, 2, 2, 3]);
  assert.equal(d.nItems, 6);
  assert.deepEqual([...distinctItems([s([3, 1, 3], [0, 0, 0])]).items], [1, 3]);
});

test('Neighbours: lists by item, gaps empty, views of what was pushed', () => {
  const n = new Neighbours();
  n.push(2, Int32Array.of(7, 8), Int32Array.of(3, 1));
  n.push(5, Int32Array.of(1), Int32Array.of(9));
  for (let a = 6; a < 3000; a += 7) n.push(a, Int32Array.of(a, a + 1, a + 2), Int32Array.of(3, 2, 1)); // grows its buffers
  assert.deepEqual([...n.get(2)!.items], [7, 8]);
  assert.deepEqual([...n.get(2)!.counts], [3, 1]);
  assert.deepEqual([...n.get(5)!.items], [1]);
  assert.equal(n.get(3), undefined);
  assert.equal(n.get(0), undefined);
  assert.equal(n.get(1e6), undefined);
  assert.deepEqual([...n.get(2995)!.items], [2995, 2996, 2997]);
  assert.equal(n.size, 2 + Math.ceil((3000 - 6) / 7));
  assert.deepEqual([...n.keys()].slice(0, 3), [2, 5, 6]);
  assert.ok(n.has(13) && !n.has(14));
});
