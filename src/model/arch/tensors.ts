import type { FeatureSpec } from '../../features/spec';
import { EVENT_TYPES } from '../../features/types';
import type { Architecture } from '../format';
import type { DecodedTensor } from './decode';
import { decodeItemTables, type Mix } from './itemtoitem';
import { decodeKnownIds } from './known';
import type { SequenceParams, TowerTables } from './types';

/**
 * The tensors of a model (names as in `model.json`):
 * - `item_emb` [buckets, dim]: token embeddings of the candidate tower;
 * - `ctx_emb`  [buckets, dim]: token embeddings of the history tower; absent when both towers
 *   share `item_emb` (one table trained for both, shipped once);
 * - `attentive-two-tower-v2` only: SEQ_TENSORS, the history parameters.
 */
export const TABLE_TENSORS = { item: 'item_emb', ctx: 'ctx_emb' } as const;

/** v2's history parameters: tensor name, SequenceParams field, length (`position`: features.historyLength; `type`: one per EVENT_TYPES, in that order). */
export const SEQ_TENSORS = [
  ['attn_pos', 'attnPos', 'position'],
  ['attn_type', 'attnType', 'type'],
  ['rep_pos', 'repPos', 'position'],
  ['rep_type', 'repType', 'type'],
] as const;

/** The architecture of a set of tables: v2 when it has history parameters. */
export const archOf = (tables: TowerTables): Architecture => (tables.seq ? 'attentive-two-tower-v2' : 'pooled-two-tower-v1');

export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
  /** The embedding tables (large) ship quantized; the history parameters (tiny) as float32. */
  table: boolean;
}

/** The tensors to write for a model, in order (a table shared by both towers is written once). */
export function modelTensors(spec: FeatureSpec, tables: TowerTables): NamedTensor[] {
  const shape = [spec.buckets, tables.dim];
  const tied = tables.ctx === tables.item || (tables.ctx.length === tables.item.length && tables.ctx.every((v, i) => v === tables.item[i]));
  const out: NamedTensor[] = [{ name: TABLE_TENSORS.item, shape, values: tables.item, table: true }];
  if (!tied) out.push({ name: TABLE_TENSORS.ctx, shape, values: tables.ctx, table: true });
  if (tables.seq) for (const [name, key] of SEQ_TENSORS) out.push({ name, shape: [tables.seq[key].length], values: tables.seq[key], table: false });
  return out;
}

/** What a model folder's manifest says about its tensors. */
export interface TensorLayout {
  arch: Architecture;
  dim: number;
  features: Pick<FeatureSpec, 'buckets' | 'historyLength'>;
}

/** Builds the tables of an architecture from decoded tensors; throws naming the tensor that is missing or misshapen. */
export function tablesFromTensors(layout: TensorLayout, tensors: ReadonlyMap<string, DecodedTensor>): TowerTables {
  const { buckets, historyLength } = layout.features;
  const table = (name: string): Float32Array | undefined => {
    const t = tensors.get(name);
    if (!t) return undefined;
    if (t.shape.length !== 2 || t.shape[0] !== buckets || t.shape[1] !== layout.dim) throw new Error(`tensor ${name} is [${t.shape.join(', ')}], expected [${buckets}, ${layout.dim}]`);
    return t.values;
  };
  const item = table(TABLE_TENSORS.item);
  if (!item) throw new Error(`tensor ${TABLE_TENSORS.item} [${buckets}, ${layout.dim}] is missing`);
  const out: TowerTables = { dim: layout.dim, item, ctx: table(TABLE_TENSORS.ctx) ?? item };
  if (layout.arch === 'attentive-two-tower-v2') {
    const seq: Partial<SequenceParams> = {};
    for (const [name, key, size] of SEQ_TENSORS) {
      const n = size === 'type' ? EVENT_TYPES.length : historyLength;
      const t = tensors.get(name);
      if (!t || t.values.length !== n) throw new Error(`tensor ${name} missing or not of ${n} values (${layout.arch})`);
      seq[key] = t.values;
    }
    out.seq = seq as SequenceParams;
  }
  return out;
}

/**
 * The mix, item-to-item tables and known-id filter of a manifest, added to its tables: `read(path)` gives the
 * bytes of a file of the folder. Throws when the tables file is missing or malformed.
 */
export function withItemParts(tables: TowerTables, manifest: { mix?: Mix; itemToItem?: string; knownIds?: string }, read: (path: string) => Uint8Array | undefined): TowerTables {
  if (manifest.mix) tables.mix = { ...manifest.mix };
  if (manifest.knownIds) {
    const bytes = read(manifest.knownIds);
    if (!bytes) throw new Error(`known-id filter ${manifest.knownIds} is not in the model folder`);
    tables.known = decodeKnownIds(bytes);
  }
  if (manifest.itemToItem) {
    const bytes = read(manifest.itemToItem);
    if (!bytes) throw new Error(`item-to-item tables ${manifest.itemToItem} are not in the model folder`);
    tables.items = decodeItemTables(JSON.parse(new TextDecoder().decode(bytes)));
  }
  return tables;
}
