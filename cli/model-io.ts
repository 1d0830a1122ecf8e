import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureSpec } from '../src/features/spec';
import { checkManifest, MANIFEST_FORMAT, MANIFEST_FORMAT_VERSION, type EvalRow, type ModelManifest } from '../src/model/format';
import type { SequenceParams, TowerTables } from '../src/model/reference';
import { dequantizeUint8, quantizeUint8 } from './quantize';

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'uint8'; min: number; scale: number };
}

/** v2's history parameters: tensor name in model.json, field of SequenceParams. Tiny, so shipped as float32. */
export const SEQ_TENSORS = [
  ['attn_pos', 'attnPos'],
  ['attn_type', 'attnType'],
  ['rep_pos', 'repPos'],
  ['rep_type', 'repType'],
] as const;

export interface WriteOptions {
  name: string;
  spec: FeatureSpec;
  tables: TowerTables;
  eval?: { dataset: string; rows: EvalRow[] };
  date?: Date;
}

/** Writes model.json + weights.bin + manifest.json (MODEL_CARD.md is written by the caller). */
export function writeModelFolder(dir: string, o: WriteOptions): ModelManifest {
  mkdirSync(dir, { recursive: true });
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  // one table trained for both towers ships once: the runtime uses item_emb for ctx_emb when the latter is absent
  const tied = o.tables.ctx === o.tables.item || (o.tables.ctx.length === o.tables.item.length && o.tables.ctx.every((v, i) => v === o.tables.item[i]));
  const named = tied ? ([['item_emb', o.tables.item]] as const) : ([['item_emb', o.tables.item], ['ctx_emb', o.tables.ctx]] as const);
  for (const [name, table] of named) {
    const { q, min, scale } = quantizeUint8(table);
    specs.push({ name, shape: [o.spec.buckets, o.tables.dim], dtype: 'float32', quantization: { dtype: 'uint8', min, scale } });
    parts.push(q);
  }
  if (o.tables.seq)
    for (const [name, key] of SEQ_TENSORS) {
      const values = Float32Array.from(o.tables.seq[key]);
      specs.push({ name, shape: [values.length], dtype: 'float32' });
      parts.push(new Uint8Array(values.buffer));
    }
  const weights = Buffer.concat(parts);
  const modelJson = JSON.stringify({ format: 'vitrine-embedding', generatedBy: 'vitrine train', weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, null, 2) + '\n';
  writeFileSync(path.join(dir, 'weights.bin'), weights);
  writeFileSync(path.join(dir, 'model.json'), modelJson);
  const date = o.date ?? new Date();
  const digest = sha256(weights);
  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    name: o.name,
    modelVersion: `${o.name}-${date.toISOString().slice(0, 10)}-${digest.slice(0, 8)}`,
    createdAt: date.toISOString(),
    arch: o.tables.seq ? 'attentive-two-tower-v2' : 'pooled-two-tower-v1',
    dim: o.tables.dim,
    features: o.spec,
    weights: 'model.json',
    files: [
      { path: 'model.json', bytes: Buffer.byteLength(modelJson), sha256: sha256(modelJson) },
      { path: 'weights.bin', bytes: weights.length, sha256: digest },
    ],
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
  for (const f of manifest.files) {
    const data = readFileSync(path.join(dir, f.path));
    if (data.length !== f.bytes || sha256(data) !== f.sha256) throw new Error(`${dir}/${f.path}: size or SHA-256 does not match manifest.json`);
  }
  const model = JSON.parse(readFileSync(path.join(dir, manifest.weights), 'utf8')) as { weightsManifest: { paths: string[]; weights: WeightSpec[] }[] };
  const tables: Partial<Record<string, Float32Array>> = {};
  for (const group of model.weightsManifest) {
    const buf = Buffer.concat(group.paths.map((p) => readFileSync(path.join(dir, path.dirname(manifest.weights), p))));
    let offset = 0;
    for (const w of group.weights) {
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (w.quantization?.dtype === 'uint8') {
        tables[w.name] = dequantizeUint8(new Uint8Array(buf.buffer, buf.byteOffset + offset, size), w.quantization.min, w.quantization.scale);
        offset += size;
      } else if (w.dtype === 'float32' && !w.quantization) {
        tables[w.name] = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + 4 * size));
        offset += 4 * size;
      } else throw new Error(`${dir}: weight ${w.name}: unsupported encoding (this CLI reads float32 and uint8-quantized weights)`);
    }
  }
  if (!tables.item_emb) throw new Error(`${dir}: model.json must hold item_emb (and ctx_emb unless the towers share it)`);
  const out: TowerTables = { dim: manifest.dim, item: tables.item_emb, ctx: tables.ctx_emb ?? tables.item_emb };
  if (manifest.arch === 'attentive-two-tower-v2') {
    const missing = SEQ_TENSORS.filter(([name]) => !tables[name]).map(([name]) => name);
    if (missing.length) throw new Error(`${dir}: ${manifest.arch} needs tensors ${missing.join(', ')} in model.json`);
    out.seq = Object.fromEntries(SEQ_TENSORS.map(([name, key]) => [key, tables[name]])) as unknown as SequenceParams;
  }
  return { manifest, tables: out };
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
