import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('the package resolves by its own name to the built ESM entry', async () => {
  const mod = await import('vitrine');
  assert.equal(typeof mod.createVitrine, 'function');
});

test('the built type declarations type-check a typical usage (strict, no skipLibCheck)', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'test/dist/fixtures/tsconfig.json')], { stdio: 'pipe' });
});

test('the npm package holds the built files and the base model, not the data, tests, sources or the demo model', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  for (const need of ['dist/browser/vitrine.iife.js', 'dist/browser/vitrine-ml.mjs', 'dist/esm/index.mjs', 'dist/types/entries/index.d.ts', 'dist/cli.mjs', 'package.json', 'README.md']) {
    assert.ok(files.includes(need), `missing ${need}`);
  }
  const forbidden = files.filter((f) => /^(data|test|demo|bench|src|cli|models\/demo)\//.test(f));
  assert.deepEqual(forbidden, []);
});
