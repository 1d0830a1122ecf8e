/**
 * Where a built file's bytes come from: reads its sourcemap (`<file>.map`), gives every generated
 * character to the source module of the mapping segment it falls in, and prints per module the
 * minified bytes, the gzip -9 size of that module's code alone, and its marginal gzip cost (the
 * whole file gzipped, less the file gzipped without that module's characters): what removing it
 * would save, to within the bytes of the code that calls it.
 *
 *   npm run build && node --import tsx bench/attribute.ts [dist/browser/vitrine.iife.js] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one mapping segment (Base64 VLQ, as the sourcemap v3 format writes them). */
function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = shift = 0;
    }
  }
  return out;
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

/** For each character of `code`, the index of its source in `map.sources` (-1: not mapped, e.g. the bundle's wrapper). */
export function ownerOfEachChar(code: string, map: SourceMap): Int32Array {
  const owner = new Int32Array(code.length).fill(-1);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  let source = 0;
  map.mappings.split(';').forEach((line, lineNo) => {
    const start = lineStarts[lineNo];
    if (start === undefined || !line) return;
    const end = lineStarts[lineNo + 1] ?? code.length;
    let column = 0;
    const segments = line.split(',').map((s) => {
      const [dc, ds] = decodeVlq(s);
      column += dc;
      if (ds !== undefined) source += ds;
      return { at: start + column, source: ds === undefined ? -1 : source };
    });
    segments.forEach((s, i) => owner.fill(s.source, s.at, Math.min(segments[i + 1]?.at ?? end, end)));
  });
  return owner;
}

export interface ModuleBytes {
  module: string;
  bytes: number;
  /** gzip -9 of the module's characters alone. */
  gzipAlone: number;
  /** gzip -9 of the whole file less gzip -9 of the file without the module's characters. */
  gzipMarginal: number;
}

const gz = (s: string) => gzipSync(Buffer.from(s), { level: 9 }).length;

export function attribute(file: string): { total: number; gzip: number; rows: ModuleBytes[] } {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap;
  const owner = ownerOfEachChar(code, map);
  const total = gz(code);
  const names = [...map.sources.map((s) => path.relative(process.cwd(), path.resolve(path.dirname(file), s))), '(unmapped)'];
  const rows = names.map((module, i) => {
    const id = i === map.sources.length ? -1 : i;
    let own = '';
    let rest = '';
    for (let c = 0; c < code.length; c++) owner[c] === id ? (own += code[c]) : (rest += code[c]);
    return { module, bytes: own.length, gzipAlone: own ? gz(own) : 0, gzipMarginal: own ? total - gz(rest) : 0 };
  });
  return { total, gzip: total, rows: rows.filter((r) => r.bytes > 0).sort((a, b) => b.gzipMarginal - a.gzipMarginal) };
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : Infinity;
  const file = args[0] ?? 'dist/browser/vitrine.iife.js';
  const { gzip, rows } = attribute(file);
  const bytes = rows.reduce((s, r) => s + r.bytes, 0);
  console.log(`${file}: ${bytes} B minified, ${gzip} B gzip -9\n`);
  console.log('| source module | minified B | share | gzip alone B | gzip marginal B |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows.slice(0, top)) console.log(`| ${r.module} | ${r.bytes} | ${((100 * r.bytes) / bytes).toFixed(1)}% | ${r.gzipAlone} | ${r.gzipMarginal} |`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('attribute.ts')) main();
