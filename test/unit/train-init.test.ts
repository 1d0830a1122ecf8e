import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';
import type { ModelManifest } from '../../src/model/format';
import { checkInitFlags, initSpec, initSummary, startFrom, trainedRows } from '../../cli/train/init';
import { DEFAULT_TRAIN, initSeq } from '../../cli/train/loop';
import { TRAIN_RANGES } from '../../cli/train/command';
import { Rng } from '../../cli/train/rng';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 4, fieldWeights: { ...DEFAULT_FEATURE_SPEC.fieldWeights, id: 0 } } as FeatureSpec;
const manifest = { dim: 2, features: spec, arch: 'attentive-two-tower-v2' } as unknown as ModelManifest;

test('trainedRows marks the rows with any non-zero weight', () => {
  assert.deepEqual(Array.from(trainedRows(Float32Array.of(0, 0, 0, 1, 0, 0, -2, 0), 2)), [0, 1, 0, 1]);
});

test('initSpec adds ids to a content-only model unless --content-only', () => {
  assert.equal(initSpec(manifest, false).fieldWeights.id, DEFAULT_FEATURE_SPEC.fieldWeights.id);
  assert.equal(initSpec(manifest, true).fieldWeights.id, 0);
  assert.equal(initSpec(manifest, false).buckets, 4);
  assert.equal(spec.fieldWeights.id, 0, 'the manifest is not changed');
});

test('checkInitFlags refuses values other than the model\'s, accepts the same', () => {
  assert.doesNotThrow(() => checkInitFlags({ dim: '2', buckets: '4' }, manifest, TRAIN_RANGES, 'm'));
  assert.throws(() => checkInitFlags({ dim: '3' }, manifest, TRAIN_RANGES, 'm'), /--dim 3 conflicts with --init m \(dim 2\)/);
  assert.throws(() => checkInitFlags({ 'fixed-attention': true }, manifest, TRAIN_RANGES, 'm'), /architecture comes from the init model/);
});

test('startFrom keeps trained rows and the history parameters, draws fresh rows elsewhere', () => {
  const cfg = { ...DEFAULT_TRAIN, dim: 2 };
  const item = Float32Array.of(0, 0, 0.5, -0.25, 0, 0, 1, 2);
  const seq = initSeq(spec, cfg);
  seq.attnPos[0] = 7;
  const { params, touched } = startFrom({ dim: 2, item, ctx: item, seq }, spec, cfg)(new Rng(1));
  assert.deepEqual(Array.from(params.item.subarray(2, 4)), [0.5, -0.25]);
  assert.deepEqual(Array.from(params.item.subarray(6, 8)), [1, 2]);
  assert.ok(params.item[0] !== 0 && params.item[4] !== 0, 'fresh rows are drawn, not zero');
  assert.deepEqual(Array.from(touched.item), [0, 1, 0, 1]);
  assert.equal(params.seq!.attnPos[0], 7);
  assert.notEqual(params.seq!.attnPos, seq.attnPos, 'a copy: training does not write into the init model');
});

test('initSummary says when the data has none of the base model\'s content fields (only the history parameters carry over)', () => {
  const base = { dir: 'models/base', manifest: { ...manifest, modelVersion: 'base-1' }, tables: { dim: 2, item: new Float32Array(8), ctx: new Float32Array(8) }, shared: true } as unknown as Parameters<typeof initSummary>[0];
  const idsOnly = { ...spec, fieldWeights: { id: 1, category: 0, brand: 0, price: 0, title: 0 } } as FeatureSpec;
  assert.match(initSummary(base, idsOnly), /none of its content fields \(category, brand, price, title\): only its history parameters/);
  const withTitles = { ...spec, fieldWeights: { ...idsOnly.fieldWeights, title: 1 } } as FeatureSpec;
  assert.doesNotMatch(initSummary(base, withTitles), /none of its content fields/);
});
