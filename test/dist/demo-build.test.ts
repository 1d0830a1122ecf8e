// `npm run demo:build` (demo/build.ts) on the built files: a static folder with everything the page
// needs, its evidence inlined from demo/evidence/ (which must come from the current model and data),
// and the built CLI's `eval --json` curves that the charts draw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

test('demo:build writes a static folder: one self-contained page, its service worker, the SDK and the model; the evidence is from the current inputs', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'vitrine-demo-build-'));
  const log = execFileSync(process.execPath, ['--import', 'tsx', 'demo/build.ts', '--out', out, '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.match(log, /matches its inputs/);
  for (const f of ['index.html', 'sw.js', 'vendor/vitrine.iife.js', 'vendor/vitrine-full.mjs', 'vendor/vitrine-ml.mjs', 'models/demo/manifest.json', 'models/demo/weights.bin']) assert.ok(existsSync(path.join(out, f)), f);
  const html = readFileSync(path.join(out, 'index.html'), 'utf8');
  // the page loads nothing but the SDK's script: no other src, no stylesheet link, nothing from another origin
  assert.deepEqual([...html.matchAll(/\b(?:src|href)="([^"#]+)"/g)].map((m) => m[1]), ['data:,', 'vendor/vitrine.iife.js']);
  const data = JSON.parse(html.match(/<script type="application\/json" id="demo-data">(.*?)<\/script>/s)![1]);
  for (const d of data.evidence.datasets) assert.deepEqual(d.eval, readJson(path.join(ROOT, `demo/evidence/${d.label}.eval.json`)), d.label);
  assert.deepEqual(data.evidence.replay, readJson(path.join(ROOT, 'demo/evidence/replay.json')));
  assert.ok(data.personas.length >= 4 && data.personas.length <= 6, `${data.personas.length} personas`);
  const sw = readFileSync(path.join(out, 'sw.js'), 'utf8');
  for (const f of ['index.html', 'vendor/vitrine.iife.js', 'models/demo/weights.bin']) assert.ok(sw.includes(`"${f}"`), `sw precaches ${f}`);
});

test('demo:build --check refuses evidence whose inputs changed', () => {
  const ev = mkdtempSync(path.join(tmpdir(), 'vitrine-demo-ev-'));
  for (const f of ['rees46.eval.json', 'yoochoose-100k.eval.json', 'replay.json']) writeFileSync(path.join(ev, f), readFileSync(path.join(ROOT, 'demo/evidence', f)));
  const inputs = readJson(path.join(ROOT, 'demo/evidence/inputs.json'));
  inputs.rees46['models/demo/manifest.json'] = 'a model that is not the one in models/demo';
  writeFileSync(path.join(ev, 'inputs.json'), JSON.stringify(inputs));
  assert.throws(
    () => execFileSync(process.execPath, ['--import', 'tsx', 'demo/build.ts', '--out', path.join(ev, 'out'), '--evidence', ev, '--check'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }),
    (e: { stderr: string }) => /rees46\.eval\.json is not from the current inputs/.test(e.stderr),
  );
});

test('the built CLI: eval --json writes HR@k and MRR@k for k = 1..20 per method, agreeing with the rows', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-demo-eval-'));
  const test = path.join(dir, 'test.csv');
  writeFileSync(test, readFileSync(path.join(ROOT, 'data/rees46/test.csv'), 'utf8').split('\n').slice(0, 400).join('\n') + '\n');
  const json = path.join(dir, 'eval.json');
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), 'eval', '--model', 'models/demo', '--train', 'data/rees46/train.csv', '--test', test, '--catalog', 'data/rees46/catalog.csv', '--json', json, '--cache', path.join(dir, 'cache')], { cwd: ROOT, stdio: 'ignore' });
  const out = readJson(json);
  assert.deepEqual(out.curves.map((c: { name: string }) => c.name), out.rows.map((r: { name: string }) => r.name));
  for (const c of out.curves) {
    const row = out.rows.find((r: { name: string }) => r.name === c.name);
    assert.equal(c.k.length, 20);
    assert.equal(c.hr[9], row['HR@10'], c.name);
    assert.equal(c.hr[19], row['HR@20'], c.name);
    assert.equal(c.mrr[19], row['MRR@20'], c.name);
    assert.equal(c.n, row.n);
  }
});
