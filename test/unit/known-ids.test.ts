import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec, type HistoryEvent, type ItemAttrs } from '../../src/features';
import { itemBuckets, itemTokens } from '../../src/features/tokens';
import { buildKnownIds, decodeKnownIds, encodeKnownIds, knownId, knownTest, KNOWN_BITS_PER_ID } from '../../src/model/arch/known';
import { scoreEvents } from '../../src/model/arch/job';
import { withItemParts } from '../../src/model/arch/tensors';
import { readTables } from '../../src/model/runtime/tables';
import type { ModelManifest } from '../../src/model/format';
import { KNOWN_IDS_FILE, readModelFolder, writeModelFolder } from '../../cli/model-io';
import { Rng } from '../../cli/train/rng';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 256 };
const dim = 8;
const table = (seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: spec.buckets * dim }, () => rng.normal() * 0.3);
};

test('known-id filter: no false negatives, false-positive rate within the Bloom bound', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `sku-${i}`);
  const f = buildKnownIds(ids);
  for (const id of ids) assert.ok(knownId(f, id), id);
  let fp = 0;
  const trials = 50_000;
  for (let i = 0; i < trials; i++) if (knownId(f, `other-${i}`)) fp++;
  // (1 - e^(-k n / m))^k with k = 7, m / n = 10: 0.82%; allow sampling noise
  const bound = Math.pow(1 - Math.exp(-f.k * ids.length / f.m), f.k);
  assert.ok(bound < 0.01, `bound ${bound}`);
  assert.ok(fp / trials < bound * 1.5, `false positives ${fp / trials} vs bound ${bound}`);
  // size: KNOWN_BITS_PER_ID bits per id (plus a 16-byte header): 62.5 KB per 50k items, far under the 300 KB gzip budget
  assert.equal(encodeKnownIds(f).length, 16 + (ids.length * KNOWN_BITS_PER_ID) / 8);
});

test('known-id filter: encode / decode round trip; malformed files throw', () => {
  const f = buildKnownIds(['a', 'b', 'c', 'ü-ß'], 12, 7);
  const back = decodeKnownIds(encodeKnownIds(f));
  assert.deepEqual(back, f);
  for (const id of ['a', 'b', 'c', 'ü-ß']) assert.ok(knownId(back, id));
  const bytes = encodeKnownIds(f);
  assert.throws(() => decodeKnownIds(bytes.subarray(0, bytes.length - 1)), /bytes for k=/);
  const wrongMagic = bytes.slice();
  wrongMagic[0] = 0;
  assert.throws(() => decodeKnownIds(wrongMagic), /not a VKID file/);
  const wrongVersion = bytes.slice();
  wrongVersion[4] = 9;
  assert.throws(() => decodeKnownIds(wrongVersion), /version 9/);
});

test('tokens: an id the filter rejects is left out, its content renormalised (the item is its content alone)', () => {
  const f = buildKnownIds(['seen']);
  const item = (id: string): ItemAttrs => ({ id, category: 'shoes > running', brand: 'acme' });
  const seen = itemTokens(item('seen'), spec, knownTest(f));
  assert.ok(seen.some((t) => t.token === 'id:seen'));
  const unseen = itemTokens(item('never'), spec, knownTest(f));
  assert.deepEqual(unseen, itemTokens(item('never'), { ...spec, fieldWeights: { ...spec.fieldWeights, id: 0 } }));
  assert.ok(Math.abs(unseen.reduce((s, t) => s + t.weight, 0) - 1) < 1e-9);
  // no filter: every id known (the behaviour of model folders without one)
  assert.ok(itemTokens(item('never'), spec).some((t) => t.token === 'id:never'));
});

test('model folder: the filter round-trips (listed with its SHA-256), a tampered filter is rejected, no filter = every id known', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-known-'));
  const item = table(1);
  const known = buildKnownIds(['a', 'b']);
  const manifest = writeModelFolder(dir, { name: 'k', spec, tables: { dim, item, ctx: item, known } });
  assert.equal(manifest.knownIds, KNOWN_IDS_FILE);
  const bytes = readFileSync(path.join(dir, KNOWN_IDS_FILE));
  const listed = manifest.files.find((f) => f.path === KNOWN_IDS_FILE)!;
  assert.equal(listed.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(listed.bytes, bytes.length);
  const read = readModelFolder(dir);
  assert.deepEqual(read.tables.known, known);

  // the browser's reader (same withItemParts path) gives the same filter
  const files = new Map<string, ArrayBuffer>(manifest.files.map((f) => [f.path, new Uint8Array(readFileSync(path.join(dir, f.path))).buffer]));
  assert.deepEqual((await readTables(manifest, files)).known, known);

  // scores: the unknown item scores as its content alone; a known one keeps its id
  const events: HistoryEvent[] = [{ item: 'a', type: 'view', time: 1, attrs: { category: 'x' } }];
  const cands: ItemAttrs[] = [{ id: 'a', category: 'x' }, { id: 'zzz', category: 'x' }, { id: 'zzz-other', category: 'x' }];
  const s = scoreEvents(events, cands, spec, read.tables);
  assert.ok(Math.abs(s[1] - s[2]) < 1e-6, 'two unknown items with the same content score the same');
  const noFilter = scoreEvents(events, cands, spec, { ...read.tables, known: undefined });
  assert.ok(Math.abs(noFilter[1] - noFilter[2]) > 1e-6, 'without the filter their ids hash into different rows');
  assert.equal(s[0], noFilter[0]);

  // tampered: one bit flipped
  const tampered = Buffer.from(bytes);
  tampered[tampered.length - 1] ^= 1;
  writeFileSync(path.join(dir, KNOWN_IDS_FILE), tampered);
  assert.throws(() => readModelFolder(dir), /SHA-256 does not match/);

  // no filter written: the manifest has no knownIds, the file goes, every id counts as known
  const plain = writeModelFolder(dir, { name: 'k', spec, tables: { dim, item, ctx: item } });
  assert.equal(plain.knownIds, undefined);
  assert.ok(!plain.files.some((f) => f.path === KNOWN_IDS_FILE));
  assert.equal(readModelFolder(dir).tables.known, undefined);
});

test('withItemParts: a manifest naming a filter that is not in the folder throws', () => {
  const item = table(2);
  const m = { knownIds: KNOWN_IDS_FILE } as Pick<ModelManifest, 'knownIds'>;
  assert.throws(() => withItemParts({ dim, item, ctx: item }, m, () => undefined), /not in the model folder/);
});

test('zero-shot overlap: a token on an untrained row shared by history and candidate raises the candidate; trained rows are unchanged', () => {
  const spec0: FeatureSpec = { ...spec, fieldWeights: { ...spec.fieldWeights, id: 0 } };
  const events: HistoryEvent[] = [{ item: 'h', type: 'view', time: 1, attrs: { category: 'brand-new-genre', brand: 'newco' } }];
  const cands: ItemAttrs[] = [{ id: 'c1', category: 'brand-new-genre' }, { id: 'c2', category: 'another-genre' }, { id: 'c3', brand: 'newco', category: 'another-genre' }];
  // trained rows: 20 rows none of these tokens reads; the rest untrained (all zero)
  const used = new Set([events[0].attrs!, ...cands].flatMap((i) => itemBuckets(i as ItemAttrs, spec0).map((t) => t.bucket)));
  const item = new Float32Array(spec.buckets * dim);
  const rng = new Rng(4);
  for (let r = 0, n = 0; n < 20; r++) if (!used.has(r)) (n++, item.set(Array.from({ length: dim }, () => rng.normal()), r * dim));
  const tables = { dim, item, ctx: item };
  const on = scoreEvents(events, cands, spec0, tables);
  const off = scoreEvents(events, cands, spec0, { ...tables, overlap: false });
  assert.ok(on[0] > on[1] && on[2] > on[1], `shared unseen tokens count: ${Array.from(on)}`);
  assert.ok(Math.abs(off[0] - off[1]) < 1e-6, 'without the term they are not told apart');
});
