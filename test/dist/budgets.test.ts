import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUDGETS, budgetTable, checkBudgets, measureSizes } from '../../bench/sizes';
import { moduleBytes } from '../../bench/loader-bytes';

const ROOT = path.resolve(import.meta.dirname, '../..');
if (!existsSync(path.join(ROOT, 'dist/browser/vitrine-ml.mjs'))) throw new Error('the size budgets need the built files: run `npm run build` first (npm test does)');

const rows = checkBudgets(measureSizes(ROOT, 'models/demo'));
// printed on every run, over budget or not
console.log(`\n${budgetTable(rows)}\n`);

test('every budget has its row in the build', () => {
  assert.equal(rows.length, BUDGETS.length);
  for (const r of rows) assert.ok(Number.isFinite(r.gzip), `${r.row}: no such built file`);
});

for (const r of rows) {
  test(`${r.name}: at most ${r.kb} KB gzip -9`, r.todo ? { todo: r.todo } : {}, () => {
    assert.ok(r.ok, `${(r.gzip / 1024).toFixed(1)} KB gzip, budget ${r.kb} KB`);
  });
}

test('the loader\'s bytes by source module (bench/loader-bytes.ts) cover the whole file', () => {
  const { minified, modules } = moduleBytes(path.join(ROOT, 'dist/browser/vitrine.iife.js'));
  assert.equal(modules.reduce((sum, m) => sum + m.minified, 0), minified);
  for (const name of ['loader/index.ts', 'dom/first-view.ts', 'snapshot/format.ts']) assert.ok(modules.some((m) => m.module === name && m.minified > 0), name);
});
