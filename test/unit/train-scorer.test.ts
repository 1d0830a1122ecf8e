import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_SPEC, EVENT_TYPES, type FeatureSpec, type HistoryEvent } from '../../src/features';
import { scoreEvents } from '../../src/model/arch/job';
import type { TowerTables } from '../../src/model/arch/types';
import type { Session } from '../../cli/events';
import { modelScorer } from '../../cli/eval/model-scorer';
import { ItemTable } from '../../cli/items';
import { initSeq } from '../../cli/train/loop';
import { SEQ_KEYS } from '../../cli/train/model';
import { Rng } from '../../cli/train/rng';
import { packItemTokens } from '../../cli/train/tokens';
import { buildItemTables } from '../../cli/train/itemtoitem';
import { buildKnownIds } from '../../src/model/arch/known';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 128, historyLength: 6 };
const dim = 7;

/** The eval's scorer (session indices, a fixed candidate set) gives the browser path's scores (events and attributes), repeats and long histories included. */
test('modelScorer equals scoreEvents on random data (v1 and v2)', () => {
  const rng = new Rng(11);
  const items = new ItemTable();
  for (let i = 0; i < 30; i++) {
    items.intern(`sku${i}`);
    if (i % 4) items.attrs[i] = { category: `c${i % 3}.d${i % 5}`, brand: i % 2 ? 'acme' : undefined, price: 3 + i * 2 };
  }
  const tok = packItemTokens(items, spec);
  const candidates = Int32Array.from({ length: 25 }, (_, i) => i + 3); // items 0..2 are not candidates
  const sessions: Session[] = Array.from({ length: 6 }, (_, s) => {
    const len = 2 + ((s * 3) % 11); // up to 12 events, longer than historyLength
    const seq = Int32Array.from({ length: len }, () => Math.floor(rng.next() * (s % 2 ? 6 : 30))); // odd sessions repeat a lot
    return { id: `s${s}`, items: seq, types: Uint8Array.from(seq, () => Math.floor(rng.next() * 4)), first: 0, end: seq.length - 1 };
  });
  const table = () => Float32Array.from({ length: spec.buckets * dim }, () => rng.normal() * 0.4);
  const seq = initSeq(spec, { repeat: true });
  for (const k of SEQ_KEYS) seq[k].forEach((_, i, a) => (a[i] = rng.normal() * 0.7));
  const variants: [string, TowerTables][] = [
    ['v1', { dim, item: table(), ctx: table() }],
    ['v2', { dim, item: table(), ctx: table(), seq }],
  ];
  // the mix and item-to-item tables of the sessions themselves (repeats and neighbours in every history)
  const items2 = buildItemTables(sessions, items.ids, items.size).tables;
  assert.ok(items2.successors.size > 5 && items2.covisit.size > 5);
  variants.push(['v2 + mix + item-to-item', { dim, item: table(), ctx: table(), seq, mix: { twoTower: 0.5, repeat: 2, successors: 3, covisit: 0.25 }, items: items2 }]);
  variants.push(['v1 + item-to-item', { dim, item: table(), ctx: table(), mix: { twoTower: 0, repeat: 0, successors: 1, covisit: 1 }, items: items2 }]);
  // a known-id filter (half the ids never trained) and untrained rows (all zero: the zero-shot overlap term reads them)
  const sparse = (t: Float32Array) => (t.forEach((_, i) => Math.floor(i / dim) % 3 === 0 && (t[i] = 0)), t);
  const shared = sparse(table());
  const known = buildKnownIds(items.ids.filter((_, i) => i % 2 === 0));
  variants.push(['v2 + known-id filter + untrained rows', { dim, item: shared, ctx: shared, seq, known }]);
  variants.push(['v2 + mix + filter + untrained rows (two tables)', { dim, item: sparse(table()), ctx: sparse(table()), seq, mix: { twoTower: 0.5, repeat: 2, successors: 3, covisit: 0.25 }, items: items2, known }]);
  for (const [name, tables] of variants) {
    const score = modelScorer(spec, tables.known ? packItemTokens(items, spec, tables.known) : tok, tables, candidates, items.ids);
    const out = new Float64Array(candidates.length);
    let compared = 0;
    for (const s of sessions)
      for (let p = 1; p < s.items.length; p++) {
        score(s, p, out);
        const events: HistoryEvent[] = [];
        for (let j = p - 1; j >= 0; j--) events.push({ item: items.ids[s.items[j]], type: EVENT_TYPES[s.types[j]], time: j, attrs: items.attrs[s.items[j]] });
        const ref = scoreEvents(events, Array.from(candidates, (c) => items.item(c)), spec, tables);
        ref.forEach((r, c) => assert.ok(Math.abs(r - out[c]) < 1e-4 * (1 + Math.abs(r)), `${name} ${s.id}@${p} candidate ${c}: ${out[c]} vs reference ${r}`));
        compared++;
      }
    assert.ok(compared > 20);
  }
});
