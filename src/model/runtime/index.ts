import * as tf from '@tensorflow/tfjs-core';
import type { Logger } from '../../common/log';
import type { BackendChoice, BackendName } from '../../common/types';
import { EVENT_TYPES, type HistoryEvent, type ItemAttrs } from '../../features/types';
import type { ModelManifest } from '../format';
import type { SequenceParams } from '../reference';
import { fetchModel, type ModelUpdate } from '../fetch';
import { selectBackend } from './backend';
import { TowerModel } from './model';

/** The ML runtime: what the core gets back from the lazily loaded chunk. */
export interface ModelRuntime {
  backend: BackendName;
  manifest: ModelManifest;
  modelBytes: number;
  source: 'network' | 'cache';
  /** This page view's background check for a newer model (null when none runs). */
  update(): ModelUpdate | null;
  score(history: readonly HistoryEvent[], candidates: readonly ItemAttrs[]): Promise<Float32Array>;
  /** Live tensors (to check for leaks). */
  numTensors(): number;
  dispose(): void;
}

export interface LoadModelOptions {
  url: string;
  backend: BackendChoice;
  cache: boolean;
  maxAge: number;
  /** `sha256-<base64>` of the only manifest to accept. */
  integrity?: string;
  wasmPaths?: string;
  log: Logger;
}

interface WeightsJson {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}


const SEQ_TENSORS = [
  ['attn_pos', 'attnPos', 'historyLength'],
  ['attn_type', 'attnType', 'types'],
  ['rep_pos', 'repPos', 'historyLength'],
  ['rep_type', 'repType', 'types'],
] as const;

/** The decoded model: the two tables as tensors and, for v2, the history parameters as plain arrays (they are used in JS). */
interface Decoded {
  item: tf.Tensor2D;
  ctx: tf.Tensor2D;
  seq?: SequenceParams;
}

/** Decodes the tfjs weights (dequantizing uint8/float16) into what the manifest's architecture needs. */
async function decode(manifest: ModelManifest, files: Map<string, ArrayBuffer>): Promise<Decoded> {
  const weightsJson = JSON.parse(new TextDecoder().decode(files.get(manifest.weights))) as WeightsJson;
  const tensors: Record<string, tf.Tensor> = {};
  const fail = (message: string): never => {
    Object.values(tensors).forEach((x) => x.dispose());
    throw new Error(message);
  };
  for (const group of weightsJson.weightsManifest ?? []) {
    const buffers = group.paths.map((p) => {
      const data = files.get(new URL(p, `https://x/${manifest.weights}`).pathname.slice(1));
      if (!data) fail(`weights file ${p} is not listed in the manifest`);
      return data as ArrayBuffer;
    });
    Object.assign(tensors, tf.io.decodeWeights(buffers.length === 1 ? buffers[0] : buffers, group.weights));
  }
  tensors.ctx_emb ??= tensors.item_emb; // the towers may share one table
  for (const name of ['item_emb', 'ctx_emb']) {
    const t = tensors[name];
    if (!t || t.rank !== 2 || t.shape[0] !== manifest.features.buckets || t.shape[1] !== manifest.dim) fail(`tensor ${name} missing or not [${manifest.features.buckets}, ${manifest.dim}]`);
  }
  let seq: SequenceParams | undefined;
  if (manifest.arch === 'attentive-two-tower-v2') {
    const parts: Partial<SequenceParams> = {};
    for (const [name, key, size] of SEQ_TENSORS) {
      const n = size === 'types' ? EVENT_TYPES.length : manifest.features.historyLength;
      const t = tensors[name];
      if (!t || t.size !== n) fail(`tensor ${name} missing or not of ${n} values (${manifest.arch})`);
      parts[key] = Float32Array.from((await t.data()) as Float32Array); // read once: used in JS
      t.dispose();
      delete tensors[name];
    }
    seq = parts as SequenceParams;
  }
  return { item: tensors.item_emb as tf.Tensor2D, ctx: tensors.ctx_emb as tf.Tensor2D, seq };
}

/** Selects a backend, downloads (or reads from cache) and verifies the model, and builds it on tfjs. */
export async function loadModel(opts: LoadModelOptions): Promise<ModelRuntime> {
  const wasmPaths = opts.wasmPaths ?? new URL('./', import.meta.url).href;
  const [backend, folder] = await Promise.all([selectBackend(opts.backend, wasmPaths, opts.log), fetchModel(opts.url, opts)]);
  const decoded = await decode(folder.manifest, folder.files);
  const model = new TowerModel(folder.manifest.features, decoded.item, decoded.ctx, decoded.seq);
  opts.log.debug(`model ${folder.manifest.modelVersion} (${folder.bytes} bytes, ${folder.source}) on ${backend}`);
  return {
    backend,
    manifest: folder.manifest,
    modelBytes: folder.bytes,
    source: folder.source,
    update: folder.update,
    score: (history, candidates) => model.score(history, candidates),
    numTensors: () => tf.memory().numTensors,
    dispose: () => model.dispose(),
  };
}
