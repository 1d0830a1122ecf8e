import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

export interface SizeRow {
  name: string;
  raw: number;
  gzip: number;
}

const size = (files: string[]): { raw: number; gzip: number } =>
  files.reduce(
    (acc, f) => {
      const data = readFileSync(f);
      return { raw: acc.raw + data.length, gzip: acc.gzip + gzipSync(data, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );

/** Static imports of an ES chunk (`from"./x.mjs"`, `import"./x.mjs"`). */
const staticImports = (code: string) => [...code.matchAll(/(?:from|import)\s*["'](\.\/[^"']+\.mjs)["']/g)].map((m) => m[1].slice(2));

function closure(dir: string, start: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    staticImports(readFileSync(path.join(dir, name), 'utf8')).forEach(visit);
  };
  visit(start);
  return [...seen].map((n) => path.join(dir, n));
}

/**
 * What a browser downloads, per part: the script-tag loader; the ML runtime with each
 * backend (its chunk closure, plus the .wasm binary for WASM); the model folder.
 */
export function measureSizes(root: string, model: string): SizeRow[] {
  const dir = path.join(root, 'dist/browser');
  const files = readdirSync(dir);
  const rows: SizeRow[] = [{ name: 'loader: vitrine.iife.js (script tag)', ...size([path.join(dir, 'vitrine.iife.js')]) }];
  const runtime = closure(dir, 'vitrine-ml.mjs');
  rows.push({ name: 'ML runtime core (tfjs-core + model code)', ...size(runtime) });
  for (const backend of ['wasm', 'webgpu', 'webgl', 'cpu']) {
    const chunk = files.find((f) => f.startsWith(`vitrine-ml-backend-${backend}-`) && f.endsWith('.mjs'));
    if (!chunk) continue;
    const all = new Set([...runtime, ...closure(dir, chunk)]);
    if (backend === 'wasm') all.add(path.join(dir, 'tfjs-backend-wasm-simd.wasm'));
    rows.push({ name: `ML runtime + ${backend} backend${backend === 'wasm' ? ' (+ SIMD .wasm)' : ''}`, ...size([...all]) });
  }
  const modelDir = path.join(root, model);
  const modelFiles = readdirSync(modelDir).filter((f) => f !== 'MODEL_CARD.md' && statSync(path.join(modelDir, f)).isFile());
  rows.push({ name: `model ${model} (${modelFiles.join(', ')})`, ...size(modelFiles.map((f) => path.join(modelDir, f))) });
  return rows;
}
