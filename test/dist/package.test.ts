import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('the package resolves by its own name to the built ESM entry', async () => {
  const mod = await import('vitrine');
  assert.equal(typeof mod.createVitrine, 'function');
});

test('the built type declarations type-check a typical usage (strict, no skipLibCheck)', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'test/dist/fixtures/tsconfig.json')], { stdio: 'pipe' });
});

/** Every file the tarball may hold; anything else (data, tests, fixtures, sources, the demo model, CI, bench) fails the test. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE(\.md|\.txt)?$/i,
  // the base model: the script tag's default (README "Script tag"), at the package root and beside the script
  /^(dist\/browser\/)?models\/base\/(manifest\.json|model\.json|weights\.bin|MODEL_CARD\.md)$/,
  /^dist\/(browser|esm)\/[\w.-]+\.m?js(\.map)?$/,
  /^dist\/browser\/tfjs-backend-wasm(-simd)?\.wasm$/,
  /^dist\/cli\.mjs(\.map)?$/,
  /^dist\/types\/[\w/-]+\.d\.ts$/,
  // the Shopify snippets and theme setting (README "Shopify"; `vitrine shopify --snippets` copies them)
  /^integrations\/shopify\/(snippets\/[\w-]+\.liquid|settings_schema\.json)$/,
];

function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
}

/** The paths package.json points at (exports, bin, types), relative to the package root. */
function namedPaths(pkg: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.bin);
  walk(pkg.types);
  return out;
}

test('the package is publishable: not private, named, versioned, licensed, with a bin that has a node shebang', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.notEqual(pkg.private, true, 'npm publish refuses a private package');
  assert.match(pkg.name, /^[a-z0-9][a-z0-9._-]*$/);
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(typeof pkg.license, 'string');
  assert.ok(pkg.files.includes('dist'), 'files lists dist');
  const bin = readFileSync(path.join(ROOT, pkg.bin.vitrine), 'utf8');
  assert.ok(bin.startsWith('#!/usr/bin/env node\n'), 'the bin starts with a node shebang');
});

test('the npm package holds exactly the built files, the base model and the README: no data, tests, fixtures, sources, demo model, CI or bench', () => {
  const files = packedFiles();
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const need = [
    'dist/browser/vitrine.iife.js', 'dist/browser/vitrine-full.mjs', 'dist/browser/vitrine-ml.mjs', 'dist/esm/index.mjs', 'dist/types/entries/index.d.ts', 'dist/cli.mjs', 'package.json', 'README.md',
    'integrations/shopify/snippets/vitrine.liquid', 'integrations/shopify/snippets/vitrine-card.liquid', 'integrations/shopify/settings_schema.json',
    ...['manifest.json', 'model.json', 'weights.bin', 'MODEL_CARD.md'].flatMap((f) => [`models/base/${f}`, `dist/browser/models/base/${f}`]),
    ...namedPaths(pkg),
  ];
  for (const f of need) assert.ok(files.includes(f), `missing ${f}`);
  assert.deepEqual(files.filter((f) => !ALLOWED.some((re) => re.test(f))), [], 'files outside the allow-list');
  // belt and braces, with clearer names than the allow-list
  const forbidden = files.filter((f) => /(^|\/)(data|tests?|fixtures|demo|bench|src|cli|node_modules|\.ci|\.cache)\//.test(f) || /^(dist\/browser\/)?models\/(?!base\/)/.test(f) || /\.(csv|tsv|parquet|gz|f32\.bin)$/.test(f));
  assert.deepEqual(forbidden, []);
  // source maps embed sources, never data or tests
  for (const f of files.filter((p) => p.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(path.join(ROOT, f), 'utf8')) as { sources: string[] };
    assert.deepEqual(map.sources.filter((s) => /(^|\/)(data|test|bench|demo)\//.test(s) || /\.(csv|tsv)$/.test(s)), [], f);
  }
});
