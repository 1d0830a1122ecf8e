import { decodeWeights, type WeightsJson } from '../arch/decode';
import { tablesFromTensors } from '../arch/tensors';
import type { TowerTables } from '../arch/types';
import type { ModelManifest } from '../format';

/** The float32 tables of a verified model folder (weights dequantized), checked against the manifest's architecture. */
export function readTables(manifest: ModelManifest, files: ReadonlyMap<string, ArrayBuffer>): TowerTables {
  const json = files.get(manifest.weights);
  if (!json) throw new Error(`weights manifest ${manifest.weights} is not listed in the manifest`);
  const weights = JSON.parse(new TextDecoder().decode(json)) as WeightsJson;
  const tensors = decodeWeights(weights, (p) => {
    // paths in model.json are relative to model.json itself
    const data = files.get(new URL(p, `https://x/${manifest.weights}`).pathname.slice(1));
    return data && new Uint8Array(data);
  });
  return tablesFromTensors(manifest, tensors);
}
