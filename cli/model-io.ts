import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureSpec } from '../src/features/spec';
import { decodeWeights, type WeightEntry, type WeightsJson } from '../src/model/arch/decode';
import { archOf, modelTensors, SEQ_TENSORS, tablesFromTensors, withItemParts } from '../src/model/arch/tensors';
import type { SequenceParams, TowerTables } from '../src/model/arch/types';
import type { Mix } from '../src/model/arch/itemtoitem';
import { checkManifest, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, type EvalRow, type MixFit, type ModelManifest } from '../src/model/format';
import { quantizeUint8 } from './quantize';
import { encodeKnownIds, type KnownIds } from '../src/model/arch/known';

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

export interface WriteOptions {
  name: string;
  spec: FeatureSpec;
  tables: TowerTables;
  eval?: { dataset: string; rows: EvalRow[] };
  date?: Date;
  /** The item-to-item tables file's text (cli/train/itemtoitem.ts), written as ITEM_TABLES_FILE. */
  itemTables?: string;
  mix?: Mix;
  mixFit?: MixFit;
  /** The catalog pack's text (cli/train/catalog-pack.ts), written as CATALOG_FILE. */
  catalog?: string;
  /** Written as KNOWN_IDS_FILE when given (src/model/arch/known.ts); else `tables.known`, if any. */
  knownIds?: KnownIds;
}

/** Name of the known-id filter in a model folder. */
export const KNOWN_IDS_FILE = 'known-ids.bin';

/** Name of the catalog pack in a model folder. */
export const CATALOG_FILE = 'catalog.json';

/** Name of the item-to-item tables in a model folder. */
export const ITEM_TABLES_FILE = 'item-to-item.json';

/** Writes model.json + weights.bin + manifest.json (MODEL_CARD.md is written by the caller). */
export function writeModelFolder(dir: string, o: WriteOptions): ModelManifest {
  mkdirSync(dir, { recursive: true });
  const specs: WeightEntry[] = [];
  const parts: Uint8Array[] = [];
  // the tables ship uint8-quantized, the history parameters (tiny) as float32; a table shared by both towers ships once
  for (const t of modelTensors(o.spec, o.tables)) {
    if (t.table) {
      const { q, min, scale } = quantizeUint8(t.values);
      specs.push({ name: t.name, shape: t.shape, dtype: 'float32', quantization: { dtype: 'uint8', min, scale } });
      parts.push(q);
    } else {
      const values = Float32Array.from(t.values);
      specs.push({ name: t.name, shape: t.shape, dtype: 'float32' });
      parts.push(new Uint8Array(values.buffer));
    }
  }
  const weights = Buffer.concat(parts);
  const modelJson = JSON.stringify({ format: 'vitrine-embedding', generatedBy: 'vitrine train', weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, null, 2) + '\n';
  writeFileSync(path.join(dir, 'weights.bin'), weights);
  writeFileSync(path.join(dir, 'model.json'), modelJson);
  if (o.itemTables !== undefined) writeFileSync(path.join(dir, ITEM_TABLES_FILE), o.itemTables);
  else rmSync(path.join(dir, ITEM_TABLES_FILE), { force: true }); // a model written over one that had tables
  if (o.catalog !== undefined) writeFileSync(path.join(dir, CATALOG_FILE), o.catalog);
  else rmSync(path.join(dir, CATALOG_FILE), { force: true });
  const knownFilter = o.knownIds ?? o.tables.known;
  const known = knownFilter && encodeKnownIds(knownFilter);
  if (known) writeFileSync(path.join(dir, KNOWN_IDS_FILE), known);
  else rmSync(path.join(dir, KNOWN_IDS_FILE), { force: true });
  const date = o.date ?? new Date();
  const digest = sha256(weights);
  // the version changes with anything that changes the scores: weights, item-to-item tables, mix
  const extra = o.itemTables !== undefined || o.mix || known ? JSON.stringify([o.itemTables ?? null, o.mix ?? null, ...(known ? [sha256(known)] : [])]) : '';
  const version = extra ? sha256(digest + extra) : digest;
  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    name: o.name,
    modelVersion: `${o.name}-${date.toISOString().slice(0, 10)}-${version.slice(0, 8)}`,
    createdAt: date.toISOString(),
    arch: archOf(o.tables),
    dim: o.tables.dim,
    features: o.spec,
    weights: 'model.json',
    files: [
      { path: 'model.json', bytes: Buffer.byteLength(modelJson), sha256: sha256(modelJson) },
      { path: 'weights.bin', bytes: weights.length, sha256: digest },
      ...(o.itemTables !== undefined ? [{ path: ITEM_TABLES_FILE, bytes: Buffer.byteLength(o.itemTables), sha256: sha256(o.itemTables) }] : []),
      ...(known ? [{ path: KNOWN_IDS_FILE, bytes: known.length, sha256: sha256(known) }] : []),
    ],
    ...(o.itemTables !== undefined ? { itemToItem: ITEM_TABLES_FILE } : {}),
    ...(known ? { knownIds: KNOWN_IDS_FILE } : {}),
    ...(o.catalog !== undefined ? { catalog: { path: CATALOG_FILE, bytes: Buffer.byteLength(o.catalog), sha256: sha256(o.catalog) } } : {}),
    ...(o.mix ? { mix: o.mix } : {}),
    ...(o.mixFit ? { mixFit: o.mixFit } : {}),
    ...(o.eval ? { eval: o.eval } : {}),
  };
  const checked = checkManifest(manifest);
  if (!checked.ok) throw new Error(`internal: wrote an invalid manifest: ${checked.reason}`);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Reads and verifies a model folder (manifest check, sizes, SHA-256), returning dequantized tables. */
export function readModelFolder(dir: string): { manifest: ModelManifest; tables: TowerTables } {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${dir}: no manifest.json (is this a model folder written by vitrine train?)`);
  const checked = checkManifest(JSON.parse(readFileSync(file, 'utf8')));
  if (!checked.ok) throw new Error(`${file}: ${checked.reason}`);
  const manifest = checked.value;
  for (const f of [...manifest.files, ...(manifest.catalog ? [manifest.catalog] : [])]) {
    const data = readFileSync(path.join(dir, f.path));
    if (data.length !== f.bytes || sha256(data) !== f.sha256) throw new Error(`${dir}/${f.path}: size or SHA-256 does not match manifest.json`);
  }
  const weightsDir = path.join(dir, path.dirname(manifest.weights));
  try {
    const json = JSON.parse(readFileSync(path.join(dir, manifest.weights), 'utf8')) as WeightsJson;
    const tensors = decodeWeights(json, (p) => (manifest.files.some((f) => path.join(dir, f.path) === path.join(weightsDir, p)) ? readFileSync(path.join(weightsDir, p)) : undefined));
    const tables = tablesFromTensors(manifest, tensors);
    return { manifest, tables: withItemParts(tables, manifest, (p) => (manifest.files.some((f) => f.path === p) ? readFileSync(path.join(dir, p)) : undefined)) };
  } catch (error) {
    throw new Error(`${dir}/${manifest.weights}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Float32 copy of the tables, kept outside the shipped folder (for the `model (float32)` eval row). */
export function floatCachePath(cacheDir: string, modelVersion: string): string {
  return path.join(cacheDir, modelVersion, 'weights.f32.bin');
}

const seqPath = (weightsFile: string) => path.join(path.dirname(weightsFile), 'seq.json');

export function writeFloatCache(cacheDir: string, modelVersion: string, tables: TowerTables): string {
  const file = floatCachePath(cacheDir, modelVersion);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([Buffer.from(tables.item.buffer, tables.item.byteOffset, tables.item.byteLength), Buffer.from(tables.ctx.buffer, tables.ctx.byteOffset, tables.ctx.byteLength)]));
  // v2's history parameters are float32 in the shipped folder too; kept here so the cache is a whole model
  if (tables.seq) writeFileSync(seqPath(file), JSON.stringify(Object.fromEntries(SEQ_TENSORS.map(([, key]) => [key, Array.from(tables.seq![key])]))));
  return file;
}

export function readFloatCache(cacheDir: string, modelVersion: string, dim: number): TowerTables | undefined {
  const file = floatCachePath(cacheDir, modelVersion);
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const half = all.length / 2;
  const tables: TowerTables = { dim, item: all.slice(0, half), ctx: all.slice(half) };
  if (existsSync(seqPath(file))) {
    const seq = JSON.parse(readFileSync(seqPath(file), 'utf8')) as Record<string, number[]>;
    tables.seq = Object.fromEntries(SEQ_TENSORS.map(([, key]) => [key, Float32Array.from(seq[key])])) as unknown as SequenceParams;
  }
  return tables;
}
