import * as tf from '@tensorflow/tfjs-core';
import type { Logger } from '../../core/log';
import type { BackendChoice, BackendName } from '../../core/types';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import type { ModelManifest } from '../format';
import { fetchModel } from '../fetch';
import { selectBackend } from './backend';
import { TowerModel } from './model';

/** The ML runtime: what the core gets back from the lazily loaded chunk. */
export interface ModelRuntime {
  backend: BackendName;
  manifest: ModelManifest;
  modelBytes: number;
  source: 'network' | 'cache';
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
  wasmPaths?: string;
  log: Logger;
}

interface WeightsJson {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}


/** Decodes the tfjs weights (dequantizing uint8/float16) into the named tensors the architecture needs. */
function decode(manifest: ModelManifest, files: Map<string, ArrayBuffer>): Record<string, tf.Tensor2D> {
  const weightsJson = JSON.parse(new TextDecoder().decode(files.get(manifest.weights))) as WeightsJson;
  const tensors: Record<string, tf.Tensor2D> = {};
  for (const group of weightsJson.weightsManifest ?? []) {
    const buffers = group.paths.map((p) => {
      const data = files.get(new URL(p, `https://x/${manifest.weights}`).pathname.slice(1));
      if (!data) throw new Error(`weights file ${p} is not listed in the manifest`);
      return data;
    });
    Object.assign(tensors, tf.io.decodeWeights(buffers.length === 1 ? buffers[0] : buffers, group.weights));
  }
  tensors.ctx_emb ??= tensors.item_emb; // the towers may share one table
  for (const name of ['item_emb', 'ctx_emb']) {
    const t = tensors[name];
    if (!t || t.rank !== 2 || t.shape[0] !== manifest.features.buckets || t.shape[1] !== manifest.dim) {
      Object.values(tensors).forEach((x) => x.dispose());
      throw new Error(`tensor ${name} missing or not [${manifest.features.buckets}, ${manifest.dim}]`);
    }
  }
  return tensors;
}

/** Selects a backend, downloads (or reads from cache) and verifies the model, and builds it on tfjs. */
export async function loadModel(opts: LoadModelOptions): Promise<ModelRuntime> {
  const wasmPaths = opts.wasmPaths ?? new URL('./', import.meta.url).href;
  const [backend, folder] = await Promise.all([selectBackend(opts.backend, wasmPaths, opts.log), fetchModel(opts.url, opts)]);
  const tensors = decode(folder.manifest, folder.files);
  const model = new TowerModel(folder.manifest.features, tensors.item_emb, tensors.ctx_emb);
  opts.log.debug(`model ${folder.manifest.modelVersion} (${folder.bytes} bytes, ${folder.source}) on ${backend}`);
  return {
    backend,
    manifest: folder.manifest,
    modelBytes: folder.bytes,
    source: folder.source,
    score: (history, candidates) => model.score(history, candidates),
    numTensors: () => tf.memory().numTensors,
    dispose: () => model.dispose(),
  };
}
