import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec, type HistoryEvent, type ItemAttrs } from '../../src/features';
import { checkManifest } from '../../src/model/format';
import { scoreReference } from '../../src/model/reference';
import { dequantizeUint8, quantizeUint8 } from '../../cli/quantize';
import { readModelFolder, writeModelFolder } from '../../cli/model-io';
import { Rng } from '../../cli/train/rng';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 256 };
const dim = 8;

function randomTable(seed: number, size: number, zeroRows = 0): Float32Array {
  const rng = new Rng(seed);
  const t = Float32Array.from({ length: size }, () => rng.normal() * 0.3 + 0.05);
  t.fill(0, 0, zeroRows * dim);
  return t;
}

test('uint8 quantization: error <= scale/2, zero exact, and decoded exactly as tf.io.decodeWeights does', async () => {
  for (const values of [randomTable(1, 4096, 3), Float32Array.from([0.5, 1, 2]), Float32Array.from([-3, -1]), new Float32Array(5)]) {
    const { q, min, scale } = quantizeUint8(values);
    const back = dequantizeUint8(q, min, scale);
    values.forEach((v, i) => assert.ok(Math.abs(back[i] - v) <= scale / 2 + 1e-6, `${v} -> ${back[i]} (scale ${scale})`));
    values.forEach((v, i) => v === 0 && assert.equal(back[i], 0));
    const decoded = tf.io.decodeWeights(q.buffer as ArrayBuffer, [{ name: 'w', shape: [values.length], dtype: 'float32', quantization: { dtype: 'uint8', min, scale } }]);
    assert.deepEqual(Array.from(decoded.w.dataSync()), Array.from(back));
  }
});

test('model folder: valid manifest, hashes match, dequantized scores track float32 scores', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-model-'));
  const tables = { dim, item: randomTable(2, spec.buckets * dim, 10), ctx: randomTable(3, spec.buckets * dim) };
  const rows = [{ name: 'model (shipped)', 'HR@10': 0.5, 'HR@20': 0.6, 'MRR@20': 0.3, 'NDCG@10': 0.35, n: 10 }];
  writeModelFolder(dir, { name: 'test', spec, tables, eval: { dataset: 'toy', rows } });

  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const checked = checkManifest(manifest);
  assert.ok(checked.ok, checked.ok ? '' : checked.reason);
  assert.match(manifest.modelVersion, /^test-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
  assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ['model.json', 'weights.bin']);
  for (const f of manifest.files) {
    const data = readFileSync(path.join(dir, f.path));
    assert.equal(data.length, f.bytes);
    assert.equal(createHash('sha256').update(data).digest('hex'), f.sha256);
  }
  assert.equal(readFileSync(path.join(dir, 'weights.bin')).length, 2 * spec.buckets * dim);
  const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.equal(model.format, 'vitrine-embedding');
  assert.deepEqual(model.weightsManifest[0].weights.map((w: { name: string; shape: number[] }) => [w.name, w.shape]), [['item_emb', [spec.buckets, dim]], ['ctx_emb', [spec.buckets, dim]]]);
  assert.deepEqual(manifest.eval, { dataset: 'toy', rows });

  const shipped = readModelFolder(dir).tables;
  const candidates: ItemAttrs[] = Array.from({ length: 40 }, (_, i) => ({ id: `sku${i}`, category: `c${i % 5}.x`, brand: `b${i % 3}`, price: 5 + i }));
  const history: HistoryEvent[] = [3, 7, 7, 12].map((i, j) => ({ item: `sku${i}`, type: j === 0 ? 'add_to_cart' : 'view', time: 10 - j, attrs: candidates[i] }));
  const a = scoreReference(history, candidates, spec, tables);
  const b = scoreReference(history, candidates, spec, shipped);
  const spread = Math.max(...a) - Math.min(...a);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 0.05 * spread, `${i}: ${v} vs ${b[i]}`));
});

test('a tampered weights file is refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-model-'));
  writeModelFolder(dir, { name: 't', spec, tables: { dim, item: randomTable(4, spec.buckets * dim), ctx: randomTable(5, spec.buckets * dim) } });
  const { writeFileSync } = await import('node:fs');
  const f = path.join(dir, 'weights.bin');
  const data = readFileSync(f);
  data[0] ^= 1;
  writeFileSync(f, data);
  assert.throws(() => readModelFolder(dir), /weights.bin: size or SHA-256 does not match/);
});
