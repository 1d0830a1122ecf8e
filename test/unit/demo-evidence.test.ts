// The demo's evidence and personas (demo/make/): the HR@k curve of eval --json, the bootstrap, the
// held-out replay on listing pages, and the persona rule and names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RankCurve } from '../../cli/eval/curve';
import { Metrics } from '../../cli/eval/metrics';
import { evaluate, evaluateSlices } from '../../cli/eval/protocol';
import { popularityScorer } from '../../cli/eval/scorers';
import { loadData } from '../../cli/load';
import { Rng } from '../../cli/train/rng';
import { bootstrap } from '../../demo/make/bootstrap';
import { replay, REPLAY_DEFAULTS } from '../../demo/make/replay';
import { describe, pickPersonas, type PersonaStep } from '../../demo/make/personas';
import type { Session } from '../../cli/events';

test('eval curve: HR@k and MRR@k for k = 1..20 on hand-computed ranks, equal to the table columns at 10 and 20', () => {
  const c = new RankCurve();
  for (const r of [1, 3, 20, 21, Infinity]) c.add(r);
  const out = c.curve('x');
  assert.deepEqual(out.k, Array.from({ length: 20 }, (_, i) => i + 1));
  assert.equal(out.n, 5);
  assert.equal(out.hr[0], 0.2);
  assert.equal(out.hr[1], 0.2);
  assert.equal(out.hr[2], 0.4);
  assert.equal(out.hr[19], 0.6);
  assert.equal(out.mrr[19], Math.round(((1 + 1 / 3 + 1 / 20) / 5) * 1e4) / 1e4);
  // against the table's own accumulator on random ranks
  const rng = new Rng(7);
  const m = new Metrics();
  const c2 = new RankCurve();
  for (let i = 0; i < 500; i++) {
    const r = rng.next() < 0.2 ? Infinity : 1 + Math.floor(rng.next() * 40);
    m.add(r);
    c2.add(r);
  }
  const row = m.row('y');
  const curve = c2.curve('y');
  assert.equal(curve.hr[9], row['HR@10']);
  assert.equal(curve.hr[19], row['HR@20']);
  assert.equal(curve.mrr[19], row['MRR@20']);
  for (let k = 1; k < 20; k++) assert.ok(curve.hr[k] >= curve.hr[k - 1] && curve.mrr[k] >= curve.mrr[k - 1], 'curves never fall');
});

test('eval: evaluateSlices returns one curve per method (what --json writes under curves)', () => {
  const mk = (items: number[]): Session => ({ id: '', items: Int32Array.from(items), types: new Uint8Array(items.length), first: 0, end: 0 });
  const candidates = Int32Array.from([0, 1, 2]);
  const inTrain = Uint8Array.from([1, 1, 1]);
  const methods = [{ name: 'popularity', score: popularityScorer(Float64Array.from([3, 2, 1]), candidates), idOnly: true }];
  const test = [mk([0, 1, 2]), mk([2, 0])];
  const ev = evaluateSlices(test, candidates, inTrain, methods, []);
  assert.deepEqual(ev.rows, evaluate(test, candidates, inTrain, methods));
  assert.equal(ev.curves.length, 1);
  // targets 1 (rank 2), 2 (rank 3), 0 (rank 1)
  assert.deepEqual(ev.curves[0].hr.slice(0, 3), [0.3333, 0.6667, 1]);
});

test('bootstrap: the interval holds the statistic, is seeded, and is a point for constant data', () => {
  const mean = (g: readonly number[]) => g.reduce((s, x) => s + x, 0) / g.length;
  const flat = bootstrap([2, 2, 2, 2], mean, 200);
  assert.deepEqual(flat, { mean: 2, lo: 2, hi: 2 });
  const rng = new Rng(3);
  const data = Array.from({ length: 200 }, () => rng.next() * 10);
  const a = bootstrap(data, mean, 500, 9);
  assert.deepEqual(bootstrap(data, mean, 500, 9), a);
  assert.ok(a.lo < a.mean && a.mean < a.hi, JSON.stringify(a));
  // the standard error of a uniform(0,10) mean over 200 is about 0.2: a 95% interval about 0.8 wide
  assert.ok(a.hi - a.lo > 0.4 && a.hi - a.lo < 1.6, JSON.stringify(a));
});

async function dataset(rows: { test: string[]; train: string[]; catalog: string[] }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-demo-unit-'));
  // times in the rows are seconds after 2020-09-13 (the CLI reads unix seconds from 1990 on)
  const at = (lines: string[]) => lines.map((l) => l.split(',').map((v, i) => (i === 2 ? String(1_600_000_000 + Number(v)) : v)).join(','));
  const w = (name: string, header: string, lines: string[]) => (writeFileSync(path.join(dir, name), [header, ...lines].join('\n') + '\n'), path.join(dir, name));
  return loadData({
    train: w('train.csv', 'session,item,time,type', at(rows.train)),
    test: w('test.csv', 'session,item,time,type', at(rows.test)),
    catalog: w('catalog.csv', 'item,title,category,brand,price', rows.catalog),
    keepIds: true,
  });
}

test('replay: the next click on its category page, page order vs the SDK order (default blend), from the scores', async () => {
  // category a.b with 10 products; x0 the most popular ... x9 the least
  const catalog = Array.from({ length: 10 }, (_, i) => `x${i},,a.b.c,acme,10`).concat(['y0,,z.q,acme,10']);
  const train = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 - i }, (_, j) => `t${i}-${j},x${i},${1000 + j},view`)).flat();
  const data = await dataset({ catalog, train, test: ['s1,x0,2000,view', 's1,x9,2001,view', 's2,x0,2000,view', 's2,y0,2001,view'] });
  const x9 = data.candidates.indexOf(data.items.get('x9')!);
  const r = replay(data, (_s, _p, out) => (out.fill(0), (out[x9] = 1)));
  assert.equal(r.predictions, 2);
  assert.equal(r.n, 1, 'y0 has no listing page (its category has 1 product): not replayed');
  assert.equal(r.position.page.mean, 10);
  // key = 0.3 * pageRank + 0.7 * scoreRank (over 9): x9 -> 0.3, x0..x2 -> 0.078, 0.189, 0.3 (a tie keeps page order)
  assert.equal(r.position.personalised.mean, 4);
  assert.equal(r.firstRow.page.mean, 0);
  assert.equal(r.firstRow.personalised.mean, 1);
  assert.equal(r.cdf.k.length, REPLAY_DEFAULTS.pageSize);
  assert.equal(r.cdf.personalised[3], 1);
  assert.equal(r.cdf.page[8], 0);
  const again = replay(data, (_s, _p, out) => (out.fill(0), (out[x9] = 1)), undefined, { newProducts: true });
  assert.equal(again.n, 1);
  const repeat = await dataset({ catalog, train, test: ['s1,x9,2000,view', 's1,x9,2001,click'] });
  assert.equal(replay(repeat, (_s, _p, out) => out.fill(0), undefined, { newProducts: true }).n, 0, 'a return to a product already seen is not a new product');
});

test('personas: one rule (steps, focus, shelf), one per category, the most distinct products; named by what they did', async () => {
  const catalog = ['p1,,electronics.smartphone,samsung,200', 'p2,,electronics.smartphone,apple,900', 'p3,,electronics.smartphone,samsung,300', 'c1,,electronics.audio.headphone,sony,50', 'k1,,kids.toys,lego,20'];
  const test = [
    // focused on smartphones, 3 distinct: wins its category
    's-a,p1,1,view', 's-a,p1,2,view', 's-a,p2,3,view', 's-a,p3,4,view', 's-a,p3,5,add_to_cart',
    // focused on smartphones too, fewer distinct products
    's-b,p1,1,view', 's-b,p2,2,view', 's-b,p1,3,view',
    // not focused (2 of 4 in one category)
    's-c,p1,1,view', 's-c,c1,2,view', 's-c,k1,3,view', 's-c,p2,4,view',
    // focused, but on a category the shelf does not show
    's-d,k1,1,view', 's-d,k1,2,click', 's-d,k1,3,purchase',
    // too short
    's-e,c1,1,view', 's-e,c1,2,add_to_cart',
  ];
  const data = await dataset({ catalog, train: ['t,p1,0,view'], test });
  const personas = pickPersonas(data, new Set(['electronics.smartphone', 'electronics.audio']));
  assert.equal(personas.length, 1);
  assert.equal(personas[0].session, 's-a');
  assert.equal(personas[0].category, 'electronics.smartphone');
  assert.deepEqual(personas[0].steps.map((s) => `${s.item}:${s.type}`), ['p1:view', 'p2:view', 'p3:view', 'p3:add_to_cart'], 'consecutive repeats merged');
  assert.equal(personas[0].name, 'Looked at 3 smartphones (Samsung, Apple), then put one in the cart');
  assert.equal(personas[0].steps[0].title, 'Samsung smartphone (200.00)');
});

test('persona names: kinds, brands, it / them, at most three runs', () => {
  const s = (item: string, type: PersonaStep['type'], category: string, brand?: string): PersonaStep => ({ item, type, category, brand, title: item });
  assert.equal(describe([s('a', 'view', 'x.oven', 'bosch'), s('a', 'purchase', 'x.oven', 'bosch')]), 'Looked at an oven (Bosch), then bought it');
  assert.equal(describe([s('a', 'view', 'x.tv'), s('b', 'view', 'x.tv'), s('a', 'add_to_cart', 'x.tv'), s('b', 'add_to_cart', 'x.tv')]), 'Looked at 2 tvs, then put them in the cart');
  assert.equal(
    describe([s('a', 'view', 'x.tv'), s('b', 'add_to_cart', 'x.oven'), s('c', 'view', 'x.tv'), s('d', 'purchase', 'x.tv')]),
    'Looked at a tv, then put an oven in the cart, then looked at a tv, …',
  );
});
