import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_FEATURE_SPEC, EVENT_TYPES, type FeatureSpec, type HistoryEvent, type ItemAttrs } from '../../src/features';
import { prepareHistory, scoreEvents } from '../../src/model/arch/job';
import { snapshotParts } from '../../src/model/arch/snapshot';
import type { SequenceParams, TowerTables } from '../../src/model/arch/types';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_VERSION, type ShopperSnapshot } from '../../src/snapshot/format';
import { snapshotScores } from '../../src/snapshot/score';
import { readModelFolder } from '../../cli/model-io';
import { buildKnownIds, knownTest } from '../../src/model/arch/known';
import { tokenizer } from '../../src/model/arch/tokens';
import { Rng } from '../../cli/train/rng';

/** The snapshot's scores for a history, through its stored form (encode, decode), as the loader reads it. */
function viaSnapshot(events: readonly HistoryEvent[], candidates: readonly ItemAttrs[], spec: FeatureSpec, tables: TowerTables): Float32Array {
  // the history is tokenised as the runtime does: with the model's known-id filter
  const parts = snapshotParts(prepareHistory(events, spec, tables.seq, tokenizer(spec, knownTest(tables.known))), tables);
  const s: ShopperSnapshot = { v: SNAPSHOT_VERSION, model: 'm', modelVersion: 'x', features: spec, events: events.length, newest: events[0]?.time ?? 0, updatedAt: 1, ...parts };
  const read = decodeSnapshot(encodeSnapshot(s));
  assert.ok(read?.rows, 'the snapshot reads back');
  return snapshotScores(read as ShopperSnapshot & { rows: Float32Array }, candidates);
}

/** Float tolerance: float32 rows summed in float64 against the model's float64 products, both rounded to float32. */
function close(label: string, got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length, label);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]) / (1e-3 + Math.abs(want[i]));
    worst = Math.max(worst, err);
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-5 * (1 + Math.abs(want[i])), `${label} item ${i}: snapshot ${got[i]} vs model ${want[i]}`);
  }
  return worst;
}

test('snapshot scores equal the model scores: v1 and v2, shared and separate tables, repeats, mix and item-to-item tables, content-only items, empty history', () => {
  const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 307, historyLength: 7 };
  const dim = 6;
  const rng = new Rng(7);
  const t = () => Float32Array.from({ length: spec.buckets * dim }, () => rng.normal() * 0.5);
  const v = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.7);
  const items: ItemAttrs[] = Array.from({ length: 60 }, (_, k) => ({ id: `i${k}`, title: `Trail shoe ${k % 5} size ${k}`, category: `c${k % 7} > d${k % 3}`, brand: k % 4 ? `B${k % 9}` : undefined, price: 1 + ((k * 13) % 500) }));
  // neighbours of history items (and of ids no candidate has), as decodeItemTables gives them
  const nb = (ids: string[]) => ({ keys: ids, weights: Float32Array.from(ids, (_, i) => 1 / (i + 2)) });
  const itemTables = {
    successors: new Map([['i3', nb(['i3', 'i7', 'i12', 'gone'])], ['i8', nb(['i1'])]]),
    covisit: new Map([['i3', nb(['i40', 'i8'])], ['i1', nb(['i2', 'i3', 'i59'])], ['i11', nb(['i0'])]]),
  };
  const history: HistoryEvent[] = [3, 8, 3, 1, 8, 5, 2, 9, 11].map((i, j) => ({ item: `i${i}`, type: EVENT_TYPES[j % 4], time: 100 - j, attrs: { category: items[i].category, price: items[i].price } }));
  for (const shared of [false, true]) {
    for (const v2 of [false, true]) {
      const item = t();
      const seq: SequenceParams | undefined = v2 ? { attnPos: v(spec.historyLength), attnType: v(4), repPos: v(spec.historyLength), repType: v(4) } : undefined;
      const plain: TowerTables = { dim, item, ctx: shared ? item : t(), seq };
      const mixed: TowerTables = { ...plain, mix: { twoTower: 0.25, repeat: 4, successors: 2, covisit: 0.5 }, items: itemTables };
      for (const [name, tables] of [['plain', plain], ['mixed', mixed]] as const)
        for (const h of [history, history.slice(0, 1)]) {
          const candidates = [...items, { id: 'i3' }, { id: 'unknown' }];
          close(`shared=${shared} v2=${v2} ${name} n=${h.length}`, viaSnapshot(h, candidates, spec, tables), scoreEvents(h, candidates, spec, tables));
        }
      // a known-id filter (half the items trained) and untrained rows (zero: the zero-shot overlap term), through the stored form
      const item0 = t();
      for (let b = 0; b < spec.buckets; b += 3) item0.fill(0, b * dim, (b + 1) * dim);
      const known: TowerTables = { ...mixed, item: item0, ctx: shared ? item0 : mixed.ctx, known: buildKnownIds(items.filter((_, k) => k % 2).map((x) => x.id)) };
      for (const h of [history, history.slice(0, 1)]) close(`shared=${shared} v2=${v2} known n=${h.length}`, viaSnapshot(h, [...items, { id: 'unknown' }], spec, known), scoreEvents(h, [...items, { id: 'unknown' }], spec, known));
      const tables = mixed;
      assert.deepEqual(Array.from(viaSnapshot([], items.slice(0, 3), spec, tables)), [0, 0, 0], 'no history: zeros, as the model');
    }
  }
});

test('a damaged or foreign snapshot is refused, never used', () => {
  const spec = structuredClone(DEFAULT_FEATURE_SPEC);
  const good: ShopperSnapshot = { v: SNAPSHOT_VERSION, model: 'm', modelVersion: 'x', features: spec, events: 1, newest: 1, updatedAt: 1, rows: new Float32Array(spec.buckets), repeats: new Map([['a', 1]]) };
  const text = encodeSnapshot(good);
  assert.ok(decodeSnapshot(text));
  const json = JSON.parse(text);
  // a known-id filter reads back bit for bit; a damaged one makes the whole snapshot refused
  const known = buildKnownIds(['a', 'b', 'c']);
  const withKnown = decodeSnapshot(encodeSnapshot({ ...good, known }));
  assert.deepEqual(withKnown?.known, known);
  const kj = JSON.parse(encodeSnapshot({ ...good, known }));
  const badKnown = [{ ...kj.known, bits: kj.known.bits.slice(4) }, { ...kj.known, k: 0 }, { ...kj.known, m: 'x' }, { ...kj.known, bits: 7 }].map((k) => JSON.stringify({ ...kj, known: k }));
  for (const bad of [null, '', 'not json', '[]', JSON.stringify({ ...json, v: 1 }), JSON.stringify({ ...json, v: 3 }), JSON.stringify({ ...json, rows: json.rows.slice(0, 100) }), JSON.stringify({ ...json, features: { ...spec, buckets: -1 } }), JSON.stringify({ ...json, repeats: [['a', 'x']] }), JSON.stringify({ ...json, events: 'many' }), JSON.stringify({ ...json, rows: btoa('\u0000\u0000\u00c0\u007f'.repeat(spec.buckets)) }), ...badKnown]) {
    assert.equal(decodeSnapshot(bad), null, `refused: ${String(bad).slice(0, 60)}`);
  }
});

/** Sessions of a shared dataset's test split, newest event first, with the items' content where the data has it. */
function testSessions(dataset: 'rees46' | 'yoochoose'): { sessions: HistoryEvent[][]; items: ItemAttrs[] } {
  const bySession = new Map<string, HistoryEvent[]>();
  const items = new Map<string, ItemAttrs>();
  if (dataset === 'yoochoose') {
    for (const line of readFileSync('data/yoochoose-100k/test.tsv', 'utf8').trim().split('\n').slice(1)) {
      const [s, item, time] = line.split('\t');
      (bySession.get(s) ?? bySession.set(s, []).get(s)!).push({ item, type: 'click', time: Number(time) * 1000 });
      items.set(item, { id: item });
    }
  } else {
    // data/README.md: sessions that start after 02:35 are the test split
    const rows = readFileSync('data/rees46/events-2019-10-01.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const start = new Map<string, number>();
    for (const r of rows) start.set(r[8], Math.min(start.get(r[8]) ?? Infinity, Date.parse(r[0].replace(' UTC', 'Z'))));
    const cut = Date.parse('2019-10-01T02:35:00Z');
    for (const [time, type, item, , category, brand, price, , s] of rows) {
      if (start.get(s)! <= cut) continue;
      const attrs = { ...(category ? { category } : {}), ...(brand ? { brand } : {}), price: Number(price) };
      (bySession.get(s) ?? bySession.set(s, []).get(s)!).push({ item, type: type === 'cart' ? 'add_to_cart' : type === 'purchase' ? 'purchase' : 'view', time: Date.parse(time.replace(' UTC', 'Z')), attrs });
      items.set(item, { id: item, ...attrs });
    }
  }
  // newest first; events that share a time keep their file order (the later line is the newer event), as the CLI reads them
  const sessions = [...bySession.values()].filter((s) => s.length >= 2).map((s) => s.reverse().sort((a, b) => b.time - a.time));
  return { sessions, items: [...items.values()] };
}

for (const folder of ['models/base', 'models/demo']) {
  for (const dataset of ['rees46', 'yoochoose'] as const) {
    test(`snapshot scores equal ${folder}'s scores on the ${dataset} test split (every session, 300 candidates each)`, () => {
      const { manifest, tables } = readModelFolder(folder);
      const { sessions, items } = testSessions(dataset);
      let worst = 0;
      sessions.forEach((events, k) => {
        const candidates = Array.from({ length: 300 }, (_, i) => items[(k * 7919 + i * 104729) % items.length]);
        worst = Math.max(worst, close(`${dataset} session ${k}`, viaSnapshot(events, candidates, manifest.features, tables), scoreEvents(events, candidates, manifest.features, tables)));
      });
      console.log(`# ${folder} on ${dataset}: ${sessions.length} sessions, worst relative difference ${worst.toExponential(2)}`);
    });
  }
}
