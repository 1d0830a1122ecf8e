import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DEFAULT_FEATURE_SPEC, EVENT_TYPES, itemBuckets, tokensPerItem, type FeatureSpec, type HistoryEvent, type ItemAttrs } from '../../src/features';
import { prepareCandidates, prepareJob, scoreJob } from '../../src/model/arch/job';
import { tokenizer } from '../../src/model/arch/tokens';
import type { SequenceParams, TowerTables } from '../../src/model/arch/types';
import { jsEngine } from '../../src/model/runtime/engine';
import { lastHistory, memoTokenizer } from '../../src/model/runtime/memo';
import { AUTO_WEBGPU_FROM, jobEngine, probeFirst, tfjsPlan } from '../../src/model/runtime/policy';
import { MAX_BATCH } from '../../src/model/runtime/tfjs/kernels';
import { TfjsEngine } from '../../src/model/runtime/tfjs/model';
import { Rng } from '../../cli/train/rng';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 211, historyLength: 6 };
const dim = 5;

function model(seed: number, shared = false): TowerTables {
  const rng = new Rng(seed);
  const t = () => Float32Array.from({ length: spec.buckets * dim }, () => rng.normal() * 0.5);
  const v = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.7);
  const item = t();
  const seq: SequenceParams = { attnPos: v(spec.historyLength), attnType: v(4), repPos: v(spec.historyLength), repType: v(4) };
  return { dim, item, ctx: shared ? item : t(), seq };
}

const items = (n: number, from = 0): ItemAttrs[] => Array.from({ length: n }, (_, k) => ({ id: `i${from + k}`, category: `c${(from + k) % 7}.d${(from + k) % 3}`, brand: (from + k) % 4 ? `b${(from + k) % 9}` : undefined, price: 1 + (((from + k) * 13) % 500) }));
const history: HistoryEvent[] = [3, 8, 3, 1, 8, 5, 2, 9].map((i, j) => ({ item: `i${i}`, type: EVENT_TYPES[j % 4], time: 10 - j, attrs: { category: `c${i % 7}.d${i % 3}`, price: 1 + ((i * 13) % 500) } }));

function close(label: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  assert.equal(got.length, want.length, label);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4 * (1 + Math.abs(want[i])), `${label} ${i}: ${got[i]} vs ${want[i]}`);
}

test('the tfjs engine (CPU backend) gives the JS engine scores: shared and separate tables, repeats, empty history, empty candidates', async () => {
  await tf.setBackend('cpu');
  for (const shared of [false, true]) {
    const tables = model(1, shared);
    const engine = new TfjsEngine('cpu', tables, tokensPerItem(spec));
    const js = jsEngine(tables);
    const candidates = [...items(40), { id: 'i3' }, { id: 'i8', category: 'c1.d2' }];
    for (const h of [history, history.slice(0, 2), []]) {
      const job = prepareJob(h, candidates, spec, tables.seq);
      close(`shared=${shared} history=${h.length}`, await engine.score(job), await js.score(job));
    }
    assert.deepEqual(Array.from(await engine.score(prepareJob(history, [], spec, tables.seq))), []);
    const before = tf.memory().numTensors;
    await engine.score(prepareJob(history, candidates, spec, tables.seq));
    assert.equal(tf.memory().numTensors, before, 'a job leaves no tensor behind');
    engine.dispose();
  }
});

test(`the tfjs engine scores jobs larger than one batched product (${MAX_BATCH} candidates) slice by slice`, async () => {
  await tf.setBackend('cpu');
  const tables = model(2);
  const engine = new TfjsEngine('cpu', tables, tokensPerItem(spec));
  // the slice boundary falls inside a run of content-free candidates: a slice may have no token at all
  const contentOnly = { ...spec, fieldWeights: { ...spec.fieldWeights, id: 0 } };
  const candidates = [...items(MAX_BATCH - 3), ...Array.from({ length: MAX_BATCH + 10 }, (_, k) => ({ id: k % 500 === 0 ? 'i3' : `bare${k}` })), ...items(7, MAX_BATCH)];
  const job = prepareJob(history, candidates, contentOnly, tables.seq);
  close('two slices and a content-free one', await engine.score(job), scoreJob(job, tables));
  engine.dispose();
});

test('the tfjs engine refuses a model whose matrix products would exceed its shared-dimension limit', () => {
  const tables = model(3);
  assert.throws(() => new TfjsEngine('cpu', { ...tables, dim: 1001, item: new Float32Array(1001), ctx: new Float32Array(1001) }, 15), /JS engine/);
  assert.throws(() => new TfjsEngine('cpu', tables, 1001), /JS engine/);
});

test('policy: js never loads tfjs, a named backend always does, auto only for large jobs on a hardware GPU', () => {
  const gpus = ['none', 'software', 'hardware'] as const;
  for (const gpu of gpus) for (const n of [0, 1, 48, AUTO_WEBGPU_FROM, 10 * AUTO_WEBGPU_FROM]) assert.equal(jobEngine('js', n, gpu), 'js');
  for (const b of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) for (const gpu of gpus) for (const n of [0, 48, AUTO_WEBGPU_FROM]) assert.equal(jobEngine(b, n, gpu), 'tfjs');
  for (const gpu of ['none', 'software'] as const) for (const n of [0, 48, AUTO_WEBGPU_FROM, 10 * AUTO_WEBGPU_FROM]) assert.equal(jobEngine('auto', n, gpu), 'js', `auto, ${gpu} GPU, ${n} candidates`);
  assert.equal(jobEngine('auto', AUTO_WEBGPU_FROM - 1, 'hardware'), 'js');
  assert.equal(jobEngine('auto', AUTO_WEBGPU_FROM, 'hardware'), 'tfjs');
  // the adapter is asked for only where its answer matters
  assert.equal(probeFirst('auto', AUTO_WEBGPU_FROM - 1), false);
  assert.equal(probeFirst('auto', AUTO_WEBGPU_FROM), true);
  assert.equal(probeFirst('js', 10 * AUTO_WEBGPU_FROM), false);
});

test('tfjs plan: auto takes only a hardware WebGPU adapter; a named backend falls through the others; a software adapter only by name', () => {
  assert.deepEqual(tfjsPlan('auto', 'hardware', true), ['webgpu']);
  assert.deepEqual(tfjsPlan('auto', 'software', true), []);
  assert.deepEqual(tfjsPlan('auto', 'none', true), []);
  assert.deepEqual(tfjsPlan('js', 'hardware', true), []);
  assert.deepEqual(tfjsPlan('webgpu', 'software', true), ['webgpu', 'wasm', 'webgl', 'cpu']);
  assert.deepEqual(tfjsPlan('webgpu', 'none', true), ['wasm', 'webgl', 'cpu'], 'no adapter: WebGPU is not even tried');
  assert.deepEqual(tfjsPlan('webgpu', 'none', false), ['webgl', 'cpu']);
  assert.deepEqual(tfjsPlan('cpu', 'hardware', true), ['cpu', 'webgpu', 'wasm', 'webgl']);
  assert.deepEqual(tfjsPlan('webgl', 'none', true), ['webgl', 'wasm', 'cpu']);
  assert.deepEqual(tfjsPlan('wasm', 'none', false), ['wasm', 'webgl', 'cpu']);
});

test('the token memo gives itemBuckets, and a change of any field of an item gives that item its new tokens', () => {
  const memo = memoTokenizer(spec, 8);
  const base: ItemAttrs = { id: 'x', title: 'red running shoe', category: 'shoes.running', brand: 'acme', price: 80 };
  assert.deepEqual(memo(base), itemBuckets(base, spec));
  assert.equal(memo({ ...base }), memo(base), 'the same content is hashed once');
  const changes: Partial<ItemAttrs>[] = [{ id: 'y' }, { title: 'blue running shoe' }, { category: 'shoes.trail' }, { brand: 'other' }, { price: 200 }, { title: undefined }, { price: undefined }];
  for (const change of changes) {
    const item = { ...base, ...change };
    assert.deepEqual(memo(item), itemBuckets(item, spec), JSON.stringify(change));
    assert.notDeepEqual(memo(item), memo(base), JSON.stringify(change));
  }
  // past its size the oldest entries go, and answers stay right
  for (const item of items(30)) assert.deepEqual(memo(item), itemBuckets(item, spec));
  assert.deepEqual(memo(base), itemBuckets(base, spec));
});

test('the history part is reused while the newest events are the same records, and rebuilt when any of them changes', () => {
  const tables = model(4);
  const part = lastHistory(spec, tables.seq, tokenizer(spec));
  const first = part(history);
  assert.equal(part(history.slice()), first, 'a copy of the same records');
  assert.equal(part([...history.slice(0, spec.historyLength), { item: 'beyond', type: 'view', time: 0 }]), first, 'events beyond historyLength are not read');
  const variants: [string, HistoryEvent[]][] = [
    ['a new newest event', [{ item: 'i0', type: 'click', time: 11 }, ...history]],
    ['one record replaced by an equal-looking one', history.map((e, j) => (j === 2 ? { ...e } : e))],
    ['an event removed (explain)', history.filter((_, j) => j !== 1)],
    ['a shorter history', history.slice(0, 3)],
    ['no history', []],
  ];
  for (const [label, events] of variants) {
    const next = part(events);
    assert.notEqual(next, first, label);
    const candidates = items(20);
    close(label, scoreJob({ history: next, ...prepareCandidates(candidates, tokenizer(spec)) }, tables), scoreJob(prepareJob(events, candidates, spec, tables.seq), tables));
    part(history);
  }
});
