import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features';
import { addItemToItem, decodeItemTables, IDENTITY_MIX, linearDecay, type Mix } from '../../src/model/arch/itemtoitem';
import type { Session } from '../../cli/events';
import { ItemTable } from '../../cli/items';
import { buildItemTables, countItemPairs, itemTablesCap, ITEM_TABLES_BUDGET_PER_50K } from '../../cli/train/itemtoitem';
import { covisitNeighbours, type Entries } from '../../cli/train/pair-counts';
import * as oracle from './oracles/itemtoitem-maps';
import { clearlyBetter, fitMix, pairedDifference } from '../../cli/train/mix';
import { Rng } from '../../cli/train/rng';
import { packItemTokens } from '../../cli/train/tokens';

const session = (id: string, items: number[]): Session => ({ id, items: Int32Array.from(items), types: new Uint8Array(items.length), first: 0, end: items.length - 1 });

test('successors keep repeats and count each step; co-visitation counts the sessions holding both items, once per pair', () => {
  const c = countItemPairs([session('a', [1, 1, 2, 3]), session('b', [1, 2]), session('c', [3, 2, 2])], 100);
  const rows = (e: Entries) => Array.from({ length: e.length }, (_, k) => [e.a[k], e.b[k], e.w[k]]);
  assert.deepEqual(rows(c.succ), [[1, 2, 2], [1, 1, 1], [2, 2, 1], [2, 3, 1], [3, 2, 1]], 'heaviest first, then by source and neighbour');
  assert.deepEqual(rows(c.cov), [[1, 2, 2], [2, 3, 2], [1, 3, 1]], 'a pair once, under its lower item; never an item with itself');
  assert.deepEqual([...c.held], [0, 2, 3, 2]);
  assert.deepEqual([...c.succTotal], [0, 3, 2, 1]);
  assert.equal(c.succSeen, 5);
  assert.equal(c.covSeen, 3);
});

/** Random sessions over `items` items: lengths 1..12 (a few long), repeats, a popular head. */
function randomSessions(seed: number, n: number, items: number): Session[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, s) => {
    const len = 1 + Math.floor(rng.next() ** 2 * (rng.next() < 0.05 ? 40 : 12));
    return session(`s${s}`, Array.from({ length: len }, () => Math.floor(rng.next() ** 2 * items)));
  });
}

test('bounded-memory counting gives the tables the Map-based counts gave: any shard size, a cut list counted again', () => {
  for (const [seed, n, items] of [[1, 300, 40], [2, 2000, 400], [3, 800, 3000]] as const) {
    const sessions = randomSessions(seed, n, items);
    const ids = Array.from({ length: items }, (_, i) => `item-${(i * 7919) % 10007}`);
    for (const catalog of [200, 5000, 60_000])
      for (const share of [0, 0.5]) {
        const want = oracle.buildItemTables(sessions, ids, catalog, share);
        for (const counts of [countItemPairs(sessions, itemTablesCap(catalog)), countItemPairs(sessions, itemTablesCap(catalog), 7), ...(seed === 1 ? [countItemPairs(sessions, 5, 50)] : [])]) {
          const got = buildItemTables(sessions, ids, catalog, share, counts);
          const what = `seed ${seed}, catalog ${catalog}, share ${share}, cap ${counts.cap}`;
          assert.deepEqual([got.kept.successors[1], got.kept.covisit[1]], [want.kept.successors[1], want.kept.covisit[1]], `${what}: the same entries counted`);
          if (counts.cap >= Math.max(counts.succSeen, counts.covSeen)) assert.equal(got.text, want.text, `${what}: nothing cut, the same file`);
          else {
            // cut lists: the bisection runs over the kept entries, to 1/512 of them where the Map-based one ran to 1/512 of all counted
            assert.ok(got.gzipBytes <= got.budgetBytes, what);
            for (const t of ['successors', 'covisit'] as const) assert.ok(Math.abs(got.kept[t][0] - want.kept[t][0]) <= Math.max(2, want.kept[t][1] >> 9), `${what}: ${t} ${got.kept[t][0]} vs ${want.kept[t][0]}`);
          }
        }
      }
    const pairs = oracle.countItemPairs(sessions).covisit;
    const both = new Map<number, Map<number, number>>();
    for (const [a, m] of pairs) for (const [b, c] of m) (both.get(a) ?? both.set(a, new Map()).get(a)!).set(b, c), (both.get(b) ?? both.set(b, new Map()).get(b)!).set(a, c);
    for (const [top, min] of [[Infinity, 1], [3, 2]] as const) {
      const got = covisitNeighbours(sessions, top, min, 11);
      for (const [a, m] of both) {
        const want = [...m].filter(([, c]) => c >= min).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, top);
        assert.deepEqual(got.has(a) ? [...got.get(a)!.items].map((b, k) => [b, got.get(a)!.counts[k]]) : [], want, `item ${a}`);
      }
      for (const a of got.keys()) assert.ok(both.has(a));
    }
  }
});

test('the tables file reads back to P(next | item) and P(neighbour in the session | item in it), both ways; malformed files are refused', () => {
  const ids = ['x', 'y', 'z', 'w'];
  const built = buildItemTables([session('a', [0, 1, 0, 2]), session('b', [0, 1]), session('c', [3, 0])], ids, 50_000);
  const t = decodeItemTables(JSON.parse(built.text));
  const succ = t.successors.get('x')!;
  assert.deepEqual(succ.keys, ['y', 'z']);
  assert.deepEqual(Array.from(succ.weights), [Math.fround(2 / 3), Math.fround(1 / 3)]);
  const weight = (a: string, b: string) => { const l = t.covisit.get(a)!; return l.weights[l.keys.indexOf(b)]; };
  // x is in 3 sessions, y in 2 (both with x), z in 1, w in 1
  assert.equal(weight('x', 'y'), Math.fround(2 / 3));
  assert.equal(weight('y', 'x'), 1);
  assert.equal(weight('x', 'w'), Math.fround(1 / 3));
  assert.equal(weight('w', 'x'), 1);
  assert.equal(weight('z', 'y'), 1);
  assert.equal(t.covisit.get('x')!.keys.length, 3);
  const good = JSON.parse(built.text);
  assert.deepEqual(good.ids, ['w', 'x', 'y', 'z'], 'ids sorted (front-coded)');
  const first = good.covisit[0];
  for (const bad of [{ ...good, v: 1 }, { ...good, ids: [1, 2] }, { ...good, sessions: good.sessions.slice(1) }, { ...good, sessions: good.sessions.map(() => 0) }, { ...good, successors: [[0]] }, { ...good, successors: [[0, 1, 99, 1]] }, { ...good, covisit: [[0, 1, 99]] }, { ...good, covisit: [[first[0], 0, 1]] }, { ...good, shared: good.shared.map(() => 9) }, { ...good, ids: [...good.ids].reverse(), shared: good.shared.map(() => 0) }, { ...good, covisit: [[0, 1, 1000]] }, null])
    assert.throws(() => decodeItemTables(bad), /item-to-item tables/);
});

test('the tables keep to the gzip budget of their store size, the heaviest pairs first', () => {
  const rng = new Rng(3);
  const sessions = Array.from({ length: 3000 }, (_, s) => session(`s${s}`, Array.from({ length: 2 + Math.floor(rng.next() * 8) }, () => Math.floor(Math.pow(rng.next(), 2) * 2000))));
  const ids = Array.from({ length: 2000 }, (_, i) => `sku-${100000 + i * 7}`);
  const built = buildItemTables(sessions, ids, 2000);
  const budget = Math.floor((ITEM_TABLES_BUDGET_PER_50K * 2000) / 50_000);
  assert.equal(built.budgetBytes, budget);
  assert.ok(built.gzipBytes <= budget && gzipSync(built.text, { level: 9 }).length === built.gzipBytes, `${built.gzipBytes} <= ${budget}`);
  assert.ok(built.kept.covisit[0] < built.kept.covisit[1], 'the budget cut co-visits');
  assert.ok(built.gzipBytes > budget * 0.8, 'and the budget is used');
});

test('the item-to-item part: successors of the newest item, each distinct item and its co-visits by recency', () => {
  const nb = (keys: string[], w: number[]) => ({ keys, weights: Float32Array.from(w) });
  const tables = { successors: new Map([['a', nb(['b', 'c'], [0.75, 0.25])], ['b', nb(['z'], [1])]]), covisit: new Map([['a', nb(['c'], [0.5])], ['b', nb(['c', 'd'], [0.5, 0.5])]]) };
  const mix: Mix = { twoTower: 1, repeat: 0, successors: 2, covisit: 4 };
  const out = new Map<string, number>();
  addItemToItem(tables, mix, ['a', 'b', 'a'], 3, out);
  assert.ok(Math.abs(out.get('b')! - (1.5 + 4 * linearDecay(1))) < 1e-6, 'a successor, and a history item itself');
  assert.ok(Math.abs(out.get('a')! - 4 * linearDecay(0)) < 1e-6, 'a history item counts once, at its newest position');
  assert.equal(out.has('z'), false, 'only the newest item\'s successors');
  assert.ok(Math.abs(out.get('c')! - (0.5 + 4 * (0.5 * linearDecay(0) + 0.5 * linearDecay(1)))) < 1e-6);
  assert.ok(Math.abs(out.get('d')! - 4 * 0.5 * linearDecay(1)) < 1e-6);
});

test('the fitted mix is never below its best part on the validation split', () => {
  const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 64, historyLength: 5 };
  const items = new ItemTable();
  for (let i = 0; i < 40; i++) items.intern(`p${i}`);
  const tok = packItemTokens(items, spec);
  const rng = new Rng(5);
  // sessions that walk a ring of items: the successor table knows the next item, the random tables do not
  const walk = (s: number) => session(`s${s}`, Array.from({ length: 6 }, (_, j) => (s * 7 + j) % 40));
  const train = Array.from({ length: 60 }, (_, s) => walk(s));
  const validation = Array.from({ length: 15 }, (_, s) => walk(100 + s));
  const dim = 4;
  const tables = { dim, item: Float32Array.from({ length: 64 * dim }, () => rng.normal()), ctx: Float32Array.from({ length: 64 * dim }, () => rng.normal()), items: buildItemTables(train, items.ids, 40).tables };
  const r = fitMix(validation, spec, tok, tables, Int32Array.from({ length: 40 }, (_, i) => i), items.ids, ['twoTower', 'successors', 'covisit']);
  const objective = (x: { 'HR@20': number; 'MRR@20': number }) => x['HR@20'] + x['MRR@20'];
  const fitted = r.rows.find((x) => x.name === 'fitted mix')!;
  for (const row of r.rows) assert.ok(objective(fitted) >= objective(row), `${row.name}`);
  assert.ok(r.mix.successors > 0, `the successors part is used: ${JSON.stringify(r.mix)}`);
  assert.ok(fitted['MRR@20'] > 0.9, `the ring is learned: ${fitted['MRR@20']}`);
  assert.equal(r.events, 15 * 5);
  assert.deepEqual(IDENTITY_MIX, { twoTower: 1, repeat: 1, successors: 0, covisit: 0 });
});

test('a fit replaces another only when clearly better on the same events (two standard errors of the paired difference)', () => {
  const base = Float64Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 1.5 : 0));
  const noise = Float64Array.from(base, (v, i) => v + (i % 2 ? 0.01 : -0.01));
  assert.equal(clearlyBetter(noise, base), false, 'differences that cancel out');
  const few = Float64Array.from(base, (v, i) => v + (i === 7 ? 0.5 : 0));
  assert.equal(clearlyBetter(few, base), false, 'one event better');
  const many = Float64Array.from(base, (v, i) => v + (i % 4 === 0 ? 0.2 : 0));
  assert.equal(clearlyBetter(many, base), true, 'a hundred events better');
  assert.equal(clearlyBetter(base, many), false);
  const d = pairedDifference(many, base);
  assert.ok(Math.abs(d.mean - 0.05) < 1e-12 && d.se > 0);
});
