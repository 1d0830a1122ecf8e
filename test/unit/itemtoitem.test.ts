import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features';
import { addItemToItem, decodeItemTables, IDENTITY_MIX, linearDecay, type Mix } from '../../src/model/arch/itemtoitem';
import type { Session } from '../../cli/events';
import { ItemTable } from '../../cli/items';
import { buildItemTables, countItemPairs, ITEM_TABLES_BUDGET_PER_50K } from '../../cli/train/itemtoitem';
import { fitMix } from '../../cli/train/mix';
import { Rng } from '../../cli/train/rng';
import { packItemTokens } from '../../cli/train/tokens';

const session = (id: string, items: number[]): Session => ({ id, items: Int32Array.from(items), types: new Uint8Array(items.length), times: Float64Array.from(items, (_, i) => i) });

test('successors keep repeats and count each step; co-visitation weighs 1 / distance both ways', () => {
  const { successors, covisit } = countItemPairs([session('a', [1, 1, 2, 3]), session('b', [1, 2])], 10);
  assert.deepEqual([...successors.rows.get(1)!], [[1, 1], [2, 2]]);
  assert.deepEqual([...covisit.rows.get(1)!].sort(), [[2, 0.5 + 1 + 1], [3, 1 / 3 + 0.5]].sort());
  assert.equal(covisit.rows.get(3)!.get(1), 1 / 3 + 0.5);
  assert.equal(covisit.rows.get(1)!.has(1), false, 'an item is not its own co-visit');
});

test('the tables file reads back to P(next | item) and row-normalised co-visits; malformed files are refused', () => {
  const ids = ['x', 'y', 'z', 'w'];
  const built = buildItemTables([session('a', [0, 1, 0, 2]), session('b', [0, 1]), session('c', [3, 0])], ids, 50_000, 5);
  const t = decodeItemTables(JSON.parse(built.text));
  const succ = t.successors.get('x')!;
  assert.deepEqual(succ.keys, ['y', 'z']);
  assert.deepEqual(Array.from(succ.weights), [Math.fround(2 / 3), Math.fround(1 / 3)]);
  const cov = t.covisit.get('x')!;
  let sum = 0;
  cov.weights.forEach((w) => (sum += w));
  assert.ok(Math.abs(sum - 1) < 0.02, `co-visits of x sum to 1 (${sum})`);
  const good = JSON.parse(built.text);
  for (const bad of [{ ...good, v: 2 }, { ...good, ids: [1, 2] }, { ...good, successors: [[0]] }, { ...good, successors: [[0, 1, 99, 1]] }, { ...good, covisit: [[0, 1, 1, 5]] }, null])
    assert.throws(() => decodeItemTables(bad), /item-to-item tables/);
});

test('the tables keep to the gzip budget of their store size, the heaviest pairs first', () => {
  const rng = new Rng(3);
  const sessions = Array.from({ length: 3000 }, (_, s) => session(`s${s}`, Array.from({ length: 2 + Math.floor(rng.next() * 8) }, () => Math.floor(Math.pow(rng.next(), 2) * 2000))));
  const ids = Array.from({ length: 2000 }, (_, i) => `sku-${100000 + i * 7}`);
  const built = buildItemTables(sessions, ids, 2000, 20);
  const budget = Math.floor((ITEM_TABLES_BUDGET_PER_50K * 2000) / 50_000);
  assert.equal(built.budgetBytes, budget);
  assert.ok(built.gzipBytes <= budget && gzipSync(built.text, { level: 9 }).length === built.gzipBytes, `${built.gzipBytes} <= ${budget}`);
  assert.ok(built.kept.covisit[0] < built.kept.covisit[1], 'the budget cut co-visits');
  assert.ok(built.gzipBytes > budget * 0.8, 'and the budget is used');
});

test('the item-to-item part: successors of the newest item, co-visits of each distinct item by recency', () => {
  const nb = (keys: string[], w: number[]) => ({ keys, weights: Float32Array.from(w) });
  const tables = { successors: new Map([['a', nb(['b', 'c'], [0.75, 0.25])], ['b', nb(['z'], [1])]]), covisit: new Map([['a', nb(['c'], [0.5])], ['b', nb(['c', 'd'], [0.5, 0.5])]]) };
  const mix: Mix = { twoTower: 1, repeat: 0, successors: 2, covisit: 4 };
  const out = new Map<string, number>();
  addItemToItem(tables, mix, ['a', 'b', 'a'], 3, out);
  assert.equal(out.get('b'), 1.5);
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
  const tables = { dim, item: Float32Array.from({ length: 64 * dim }, () => rng.normal()), ctx: Float32Array.from({ length: 64 * dim }, () => rng.normal()), items: buildItemTables(train, items.ids, 40, 5).tables };
  const r = fitMix(validation, spec, tok, tables, Int32Array.from({ length: 40 }, (_, i) => i), items.ids, ['twoTower', 'successors', 'covisit']);
  const objective = (x: { 'HR@20': number; 'MRR@20': number }) => x['HR@20'] + x['MRR@20'];
  const fitted = r.rows.find((x) => x.name === 'fitted mix')!;
  for (const row of r.rows) assert.ok(objective(fitted) >= objective(row), `${row.name}`);
  assert.ok(r.mix.successors > 0, `the successors part is used: ${JSON.stringify(r.mix)}`);
  assert.ok(fitted['MRR@20'] > 0.9, `the ring is learned: ${fitted['MRR@20']}`);
  assert.equal(r.events, 15 * 5);
  assert.deepEqual(IDENTITY_MIX, { twoTower: 1, repeat: 1, successors: 0, covisit: 0 });
});
