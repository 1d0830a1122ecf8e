import { inChunks } from '../../common/slices';
import { decodeWeightsSliced, type WeightsJson } from '../arch/decode';
import { tablesFromTensors, withItemParts } from '../arch/tensors';
import type { TowerTables } from '../arch/types';
import type { ModelManifest } from '../format';

/** The float32 tables of a verified model folder (weights dequantized in chunks that yield: no long task), checked against the manifest's architecture, with its mix and item-to-item tables. */
export async function readTables(manifest: ModelManifest, files: ReadonlyMap<string, ArrayBuffer>): Promise<TowerTables> {
  const json = files.get(manifest.weights);
  if (!json) throw new Error(`weights manifest ${manifest.weights} is not listed in the manifest`);
  const weights = JSON.parse(new TextDecoder().decode(json)) as WeightsJson;
  const tensors = await decodeWeightsSliced(weights, (p) => {
    // paths in model.json are relative to model.json itself
    const data = files.get(new URL(p, `https://x/${manifest.weights}`).pathname.slice(1));
    return data && new Uint8Array(data);
  }, inChunks);
  return withItemParts(tablesFromTensors(manifest, tensors), manifest, (p) => {
    const data = files.get(p);
    return data && new Uint8Array(data);
  });
}
