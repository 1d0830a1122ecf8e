import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkManifest } from '../../src/model/format';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the built CLI prepares REES46, trains a model folder that verifies, and evaluates it against baselines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-cli-'));
  cli('data', 'rees46', '--in', 'data/rees46/events-2019-10-01.csv', '--out', dir);
  const out = path.join(dir, 'model');
  cli('train', '--events', path.join(dir, 'train.csv'), '--catalog', path.join(dir, 'catalog.csv'), '--out', out, '--epochs', '2', '--dim', '16', '--quiet', '--cache', path.join(dir, 'cache'));

  const checked = checkManifest(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')));
  assert.ok(checked.ok, checked.ok ? '' : checked.reason);
  for (const f of checked.value.files) {
    const data = readFileSync(path.join(out, f.path));
    assert.equal(data.length, f.bytes, f.path);
    assert.equal(createHash('sha256').update(data).digest('hex'), f.sha256, f.path);
  }
  assert.match(readFileSync(path.join(out, 'MODEL_CARD.md'), 'utf8'), /train\.csv/, 'the card names its training data');
  // item-to-item tables listed in the manifest, a mix fitted on the validation split, never below its best part there
  const m = checked.value;
  assert.equal(m.itemToItem, 'item-to-item.json');
  assert.ok(m.files.some((f) => f.path === 'item-to-item.json'));
  assert.ok(m.mix && m.mixFit, 'a fitted mix');
  const objective = (r: { 'HR@20': number; 'MRR@20': number }) => r['HR@20'] + r['MRR@20'];
  const fitted = m.mixFit!.rows.find((r) => r.name === 'fitted mix')!;
  for (const r of m.mixFit!.rows) assert.ok(objective(fitted) >= objective(r) - 1e-9, `fitted mix ${objective(fitted)} >= ${r.name} ${objective(r)}`);
  assert.ok(gzipSync(readFileSync(path.join(out, 'item-to-item.json')), { level: 9 }).length <= (300 * 1024 * 6493) / 50_000, 'within the size budget');

  const json = path.join(dir, 'eval.json');
  cli('eval', '--model', out, '--train', path.join(dir, 'train.csv'), '--test', path.join(dir, 'test.csv'), '--catalog', path.join(dir, 'catalog.csv'), '--json', json, '--cache', path.join(dir, 'cache'));
  const rows: Record<string, number | string>[] = JSON.parse(readFileSync(json, 'utf8')).rows;
  const row = (name: string) => rows.find((r) => r.name === name)!;
  for (const name of ['popularity', 'transition', 'model (float32)', 'model (shipped)', 'part: two-tower (as trained)', 'part: successors', 'part: covisit']) assert.ok(row(name), `row ${name}`);
  for (const r of rows) {
    for (const k of ['HR@10', 'HR@20', 'MRR@20', 'NDCG@10']) assert.ok((r[k] as number) >= 0 && (r[k] as number) <= 1, `${r.name} ${k}`);
    assert.ok((r['HR@10'] as number) <= (r['HR@20'] as number));
    assert.ok((r.n as number) > 4000, `n = ${r.n}`);
  }
  assert.ok((row('model (shipped)')['HR@20'] as number) > 2 * (row('popularity')['HR@20'] as number), 'a trained model clearly beats popularity');
  assert.ok(Math.abs((row('model (shipped)')['NDCG@10'] as number) - (row('model (float32)')['NDCG@10'] as number)) < 0.02, 'quantization costs little');
});

test('the CLI explains bad usage and exits with status 2', () => {
  try {
    cli('train', '--events', 'nope.csv');
    assert.fail('should exit non-zero');
  } catch (error) {
    const e = error as { status: number; stderr: string };
    assert.equal(e.status, 2);
    assert.match(e.stderr, /--out/);
  }
});
