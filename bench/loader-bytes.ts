/**
 * Where the bytes of a built browser file are: for each source module, the minified bytes its
 * sourcemap gives it, and the gzip -9 bytes the file loses without them (the file's gzip size
 * minus that of the file with the module's characters cut out: not valid JS, but what gzip sees;
 * the column does not add up to the total, gzip shares repeats across modules).
 *
 *   npm run build && npx tsx bench/loader-bytes.ts [dist/browser/vitrine.iife.js]
 *
 * BENCHMARKS.md "The loader against 8 KB" is its output for the script-tag loader.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One line of a sourcemap's `mappings`: [generated column, source index] per segment (the other fields are skipped). */
function decodeLine(line: string, state: { source: number; line: number; column: number; name: number }): [number, number][] {
  const out: [number, number][] = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (!segment) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
      const digit = B64.indexOf(ch);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0];
    if (fields.length >= 4) {
      state.source += fields[1];
      state.line += fields[2];
      state.column += fields[3];
      if (fields.length >= 5) state.name += fields[4];
      out.push([column, state.source]);
    } else out.push([column, -1]);
  }
  return out;
}

export interface ModuleBytes {
  module: string;
  minified: number;
  /** gzip -9 bytes of the file minus those of the file without this module's characters. */
  gzip: number;
}

export function moduleBytes(file: string): { minified: number; gzip: number; modules: ModuleBytes[] } {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const owner = new Int32Array(code.length).fill(-1);
  const lines = code.split('\n');
  const state = { source: 0, line: 0, column: 0, name: 0 };
  let offset = 0;
  map.mappings.split(';').forEach((mapping, l) => {
    const text = lines[l] ?? '';
    const segments = decodeLine(mapping, state);
    segments.forEach(([column, source], i) => {
      const end = i + 1 < segments.length ? segments[i + 1][0] : text.length;
      owner.fill(source, offset + column, offset + end);
    });
    offset += text.length + 1;
  });
  const gz = (s: string) => gzipSync(s, { level: 9 }).length;
  const total = gz(code);
  const name = (i: number) => (i < 0 ? '(unmapped)' : map.sources[i].replace(/^.*?\bsrc\//, '').replace(/^.*node_modules\//, 'node_modules/'));
  const modules = [...new Set(owner)].map((source) => {
    let rest = '';
    let minified = 0;
    for (let j = 0; j < code.length; j++) if (owner[j] === source) minified++;
    else rest += code[j];
    return { module: name(source), minified, gzip: total - gz(rest) };
  });
  return { minified: code.length, gzip: total, modules: modules.sort((a, b) => b.gzip - a.gzip) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2] ?? 'dist/browser/vitrine.iife.js';
  const { minified, gzip, modules } = moduleBytes(file);
  console.log(`${file}: ${minified} B minified, ${gzip} B gzip -9\n`);
  console.log('| module | minified B | gzip -9 B without it |\n|---|---:|---:|');
  for (const m of modules) console.log(`| ${m.module} | ${m.minified} | ${m.gzip} |`);
}
