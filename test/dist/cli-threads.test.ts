/**
 * `vitrine train --threads N` on the built CLI: one thread gives exactly the weights of train()
 * run in process (the trainer as it was before workers), two threads (workers started from the
 * bundle) train a model that ranks well above popularity and close to one thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadData } from '../../cli/load';
import { absentFields } from '../../cli/items';
import { DEFAULT_TRAIN, TRAIN_SPEC_DEFAULTS, train } from '../../cli/train/loop';
import { packContentTokens, packItemTokens } from '../../cli/train/tokens';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';
import { runCli, scratch, write } from './cli-helpers';

const ITEMS = 120;

/** Sessions that walk a chain of items (the next item is the previous + 1, one event in 5 random): learnable from the last event alone. */
function chainCsv(sessions: number, seed: number, offset: number): string {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lines = ['session,item,time'];
  for (let k = 0; k < sessions; k++) {
    let item = Math.floor(rand() * ITEMS);
    for (let e = 0; e < 8; e++) {
      lines.push(`s${offset + k},i${rand() < 0.2 ? Math.floor(rand() * ITEMS) : item},${1569888000 + (offset + k) * 100 + e}`);
      item = (item + 1) % ITEMS;
    }
  }
  return lines.join('\n') + '\n';
}

const ARGS = ['--epochs', '6', '--dim', '16', '--buckets', '1024', '--batch', '64', '--no-item-to-item', '--quiet', '--cache', 'cache'];

const hr20 = (dir: string, model: string, rowName: RegExp) => {
  const r = runCli(dir, ['eval', '--model', model, '--train', 'train.csv', '--test', 'test.csv', '--json', `${model}.json`]);
  assert.equal(r.status, 0, r.stderr);
  const rows: { name: string; 'HR@20': number }[] = JSON.parse(readFileSync(path.join(dir, `${model}.json`), 'utf8')).rows;
  const row = rows.find((x) => rowName.test(x.name));
  assert.ok(row, `no row ${rowName} in ${rows.map((x) => x.name).join(', ')}`);
  return row['HR@20'];
};

test('--threads 1 equals train() in process; --threads 2 trains a model well above popularity', async () => {
  const dir = scratch('vitrine-threads-');
  try {
    write(dir, 'train.csv', chainCsv(400, 3, 0));
    write(dir, 'test.csv', chainCsv(80, 9, 10_000));
    for (const t of ['1', '2']) {
      const r = runCli(dir, ['train', '--events', 'train.csv', '--out', `t${t}`, '--threads', t, ...ARGS]);
      assert.equal(r.status, 0, r.stderr);
    }
    // the same run in process: the spec train builds, the flags above, the float32 tables it caches
    const data = await loadData({ train: path.join(dir, 'train.csv') });
    const spec = { ...structuredClone(DEFAULT_FEATURE_SPEC), ...TRAIN_SPEC_DEFAULTS, buckets: 1024 } as FeatureSpec;
    for (const f of absentFields(data.items)) spec.fieldWeights[f] = 0;
    const res = train(spec, packItemTokens(data.items, spec), data.train, data.items.size, { ...DEFAULT_TRAIN, epochs: 6, dim: 16, batch: 64 }, true, packContentTokens(data.items, spec));
    const cached = (name: string) => {
      const folder = readdirSync(path.join(dir, 'cache')).find((f) => f.startsWith(`${name}-`));
      assert.ok(folder, `no float32 cache of ${name}`);
      return readFileSync(path.join(dir, 'cache', folder, 'weights.f32.bin'));
    };
    const inProcess = Buffer.concat([Buffer.from(res.params.item.buffer), Buffer.from(res.params.ctx.buffer)]);
    assert.ok(cached('t1').equals(inProcess), '--threads 1 trains exactly what train() does');
    assert.ok(!cached('t2').equals(inProcess), 'two threads ran (their shards interleave: not the one-thread weights)');
    const one = hr20(dir, 't1', /^model/);
    const two = hr20(dir, 't2', /^model/);
    const popularity = hr20(dir, 't2', /^popularity$/);
    // popularity ranks ~20 of 120 near-uniform items: ~0.17; the chain is learnable to ~0.8 (1 event in 5 is noise)
    assert.ok(one > popularity + 0.3, `one thread: HR@20 ${one} vs popularity ${popularity}`);
    assert.ok(two > popularity + 0.3, `two threads: HR@20 ${two} vs popularity ${popularity}`);
    assert.ok(Math.abs(two - one) < 0.1, `two threads ${two} vs one ${one}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--threads is checked before any file is read', () => {
  const dir = scratch('vitrine-threads-bad-');
  try {
    const r = runCli(dir, ['train', '--events', 'missing.csv', '--out', 'm', '--threads', '0']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--threads/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
