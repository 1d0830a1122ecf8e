/**
 * `vitrine assets <dir>`: copies into a site's static folder (Next.js `public/`, Vite `public/`,
 * any web root) exactly the files the browser fetches, and prints them with their sizes:
 * - the model: `manifest.json` and the files it lists (the base model shipped in the package, or
 *   `--model FOLDER`), to `<dir>/models/<name>/`;
 * - with `--wasm`: tfjs's single-threaded `.wasm` builds (SIMD, and plain for browsers without
 *   SIMD), of the tfjs the app resolves (its own node_modules), to `<dir>/tfjs/`; the threaded build
 *   is never used (threads are off), so it is not copied;
 * - with `--browser`: the script-tag build (loader, full SDK, ML runtime chunks, its `.wasm` and its
 *   base model), without source maps or the model card, to `<dir>/vitrine/`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseFlags, UsageError, type FlagSpec } from './args';
import { CliError } from './errors';

export const ASSETS_FLAGS: FlagSpec = {
  values: { model: 'a model folder to copy instead of the base model (what vitrine train --out wrote)' },
  booleans: {
    wasm: "also copy tfjs's .wasm files (only needed with backend: 'wasm'), to <dir>/tfjs/ (pass wasmPaths: '/tfjs/')",
    browser: 'also copy the script-tag build (dist/browser, no source maps) to <dir>/vitrine/',
  },
};

/** The package root: dist/cli.mjs sits in dist/. */
const PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The single-threaded builds tfjs-backend-wasm picks from (SIMD where the browser has it). */
const WASM_FILES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];

interface Copied {
  to: string;
  bytes: number;
  gzip: number;
}

function copy(from: string, to: string, out: Copied[]): void {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
  const data = readFileSync(to);
  out.push({ to, bytes: data.length, gzip: gzipSync(data, { level: 9 }).length });
}

/** The model folder's manifest and the files it names (never MODEL_CARD.md or anything else in the folder). */
function modelFiles(folder: string): string[] {
  const manifestPath = path.join(folder, 'manifest.json');
  if (!existsSync(manifestPath)) throw new CliError('no manifest.json in this folder: give the folder vitrine train --out wrote', { file: folder });
  let files: { path?: unknown }[];
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    // the catalog pack (recommendations) is listed apart from `files`: fetched only when a page asks, but served all the same
    files = Array.isArray(m.files) && m.catalog ? [...m.files, m.catalog] : m.files;
  } catch {
    throw new CliError('manifest.json is not valid JSON: give the folder vitrine train --out wrote', { file: manifestPath });
  }
  if (!Array.isArray(files)) throw new CliError('manifest.json lists no files: give the folder vitrine train --out wrote', { file: manifestPath });
  const names = files.map((f) => f?.path);
  for (const name of names) {
    if (typeof name !== 'string' || name.includes('..') || path.isAbsolute(name)) throw new CliError(`manifest.json names a file outside its folder (${JSON.stringify(name)})`, { file: manifestPath });
    if (!existsSync(path.join(folder, name))) throw new CliError(`missing ${name}, which manifest.json lists`, { file: folder });
  }
  return ['manifest.json', ...(names as string[])];
}

/** tfjs-backend-wasm's dist folder as the app resolves it (its own node_modules first, then this package's). */
function wasmFolder(): string {
  for (const from of [path.join(process.cwd(), 'package.json'), path.join(PACKAGE, 'package.json')]) {
    try {
      return path.join(path.dirname(createRequire(from).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    } catch {
      // not found from there
    }
  }
  throw new CliError('@tensorflow/tfjs-backend-wasm is not installed (it comes with vitrine): run npm install');
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)).map((f) => path.join(name, f)) : [name]));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function assetsCommand(argv: string[]): void {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1] === '--model'));
  if (positional.length !== 1) throw new UsageError('assets: give one folder to copy into, e.g. vitrine assets public (Next.js, Vite)');
  const dir = positional[0];
  const flags = parseFlags(argv.filter((a) => a !== dir), ASSETS_FLAGS, 'assets');
  const copied: Copied[] = [];

  const model = typeof flags.model === 'string' ? path.resolve(flags.model) : path.join(PACKAGE, 'models/base');
  const modelName = typeof flags.model === 'string' ? path.basename(model) : 'base';
  for (const f of modelFiles(model)) copy(path.join(model, f), path.join(dir, 'models', modelName, f), copied);
  if (flags.wasm) {
    const from = wasmFolder();
    for (const f of WASM_FILES) copy(path.join(from, f), path.join(dir, 'tfjs', f), copied);
  }
  if (flags.browser) {
    const browser = path.join(PACKAGE, 'dist/browser');
    if (!existsSync(path.join(browser, 'vitrine.iife.js'))) throw new CliError('the script-tag build is missing from the package (dist/browser): reinstall vitrine', { file: browser });
    for (const f of walk(browser).filter((f) => !/\.(map|md)$/.test(f))) copy(path.join(browser, f), path.join(dir, 'vitrine', f), copied);
  }

  const shown = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));
  const rows = copied.map((c) => [shown(c.to), kb(c.bytes), kb(c.gzip)]);
  const w = Math.max(4, ...rows.map((r) => r[0].length));
  console.log(`${'file'.padEnd(w)}  ${'size'.padStart(10)}  ${'gzip -9'.padStart(10)}`);
  for (const [f, size, gz] of rows) console.log(`${f.padEnd(w)}  ${size.padStart(10)}  ${gz.padStart(10)}`);
  const total = copied.reduce((s, c) => s + c.bytes, 0);
  const gz = copied.reduce((s, c) => s + c.gzip, 0);
  console.log(`${copied.length} files, ${kb(total)} (${kb(gz)} gzip -9)`);
  console.log(`model: '/${['models', modelName, 'manifest.json'].join('/')}'${flags.wasm ? ", wasmPaths: '/tfjs/'" : ''} (URLs when ${dir} is served at /)`);
  console.log('serve weights.bin and .wasm compressed (gzip or brotli) and with a long Cache-Control; README "Serving the files"');
}
