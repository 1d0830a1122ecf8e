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
import { prepareJob, scoreEvents } from '../../src/model/arch/job';
import { tokensPerItem } from '../../src/features/spec';
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
  const a = scoreEvents(history, candidates, spec, tables);
  const b = scoreEvents(history, candidates, spec, shipped);
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

test('attentive-two-tower-v2: history tensors ship as float32, read back exactly, and the tfjs engine gives the arch scores', async () => {
  const { TfjsEngine } = await import('../../src/model/runtime/tfjs/model');
  const { initSeq } = await import('../../cli/train/loop');
  const v2spec: FeatureSpec = { ...spec, historyLength: 5 };
  const seq = initSeq(v2spec, { repeat: true });
  const rng = new Rng(8);
  for (const a of [seq.attnPos, seq.attnType, seq.repPos, seq.repType]) a.forEach((_, i) => (a[i] = rng.normal() * 0.6));
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-model-'));
  const tables = { dim, item: randomTable(6, spec.buckets * dim), ctx: randomTable(6, spec.buckets * dim), seq };
  tables.ctx = tables.item; // shared table: shipped once
  const manifest = writeModelFolder(dir, { name: 'v2', spec: v2spec, tables });
  assert.equal(manifest.arch, 'attentive-two-tower-v2');
  const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(
    model.weightsManifest[0].weights.map((w: { name: string; shape: number[]; quantization?: unknown }) => [w.name, w.shape, w.quantization ? 'uint8' : 'float32']),
    [['item_emb', [spec.buckets, dim], 'uint8'], ['attn_pos', [5], 'float32'], ['attn_type', [4], 'float32'], ['rep_pos', [5], 'float32'], ['rep_type', [4], 'float32']],
  );
  const shipped = readModelFolder(dir).tables;
  assert.deepEqual(shipped.seq, seq);
  // the manifest check knows v2 needs a history
  const bad = checkManifest({ ...manifest, features: { ...v2spec, historyLength: 0 } });
  assert.ok(!bad.ok && /historyLength/.test(bad.reason));

  const candidates: ItemAttrs[] = Array.from({ length: 30 }, (_, i) => ({ id: `sku${i}`, category: `c${i % 4}.x`, brand: `b${i % 3}`, price: 5 + i }));
  const history: HistoryEvent[] = [3, 7, 3, 12, 7, 3, 20].map((i, j) => ({ item: `sku${i}`, type: (['view', 'add_to_cart', 'click', 'purchase'] as const)[j % 4], time: 10 - j, attrs: candidates[i] }));
  await tf.setBackend('cpu');
  const tower = new TfjsEngine('cpu', shipped, tokensPerItem(v2spec));
  const got = await tower.score(prepareJob(history, candidates, v2spec, shipped.seq));
  const want = scoreEvents(history, candidates, v2spec, shipped);
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-4 * (1 + Math.abs(w)), `${i}: tfjs ${got[i]} vs reference ${w}`));
  // repeats: sku3 (three events) and sku7 get the repeat term on top of the dot product
  const noRepeat = scoreEvents(history, candidates, v2spec, { ...shipped, seq: { ...seq, repPos: seq.repPos.map(() => -80) } });
  assert.ok(want[3] - noRepeat[3] > 0 && want[7] - noRepeat[7] > 0 && want[4] === noRepeat[4]);
  // an empty history scores zeros (no empty tensors reach tfjs)
  assert.deepEqual(Array.from(await tower.score(prepareJob([], candidates, v2spec, shipped.seq))), new Array(30).fill(0));
  tower.dispose();
});
