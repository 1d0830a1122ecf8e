/**
 * The script tag and a model as files a Shopify theme's `assets/` folder accepts: one flat
 * folder, every file `vitrine*` named, and only extensions a theme asset may have (Shopify's own
 * lists: .js, .css, .json, .png, .jpg, .svg; .wasm and .mjs are not on every list, .bin and .map
 * on none). The ES modules become `.js` (a browser reads a module by its MIME type, never by its
 * name); each reference between them carries one version of the whole set (`?v=`), so a theme
 * update never mixes files of two builds in the CDN's or the browser's cache. The model's binary
 * weights are shipped as a JSON string of base64 (`encoding: 'base64'` in its manifest, checked
 * as served, then decoded); every model file is named by its digest. tfjs's `.wasm` files are left
 * out: the WASM backend only runs jobs of 100,000+ candidates, which a storefront grid never is
 * (a forced `backend: 'wasm'` falls back to the next engine).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The loader's name in a theme (the snippet's `{{ 'vitrine.js' | asset_url }}`). */
export const LOADER_ASSET = 'vitrine.js';
/** The model's manifest in a theme (the snippet's `data-model`). */
export const MANIFEST_ASSET = 'vitrine-model.json';

export interface AssetFile {
  name: string;
  data: Buffer;
}

interface ManifestJson {
  weights: string;
  itemToItem?: string;
  files: { path: string; bytes: number; sha256: string; encoding?: string }[];
  /** The catalog pack (recommendations): listed apart from `files`, downloaded only when a page asks. */
  catalog?: { path: string; bytes: number; sha256: string };
  [key: string]: unknown;
}

/** Replaces each quoted or `./`-relative reference to one of `names` (exact file names) in built JS. */
function renameReferences(code: string, names: ReadonlyMap<string, string>): string {
  return code.replace(/(["'`]|\.\/)(vitrine[\w.-]*?\.mjs)(?=["'`])/g, (all, before: string, name: string) => {
    const to = names.get(name);
    return to ? `${before}${to}` : all;
  });
}

/** The built browser files (dist/browser) as theme assets: the loader as vitrine.js, the ES modules as .js, maps and .wasm left out. */
export function sdkAssets(browserDir: string): AssetFile[] {
  const built = readdirSync(browserDir).filter((f) => f === 'vitrine.iife.js' || /^vitrine[\w.-]*\.mjs$/.test(f));
  if (!built.includes('vitrine.iife.js') || !built.includes('vitrine-full.mjs')) throw new CliError(`no built script tag in ${browserDir}: run npm run build (the npm package ships it)`);
  const sources = new Map(built.map((f) => [f, readFileSync(path.join(browserDir, f), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')]));
  // one version for the whole set: the references between the modules (a cycle: the ML runtime and its chunks) cannot each carry their own
  const version = sha256([...sources].sort(([a], [b]) => a.localeCompare(b)).map(([f, code]) => `${f}\n${code}`).join('\n')).slice(0, 12);
  const names = new Map(built.filter((f) => f.endsWith('.mjs')).map((f) => [f, `${f.slice(0, -'.mjs'.length)}.js?v=${version}`]));
  return built.map((f) => ({
    name: f === 'vitrine.iife.js' ? LOADER_ASSET : `${f.slice(0, -'.mjs'.length)}.js`,
    data: Buffer.from(renameReferences(sources.get(f)!, names)),
  }));
}

/**
 * A model folder as theme assets: the manifest as vitrine-model.json, each file it lists as
 * `vitrine-model-<digest>.json` (JSON files as they are, with model.json's weight paths renamed;
 * any other file as a JSON string of base64). Returns the files and the manifest's SRI value
 * (`data-model-integrity`).
 */
export function modelAssets(modelDir: string): { files: AssetFile[]; integrity: string; encodedBytes: number; rawBytes: number } {
  let manifest: ManifestJson;
  try {
    manifest = JSON.parse(readFileSync(path.join(modelDir, 'manifest.json'), 'utf8')) as ManifestJson;
  } catch {
    throw new CliError('no readable manifest.json: give the folder vitrine train --out wrote', { file: modelDir });
  }
  if (!Array.isArray(manifest.files) || typeof manifest.weights !== 'string') throw new CliError('manifest.json is not a Vitrine model manifest', { file: modelDir });
  const read = (p: string) => readFileSync(path.join(modelDir, p));
  const renamed = new Map<string, string>();
  const out: AssetFile[] = [];
  let encodedBytes = 0;
  let rawBytes = 0;
  const emit = (from: string, data: Buffer, encoding?: 'base64') => {
    const name = `vitrine-model-${sha256(data).slice(0, 16)}.json`;
    renamed.set(from, name);
    out.push({ name, data });
    return { path: name, bytes: data.length, sha256: sha256(data), ...(encoding ? { encoding } : {}) };
  };
  const entries = new Map<string, ManifestJson['files'][number]>();
  // binary files first: model.json names them
  for (const f of manifest.files) {
    if (f.path.endsWith('.json') || f.encoding) continue;
    const raw = read(f.path);
    const data = Buffer.from(JSON.stringify(raw.toString('base64')));
    rawBytes += raw.length;
    encodedBytes += data.length;
    entries.set(f.path, emit(f.path, data, 'base64'));
  }
  for (const f of manifest.files) {
    if (entries.has(f.path)) continue;
    let data = read(f.path);
    if (f.path === manifest.weights) {
      const weights = JSON.parse(data.toString('utf8')) as { weightsManifest?: { paths: string[] }[] };
      // model.json's paths are relative to itself; in the flat folder every file sits beside it
      const dir = path.posix.dirname(f.path);
      for (const group of weights.weightsManifest ?? []) group.paths = group.paths.map((p) => renamed.get(path.posix.normalize(path.posix.join(dir, p))) ?? p);
      data = Buffer.from(JSON.stringify(weights));
    }
    entries.set(f.path, emit(f.path, data, f.encoding as 'base64' | undefined));
  }
  // JSON already: a theme asset as it is, under its digest name like the other files
  const catalog = manifest.catalog ? emit(manifest.catalog.path, read(manifest.catalog.path)) : undefined;
  const shipped: ManifestJson = {
    ...manifest,
    ...(catalog ? { catalog } : {}),
    weights: renamed.get(manifest.weights)!,
    ...(manifest.itemToItem ? { itemToItem: renamed.get(manifest.itemToItem) } : {}),
    files: manifest.files.map((f) => entries.get(f.path)!),
  };
  const data = Buffer.from(`${JSON.stringify(shipped, null, 2)}\n`);
  out.unshift({ name: MANIFEST_ASSET, data });
  return { files: out, integrity: `sha256-${createHash('sha256').update(data).digest('base64')}`, encodedBytes, rawBytes };
}
