import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentCoverage, knowsContent } from '../../src/model/runtime/coverage';
import { trackCoverage } from '../../src/core/coverage';
import { bucketOf } from '../../src/features/hash';
import type { FeatureSpec } from '../../src/features/spec';
import type { TowerTables } from '../../src/model/arch/types';
import type { ItemAttrs } from '../../src/features/types';

const spec: FeatureSpec = {
  buckets: 4096,
  seed: 7,
  fieldWeights: { id: 1, category: 1, brand: 0.5, price: 0.5, title: 0 },
  categoryLevels: 2,
  titleTokens: 8,
  priceBandsPerOctave: 2,
  historyLength: 10,
  recencyHalfLife: 1,
  typeWeights: { view: 1, click: 1, add_to_cart: 2, purchase: 3 },
} as FeatureSpec;

/** A table whose only trained rows are those of `tokens` (every other row zero, as the trainer leaves rows it never updated). */
function tables(tokens: string[]): TowerTables {
  const dim = 4;
  const item = new Float32Array(spec.buckets * dim);
  for (const t of tokens) item[bucketOf(t, spec.buckets, spec.seed) * dim + 2] = 0.5;
  return { dim, item, ctx: item };
}

test('knowsContent: a trained category, brand row counts; an id or a price band alone does not; titles only when weighted', () => {
  const t = tables(['c:shoes', 'b:acme']);
  const unknown = (item: ItemAttrs) => !knowsContent(t, spec, item);
  assert.equal(knowsContent(t, spec, { id: 'x', category: 'Shoes > Running' }), true, 'its first category level is known');
  assert.equal(knowsContent(t, spec, { id: 'x', brand: 'ACME' }), true, 'brands are normalised like the model does');
  const trainedRows = new Set(['c:shoes', 'b:acme'].map((tok) => bucketOf(tok, spec.buckets, spec.seed)));
  const clear = (tok: string) => !trainedRows.has(bucketOf(tok, spec.buckets, spec.seed));
  // a token hashing onto a trained row counts as known (hashing cannot tell): these do not collide with this seed
  assert.ok(clear('c:sports') && clear('c:sports.jackets') && clear('b:northpeak'));
  assert.ok(unknown({ id: 'x', category: 'Sports > Jackets', brand: 'Northpeak', price: 120 }), 'unseen words, a price band and an id: unknown');
  assert.ok(unknown({ id: 'only-an-id' }), 'no content: unknown');
  const idKnown = tables(['id:SKU-1']);
  assert.equal(knowsContent(idKnown, spec, { id: 'SKU-1' }), false, 'an id is not content');
});

test('contentCoverage and trackCoverage: the share of the page items the model knows nothing about, one warning above half', () => {
  const warnings: string[] = [];
  const debug: string[] = [];
  const check = contentCoverage((a) => a.category === 'known', 'm-1', { warn: (m) => warnings.push(m), debug: (m) => debug.push(m) });
  const model = { coverage: check };
  const cov = trackCoverage();
  assert.equal(cov.summary(), null, 'nothing before the model saw the page');
  cov.add([{ id: 'a', category: 'known' }, { id: 'b' }, { id: 'b' }]);
  cov.check(model);
  assert.deepEqual(cov.summary(), { items: 2, unknown: 1, share: 0.5 });
  assert.deepEqual(warnings, [], 'too few items to judge, and not above half');
  cov.add([{ id: 'c' }, { id: 'd' }, { id: 'e', category: 'known' }]);
  cov.check(model);
  assert.deepEqual(cov.summary(), { items: 5, unknown: 3, share: 0.6 });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /3 of 5 items on this page .* model m-1 never saw/);
  cov.add([{ id: 'f' }]);
  cov.check(model);
  assert.equal(warnings.length, 1, 'said once per page view');
  assert.ok(debug.length >= 3, 'each check is a debug line');
});
