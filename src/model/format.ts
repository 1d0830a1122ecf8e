import { checkFeatureSpec, type FeatureSpec } from '../features/spec';
import { MIX_PARTS, type Mix } from './arch/itemtoitem';
import { resolveModelPath } from './paths';

/**
 * Architecture names this runtime can execute:
 * - `pooled-two-tower-v1`: shopper vector = the spec's fixed recency/type-weighted sum of history items;
 * - `attentive-two-tower-v2`: learned attention over history positions and event types, plus a
 *   learned repeat term for candidates already in the history (see model/arch/).
 */
export const ARCHITECTURES = ['pooled-two-tower-v1', 'attentive-two-tower-v2'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export const MANIFEST_FORMAT = 'vitrine-model';
export const MANIFEST_FORMAT_VERSION = 1;

/** A file of a model folder, with the size and digest the SDK checks before use. */
export interface ModelFile {
  path: string;
  /** Size and digest of the file as served (with `encoding`, of its text). */
  bytes: number;
  sha256: string;
  /**
   * 'base64': the file is a JSON string of the real bytes in base64, for hosts that accept only
   * text and image types (a Shopify theme's assets: `vitrine shopify`); checked as served, then decoded.
   */
  encoding?: 'base64';
}

/** One row of an evaluation table (see `vitrine eval`). */
export interface EvalRow {
  name: string;
  'HR@10': number;
  'HR@20': number;
  'MRR@20': number;
  'NDCG@10': number;
  n: number;
}

/**
 * `manifest.json` of a model folder.
 * The tensors, in the tfjs weights manifest named by `weights`:
 * - `item_emb` [buckets, dim]: token embeddings of the candidate tower;
 * - `ctx_emb`  [buckets, dim]: token embeddings of the history (shopper) tower; absent when
 *   both towers share `item_emb` (one table trained for both, shipped once);
 * - `attentive-two-tower-v2` only: `attn_pos`, `rep_pos` [features.historyLength] and
 *   `attn_type`, `rep_type` [4] (event types in EVENT_TYPES order): the history parameters.
 */
export interface ModelManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: number;
  name: string;
  modelVersion: string;
  createdAt: string;
  arch: Architecture;
  dim: number;
  features: FeatureSpec;
  /** Path (relative to the manifest) of the tfjs weights manifest (`model.json`). */
  weights: string;
  files: ModelFile[];
  /**
   * Path of the item-to-item tables (JSON, src/model/arch/itemtoitem.ts), one of `files`;
   * absent: the model has none.
   */
  itemToItem?: string;
  /**
   * Path of the known-id filter (src/model/arch/known.ts), one of `files`; absent: every item id
   * counts as trained (models written before the filter).
   */
  knownIds?: string;
  /**
   * The catalog pack (src/recommend/pack.ts) for recommendations: its path, size and SHA-256,
   * checked like every file, but not one of `files`: it is downloaded only when a page asks for
   * recommendations, not with the model.
   */
  catalog?: ModelFile;
  /** Weights of the score's parts, fitted on the store's own validation split; absent: { twoTower: 1, repeat: 1, successors: 0, covisit: 0 }. */
  mix?: Mix;
  /** How the mix was fitted (the model card says more). */
  mixFit?: MixFit;
  eval?: { dataset: string; rows: EvalRow[] };
}

/** The validation fit of a mix: the split, and the objective (HR@20 + MRR@20) of each part alone and of the mix. */
export interface MixFit {
  sessions: number;
  events: number;
  rows: EvalRow[];
  /** Share of the item-to-item budget the successors could take (the rest: co-visitation), and the fitted mix's row of each share tried. */
  successorShare?: number;
  shares?: { share: number; row: EvalRow }[];
}

/** Paths are checked against a folder of their own when no manifest URL is known (the loader checks again against the real one). */
const PATH_CHECK_BASE = 'https://model.invalid/folder/manifest.json';

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Validates a parsed manifest.json; the reason lists every problem found. */
export function checkManifest(value: unknown): Result<ModelManifest> {
  const m = value as Partial<ModelManifest> | null;
  if (!m || typeof m !== 'object') return { ok: false, reason: 'manifest is not a JSON object' };
  const problems: string[] = [];
  if (m.format !== MANIFEST_FORMAT) problems.push(`format: expected "${MANIFEST_FORMAT}"`);
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) problems.push(`formatVersion: this SDK reads ${MANIFEST_FORMAT_VERSION}, got ${String(m.formatVersion)}`);
  if (!ARCHITECTURES.includes(m.arch as Architecture)) problems.push(`arch: expected one of ${ARCHITECTURES.join(', ')}, got ${String(m.arch)}`);
  if (typeof m.dim !== 'number' || !Number.isInteger(m.dim) || m.dim < 1) problems.push('dim: expected a positive integer');
  if (typeof m.modelVersion !== 'string' || !m.modelVersion) problems.push('modelVersion: missing');
  problems.push(...checkFeatureSpec(m.features));
  if (m.arch === 'attentive-two-tower-v2' && !(typeof m.features?.historyLength === 'number' && m.features.historyLength >= 1))
    problems.push('features.historyLength: attentive-two-tower-v2 needs at least 1 (its attn_pos and rep_pos tensors have one value per history position)');
  if (!Array.isArray(m.files) || m.files.length === 0) problems.push('files: expected a non-empty list');
  else
    m.files.forEach((f, i) => {
      const path = resolveModelPath(f?.path, PATH_CHECK_BASE);
      if (!path.ok) problems.push(`files[${i}].path: expected a relative path inside the folder: ${path.reason}`);
      else if (m.files!.findIndex((g) => g?.path === f.path) < i) problems.push(`files[${i}].path: listed twice`);
      if (!f || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) problems.push(`files[${i}].sha256: expected 64 lower-case hex digits`);
      if (!f || !Number.isSafeInteger(f.bytes) || f.bytes < 0) problems.push(`files[${i}].bytes: expected a whole number of bytes >= 0`);
      if (f?.encoding !== undefined && f.encoding !== 'base64') problems.push(`files[${i}].encoding: expected "base64" or no encoding`);
    });
  if (typeof m.weights !== 'string' || !m.files?.some((f) => f?.path === m.weights)) problems.push('weights: must name one of files');
  if (m.itemToItem !== undefined && (typeof m.itemToItem !== 'string' || !m.files?.some((f) => f?.path === m.itemToItem))) problems.push('itemToItem: must name one of files');
  if (m.knownIds !== undefined && (typeof m.knownIds !== 'string' || !m.files?.some((f) => f?.path === m.knownIds))) problems.push('knownIds: must name one of files');
  if (m.mix !== undefined && !(m.mix && typeof m.mix === 'object' && MIX_PARTS.every((k) => typeof m.mix![k] === 'number' && Number.isFinite(m.mix![k]) && m.mix![k] >= 0)))
    problems.push(`mix: expected { ${MIX_PARTS.join(', ')} } of finite numbers >= 0`);
  return problems.length ? { ok: false, reason: `invalid model manifest: ${problems.join('; ')}` } : { ok: true, value: m as ModelManifest };
}
