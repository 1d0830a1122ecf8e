import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, scratch } from './cli-helpers';

/** Every file under a folder, relative, sorted. */
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .sort();
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('vitrine assets <dir> copies exactly the files the browser fetches: the base model (manifest and the files it lists), and prints them with sizes', () => {
  const dir = scratch('vitrine-assets-');
  const r = runCli(dir, ['assets', 'public']);
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'models/base/manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
  assert.deepEqual(files(path.join(dir, 'public')), ['manifest.json', ...manifest.files.map((f) => f.path)].map((f) => `models/base/${f}`).sort());
  for (const f of manifest.files) assert.equal(sha(path.join(dir, 'public/models/base', f.path)), f.sha256, f.path);
  assert.match(r.stdout, /public\/models\/base\/weights\.bin\s+[\d.]+ KB\s+[\d.]+ KB/);
  assert.match(r.stdout, /3 files, [\d.]+ KB \([\d.]+ KB gzip -9\)/);
  assert.match(r.stdout, /model: '\/models\/base\/manifest\.json'/);
});

test('vitrine assets --wasm adds only the single-threaded .wasm builds (never the threaded one), --browser the script-tag build without maps, --model another model folder', () => {
  const dir = scratch('vitrine-assets-');
  const r = runCli(dir, ['assets', 'site', '--wasm', '--browser', '--model', path.join(ROOT, 'models/demo')]);
  assert.equal(r.status, 0, r.stderr);
  const all = files(path.join(dir, 'site'));
  assert.deepEqual(all.filter((f) => f.endsWith('.wasm') && f.startsWith('tfjs/')), ['tfjs/tfjs-backend-wasm-simd.wasm', 'tfjs/tfjs-backend-wasm.wasm']);
  assert.ok(!all.some((f) => f.includes('threaded')), 'no threaded build');
  const wasmDist = path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  assert.equal(sha(path.join(dir, 'site/tfjs/tfjs-backend-wasm-simd.wasm')), sha(path.join(wasmDist, 'tfjs-backend-wasm-simd.wasm')));
  assert.ok(all.includes('models/demo/manifest.json') && !all.some((f) => f.startsWith('models/base/')), 'the given model instead of the base one');
  const browser = all.filter((f) => f.startsWith('vitrine/')).map((f) => f.slice('vitrine/'.length));
  const built = files(path.join(ROOT, 'dist/browser')).filter((f) => !/\.(map|md)$/.test(f));
  assert.deepEqual(browser, built);
  assert.ok(browser.includes('vitrine.iife.js') && browser.includes('models/base/weights.bin'));
  assert.match(r.stdout, /wasmPaths: '\/tfjs\/'/);
});

test('vitrine assets refuses without a folder, with two, and with a model folder without a manifest: one line, no stack', () => {
  const dir = scratch('vitrine-assets-');
  for (const [args, status, message] of [
    [['assets'], 2, /give one folder to copy into/],
    [['assets', 'a', 'b'], 2, /give one folder to copy into/],
    [['assets', 'public', '--model', dir], 1, /no manifest\.json in this folder/],
    [['assets', 'public', '--wasmm'], 2, /--wasmm|unknown/],
  ] as [string[], number, RegExp][]) {
    const r = runCli(dir, args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
