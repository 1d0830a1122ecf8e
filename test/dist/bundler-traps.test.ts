import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ESM = path.join(ROOT, 'dist/esm');

/**
 * Code an app's bundler (webpack, Turbopack, Vite, Rollup, esbuild) evaluates at build time, in
 * the files it bundles (dist/esm, what `vitrine` and `vitrine/react` resolve to): each is either
 * rewritten to a path of the build machine or fails the build (Turbopack: "Can't resolve './'" for
 * `new URL('./', import.meta.url)`). The script-tag files (dist/browser) are loaded by URL, never
 * bundled, and may use them.
 */
const TRAPS: [string, RegExp][] = [
  ['import.meta (new URL(…, import.meta.url), import.meta.resolve, .dirname)', /\bimport\.meta\b/],
  ['require() of a module', /(?<![\w.$])require\s*\(/],
  ['__dirname / __filename', /\b__(dirname|filename)\b/],
  ['new Worker / SharedWorker (resolved by the bundler as an entry)', /new\s+(Shared)?Worker\s*\(/],
  ['a dynamic import() of a computed specifier (a bundler warns or fails on it)', /\bimport\s*\(\s*(?!['"`]\.{1,2}\/)[^)]/],
];

test('the npm build (dist/esm) holds nothing a bundler resolves statically: no import.meta, require, __dirname, Worker or computed import()', () => {
  const files = readdirSync(ESM).filter((f) => f.endsWith('.mjs'));
  assert.ok(files.includes('index.mjs') && files.includes('react.mjs'), 'dist/esm is built');
  const found: string[] = [];
  for (const file of files) {
    const code = readFileSync(path.join(ESM, file), 'utf8');
    code.split('\n').forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments
      for (const [what, re] of TRAPS) if (re.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim().slice(0, 160)}`);
    });
  }
  assert.deepEqual(found, []);
});
