import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_FEATURE_SPEC, EVENT_TYPES, itemBuckets, type FeatureSpec, type HistoryEvent, type ItemAttrs } from '../../src/features';
import { DECODE_VALUES_PER_CHUNK, decodeWeights, decodeWeightsSliced, type WeightEntry } from '../../src/model/arch/decode';
import { inChunks } from '../../src/common/slices';
import { historyWeigher, typeCode } from '../../src/model/arch/history';
import { prepareJob, scoreEvents, scoreJob } from '../../src/model/arch/job';
import { modelTensors, SEQ_TENSORS, tablesFromTensors } from '../../src/model/arch/tensors';
import type { SequenceParams, TowerTables } from '../../src/model/arch/types';
import { Rng } from '../../cli/train/rng';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 97, historyLength: 5 };
const dim = 6;

const table = (rng: Rng) => Float32Array.from({ length: spec.buckets * dim }, () => rng.normal() * 0.5);
function seqParams(rng: Rng, s: FeatureSpec = spec): SequenceParams {
  const v = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.8);
  return { attnPos: v(s.historyLength), attnType: v(4), repPos: v(s.historyLength), repType: v(4) };
}

/**
 * The model from its definition, written out with none of src/model/arch's code: item vector =
 * sum of token weight x table row; shopper = sum over the newest historyLength events of their
 * weight (v1: type weight x 0.5^(j / halfLife), normalised; v2: softmax of attnPos[j] +
 * attnType[type]) x the event item's vector in the history table; score = shopper . item
 * vector, plus (v2) exp(repPos[j] + repType[type]) for every history event of the same id.
 */
function oracle(events: HistoryEvent[], candidates: ItemAttrs[], s: FeatureSpec, t: TowerTables): number[] {
  const recent = events.slice(0, s.historyLength);
  if (recent.length === 0) return candidates.map(() => 0);
  const vec = (item: ItemAttrs, tab: Float32Array) => {
    const v = new Array(t.dim).fill(0);
    for (const { bucket, weight } of itemBuckets(item, s)) for (let k = 0; k < t.dim; k++) v[k] += weight * tab[bucket * t.dim + k];
    return v;
  };
  const type = (e: HistoryEvent) => Math.max(0, EVENT_TYPES.indexOf(e.type)); // an unknown type counts as a view
  let a: number[];
  if (t.seq) {
    const z = recent.map((e, j) => t.seq!.attnPos[j] + t.seq!.attnType[type(e)]);
    const m = Math.max(...z);
    const ex = z.map((x) => Math.exp(x - m));
    a = ex.map((x) => x / ex.reduce((p, q) => p + q, 0));
  } else {
    const raw = recent.map((e, j) => s.typeWeights[EVENT_TYPES[type(e)]] * 0.5 ** (j / s.recencyHalfLife));
    a = raw.map((x) => x / raw.reduce((p, q) => p + q, 0));
  }
  const u = new Array(t.dim).fill(0);
  recent.forEach((e, j) => vec({ id: e.item, ...e.attrs }, t.ctx).forEach((x, k) => (u[k] += a[j] * x)));
  return candidates.map((c) => {
    let score = vec(c, t.item).reduce((p, x, k) => p + x * u[k], 0);
    if (t.seq) recent.forEach((e, j) => e.item === c.id && (score += Math.exp(t.seq!.repPos[j] + t.seq!.repType[type(e)])));
    return score;
  });
}

function fixture(seed: number) {
  const rng = new Rng(seed);
  const cats = ['a.b', 'a.c.d', 'e', 'e.f.g.h.i'];
  const item = (i: number): ItemAttrs => ({ id: `sku${i}`, category: cats[i % 4], brand: i % 3 ? `br${i % 5}` : undefined, price: i % 4 ? 3 + i * 7 : undefined, title: i % 2 ? `red shoe ${i}` : undefined });
  const types = [...EVENT_TYPES, 'unknown-type' as never];
  // newest first; 9 events (longer than historyLength 5), sku2 and sku4 repeated inside the newest 5, sku7 only beyond them
  const attrs = (i: number): Omit<ItemAttrs, 'id'> => {
    const { id: _id, ...rest } = item(i);
    return rest;
  };
  const history: HistoryEvent[] = [2, 4, 2, 1, 4, 7, 7, 3, 0].map((i, j) => ({ item: `sku${i}`, type: types[(j * 3) % 5], time: 100 - j, attrs: attrs(i) }));
  // candidates: history items (repeat term), sku7 (only in the history beyond its length), a duplicate id, an item with no content
  const candidates: ItemAttrs[] = [...Array.from({ length: 12 }, (_, i) => item(i)), item(2), { id: 'bare' }, { id: 'sku4' }];
  return { rng, history, candidates };
}

test('scores equal the model written out from its definition (v1 and v2, repeats, duplicate ids, long histories, unknown types)', () => {
  const { rng, history, candidates } = fixture(3);
  for (const seq of [undefined, seqParams(rng)]) {
    const tables: TowerTables = { dim, item: table(rng), ctx: table(rng), seq };
    const got = scoreEvents(history, candidates, spec, tables);
    const want = oracle(history, candidates, spec, tables);
    want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-5 * (1 + Math.abs(w)), `${seq ? 'v2' : 'v1'} candidate ${i}: ${got[i]} vs ${w}`));
    if (seq) {
      const noRepeat = oracle(history, candidates, spec, { ...tables, seq: { ...seq, repPos: seq.repPos.map(() => -80) } });
      assert.ok(got[2] - noRepeat[2] > 0 && got[12] - noRepeat[12] > 0, 'both columns of sku2 get its repeat term');
      assert.ok(Math.abs(got[7] - noRepeat[7]) < 1e-6, 'an item seen only beyond historyLength gets none');
    }
  }
});

test("an event's item is its id: an `id` among the stored attributes changes neither its tokens nor its repeat term", () => {
  const { rng, history, candidates } = fixture(10);
  const tables: TowerTables = { dim, item: table(rng), ctx: table(rng), seq: seqParams(rng) };
  const want = scoreEvents(history, candidates, spec, tables);
  for (const id of ['sku9', '', 'other']) {
    const odd = history.map((e) => ({ ...e, attrs: { ...e.attrs, id } as Omit<ItemAttrs, 'id'> }));
    assert.deepEqual(scoreEvents(odd, candidates, spec, tables), want, `attrs.id = ${JSON.stringify(id)}`);
  }
});

test('an empty history scores zeros; so does a candidate with no tokens and no repeat', () => {
  const { rng, history, candidates } = fixture(4);
  const tables: TowerTables = { dim, item: table(rng), ctx: table(rng), seq: seqParams(rng) };
  assert.deepEqual(Array.from(scoreEvents([], candidates, spec, tables)), candidates.map(() => 0));
  const contentOnly = { ...spec, fieldWeights: { ...spec.fieldWeights, id: 0 } };
  assert.equal(scoreEvents(history, [{ id: 'bare' }], contentOnly, tables)[0], 0);
});

test('history weights: v2 is the softmax of position + type logits, v1 the spec weights; both sum to 1', () => {
  const rng = new Rng(5);
  const seq = seqParams(rng);
  const types = Uint8Array.from([3, 0, 1, 0, 2]);
  const out = new Float64Array(5);
  historyWeigher(spec, seq)(types, 5, out);
  const z = Array.from(types, (t, j) => Math.exp(seq.attnPos[j] + seq.attnType[t]));
  out.forEach((w, j) => assert.ok(Math.abs(w - z[j] / z.reduce((a, b) => a + b)) < 1e-12));
  const v1 = new Float32Array(5);
  historyWeigher(spec)(types, 5, v1);
  assert.ok(Math.abs(v1.reduce((a, b) => a + b) - 1) < 1e-6);
  assert.ok(v1[0] > v1[1], 'a purchase counts more than a view');
  assert.equal(typeCode('purchase'), 3);
  assert.equal(typeCode('nonsense'), 0);
});

test('scoreJob writes into float64 as well as float32 output (the evaluator ranks in float64)', () => {
  const { rng, history, candidates } = fixture(6);
  const tables: TowerTables = { dim, item: table(rng), ctx: table(rng), seq: seqParams(rng) };
  const job = prepareJob(history, candidates, spec, tables.seq);
  const f64 = scoreJob(job, tables, new Float64Array(candidates.length));
  const f32 = scoreJob(job, tables);
  assert.ok(f64 instanceof Float64Array && f32 instanceof Float32Array);
  f64.forEach((v, i) => assert.ok(Math.abs(v - f32[i]) < 1e-6 * (1 + Math.abs(v)), `${i}: ${v} vs ${f32[i]}`));
});

// ---------------------------------------------------------------- tensor names and weights decoding

const layout = (arch: 'pooled-two-tower-v1' | 'attentive-two-tower-v2') => ({ arch, dim, features: { buckets: spec.buckets, historyLength: spec.historyLength } });
const decoded = (values: Float32Array, shape: number[]) => ({ values, shape });

test('tables from tensors: one shared table, two tables, v2 history parameters; misshapen or missing tensors are named', () => {
  const rng = new Rng(7);
  const item = table(rng);
  const ctx = table(rng);
  const seq = seqParams(rng);
  const shape = [spec.buckets, dim];
  const v1 = tablesFromTensors(layout('pooled-two-tower-v1'), new Map([['item_emb', decoded(item, shape)]]));
  assert.equal(v1.ctx, v1.item, 'no ctx_emb: the towers share item_emb');
  assert.equal(v1.seq, undefined);
  const two = tablesFromTensors(layout('pooled-two-tower-v1'), new Map([['item_emb', decoded(item, shape)], ['ctx_emb', decoded(ctx, shape)]]));
  assert.equal(two.ctx, ctx);
  const seqTensors = SEQ_TENSORS.map(([name, key]) => [name, decoded(seq[key], [seq[key].length])] as const);
  const v2 = tablesFromTensors(layout('attentive-two-tower-v2'), new Map([['item_emb', decoded(item, shape)], ...seqTensors]));
  assert.deepEqual(v2.seq, seq);
  assert.throws(() => tablesFromTensors(layout('pooled-two-tower-v1'), new Map()), /item_emb/);
  assert.throws(() => tablesFromTensors(layout('pooled-two-tower-v1'), new Map([['item_emb', decoded(item, [dim, spec.buckets])]])), /item_emb is \[6, 97\], expected \[97, 6\]/);
  assert.throws(() => tablesFromTensors(layout('pooled-two-tower-v1'), new Map([['item_emb', decoded(item, shape)], ['ctx_emb', decoded(ctx.subarray(dim), [spec.buckets - 1, dim])]])), /ctx_emb/);
  for (const [name] of SEQ_TENSORS) {
    const without = new Map([['item_emb', decoded(item, shape)], ...seqTensors.filter(([n]) => n !== name)]);
    assert.throws(() => tablesFromTensors(layout('attentive-two-tower-v2'), without), new RegExp(name));
    const short = new Map([['item_emb', decoded(item, shape)], ...seqTensors.map(([n, t]) => [n, n === name ? decoded(t.values.subarray(1), [t.values.length - 1]) : t] as const)]);
    assert.throws(() => tablesFromTensors(layout('attentive-two-tower-v2'), short), new RegExp(name));
  }
});

test('tensors written for a model: a table shared by both towers once, then the history parameters in SEQ_TENSORS order', () => {
  const rng = new Rng(8);
  const item = table(rng);
  const seq = seqParams(rng);
  assert.deepEqual(modelTensors(spec, { dim, item, ctx: item, seq }).map((t) => [t.name, t.shape, t.table]), [['item_emb', [97, 6], true], ['attn_pos', [5], false], ['attn_type', [4], false], ['rep_pos', [5], false], ['rep_type', [4], false]]);
  assert.deepEqual(modelTensors(spec, { dim, item, ctx: item.slice() }).map((t) => t.name), ['item_emb'], 'equal tables count as shared');
  assert.deepEqual(modelTensors(spec, { dim, item, ctx: table(rng) }).map((t) => t.name), ['item_emb', 'ctx_emb']);
});

/** Weights of every encoding tfjs reads, packed as model.json describes them, in two files. */
function weightFiles() {
  const rng = new Rng(9);
  const f32 = Float32Array.from({ length: 7 }, () => rng.normal());
  const u8 = Uint8Array.from({ length: 11 }, (_, i) => (i * 37) % 256);
  const u16 = Uint16Array.from({ length: 5 }, (_, i) => (i * 9973) % 65536);
  const halves = Uint16Array.from({ length: 65536 }, (_, i) => i); // every float16 bit pattern: subnormals, infinities, NaNs
  const weights: WeightEntry[] = [
    { name: 'f32', shape: [7], dtype: 'float32' },
    { name: 'u8', shape: [11], dtype: 'float32', quantization: { dtype: 'uint8', min: -0.73, scale: 0.0113 } },
    { name: 'u16', shape: [5], dtype: 'float32', quantization: { dtype: 'uint16', min: 2.5, scale: 1e-4 } },
    { name: 'f16', shape: [256, 256], dtype: 'float32', quantization: { dtype: 'float16' } },
  ];
  const all = new Uint8Array(28 + 11 + 10 + 131072);
  all.set(new Uint8Array(f32.buffer), 0);
  all.set(u8, 28);
  all.set(new Uint8Array(u16.buffer), 39);
  all.set(new Uint8Array(halves.buffer), 49);
  // split in two files in the middle of a tensor, as tfjs shards do
  const files = new Map([['a.bin', all.slice(0, 33)], ['b.bin', all.slice(33)]]);
  return { weights, all, files };
}

test('decodeWeights gives exactly what tf.io.decodeWeights gives: float32, uint8, uint16, every float16 value, across shards', () => {
  const { weights, all, files } = weightFiles();
  const ours = decodeWeights({ weightsManifest: [{ paths: ['a.bin', 'b.bin'], weights }] }, (p) => files.get(p));
  const theirs = tf.io.decodeWeights(all.buffer as ArrayBuffer, weights as tf.io.WeightsManifestEntry[]);
  for (const w of weights) {
    const a = ours.get(w.name)!;
    assert.deepEqual(a.shape, w.shape);
    const b = theirs[w.name].dataSync() as Float32Array;
    assert.equal(a.values.length, b.length, w.name);
    for (let i = 0; i < b.length; i++) assert.ok(Object.is(a.values[i], b[i]) || (Number.isNaN(a.values[i]) && Number.isNaN(b[i])), `${w.name}[${i}]: ${a.values[i]} vs ${b[i]}`);
    theirs[w.name].dispose();
  }
});

test('decodeWeights refuses what it cannot read, naming the weight', () => {
  const { weights, files } = weightFiles();
  const read = (p: string) => files.get(p);
  const decode = (ws: WeightEntry[], paths = ['a.bin', 'b.bin']) => decodeWeights({ weightsManifest: [{ paths, weights: ws }] }, read);
  assert.throws(() => decode(weights, ['a.bin']), /u8: the weights files end before it does/);
  assert.throws(() => decode(weights, ['a.bin', 'c.bin']), /c\.bin is not listed/);
  assert.throws(() => decode([{ ...weights[0], dtype: 'int32' }]), /f32: dtype int32/);
  assert.throws(() => decode([{ ...weights[1], quantization: { dtype: 'int8', min: 0, scale: 1 } }]), /u8: quantization int8/);
  assert.throws(() => decode([{ ...weights[1], quantization: { dtype: 'uint8', min: 0 } }]), /u8: uint8 quantization needs a finite min and scale/);
  assert.throws(() => decode([{ ...weights[0], shape: [-1] }]), /shape/);
  assert.throws(() => decodeWeights({} as never, read), /weightsManifest/);
});

test('decodeWeightsSliced (the browser runtime\'s) gives exactly decodeWeights\'s values and errors, in chunks of at most DECODE_VALUES_PER_CHUNK values', async () => {
  const { weights, all, files } = weightFiles();
  // one more tensor over several chunks, in a third file
  const big = Uint8Array.from({ length: 3 * DECODE_VALUES_PER_CHUNK + 17 }, (_, i) => (i * 131) % 256);
  const entries: WeightEntry[] = [...weights, { name: 'big', shape: [big.length], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.01 } }];
  const read = (p: string) => (p === 'c.bin' ? big : files.get(p));
  const json = { weightsManifest: [{ paths: ['a.bin', 'b.bin', 'c.bin'], weights: entries }] };
  const ranges: [number, number][] = [];
  let expected = 0;
  const recording = (n: number, size: number, work: (from: number, to: number) => void) => {
    assert.equal(size, DECODE_VALUES_PER_CHUNK);
    expected += Math.ceil(n / size);
    return inChunks(n, size, (from, to) => (ranges.push([from, to]), work(from, to)));
  };
  const sliced = await decodeWeightsSliced(json, read, recording);
  const whole = decodeWeights(json, read);
  assert.deepEqual([...sliced.keys()], [...whole.keys()]);
  for (const [name, t] of whole) {
    assert.deepEqual(sliced.get(name)!.shape, t.shape);
    assert.ok(t.values.every((v, i) => Object.is(v, sliced.get(name)!.values[i])), name);
  }
  assert.ok(ranges.every(([from, to]) => to - from <= DECODE_VALUES_PER_CHUNK), 'no chunk over the limit');
  assert.equal(ranges.length, expected, 'every tensor in as few chunks as the limit allows');
  assert.ok(expected >= entries.length + 3, 'the large tensor took four chunks');
  assert.ok(all.length > 0);
  for (const [paths, ws, error] of [
    [['a.bin'], weights, /u8: the weights files end before it does/],
    [['a.bin', 'x.bin'], weights, /x\.bin is not listed/],
    [['a.bin', 'b.bin'], [{ ...weights[1], quantization: { dtype: 'int8', min: 0, scale: 1 } }], /u8: quantization int8/],
  ] as const) {
    const bad = { weightsManifest: [{ paths: [...paths], weights: [...ws] as WeightEntry[] }] };
    assert.throws(() => decodeWeights(bad, read), error);
    await assert.rejects(decodeWeightsSliced(bad, read, inChunks), error);
  }
});
