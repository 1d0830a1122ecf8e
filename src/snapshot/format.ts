import { checkFeatureSpec, type FeatureSpec } from '../features/spec';
import type { KnownIds } from '../model/arch/known';

/**
 * The shopper snapshot: everything the first view needs to score any item for this shopper,
 * without the model. Today's models are linear in an item's token rows and the shopper vector
 * does not depend on the candidate, so for a given history the contribution of every table row
 * (shopper · item-tower row, the shopper vector times the mix's two-tower weight) is computed
 * once; an item's score is then
 *   sum over its tokens of weight_t * rows[bucket_t]  +  repeats[item id]
 * where `repeats` is the id term: the mixed repeat term (v2) and item-to-item scores
 * (src/model/arch/itemtoitem.ts), which depend only on the history and the item's id.
 * It is written after each history change (by the full SDK, off the first view's path) and
 * read in one synchronous step by the loader. Format: PUBLIC-API.md "Shopper snapshot".
 */
/** Format version: 2 since the id term holds item-to-item scores (a version-1 snapshot is refused: it lacks them). */
export const SNAPSHOT_VERSION = 2;

export interface ShopperSnapshot {
  /** Format version. */
  v: typeof SNAPSHOT_VERSION;
  /** Manifest URL of the model it was computed with (a page asking for another model ignores it). */
  model: string;
  modelVersion: string;
  /** The model's feature spec: how the loader tokenises items. */
  features: FeatureSpec;
  /** Events in the history it was computed from, and the newest one's time: its stamp. */
  events: number;
  newest: number;
  /** When it was computed (ms since the epoch). */
  updatedAt: number;
  /** shopper · row for every row of the item table [features.buckets]; absent: the history has no usable score (model failed). */
  rows?: Float32Array;
  /** The id term per item id: mixed repeat term (v2) plus item-to-item scores; empty when the model has neither. */
  repeats: Map<string, number>;
  /** The model's known-id filter (src/model/arch/known.ts), when it has one: an id it rejects is tokenised without its id, as the model does. */
  known?: KnownIds;
  /** The browser's A/B draw (see core/experiment.ts), when one was made. */
  draw?: number;
}

/** Serialised form: JSON, rows as base64 of little-endian float32. */
interface Stored extends Omit<ShopperSnapshot, 'rows' | 'repeats' | 'known'> {
  rows?: string;
  repeats: [string, number][];
  /** The filter's m, k, seed and bits (base64). */
  known?: { m: number; k: number; seed: number; bits: string };
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function encodeSnapshot(s: ShopperSnapshot): string {
  const { known } = s;
  const stored: Stored = {
    ...s,
    rows: s.rows && toBase64(new Uint8Array(s.rows.buffer, s.rows.byteOffset, s.rows.byteLength)),
    repeats: [...s.repeats],
    known: known && { m: known.m, k: known.k, seed: known.seed, bits: toBase64(known.bits) },
  };
  return JSON.stringify(stored);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The snapshot in `text`, or null when it is missing, foreign or damaged (a bad snapshot is never used). */
export function decodeSnapshot(text: string | null): ShopperSnapshot | null {
  if (!text) return null;
  try {
    const s = JSON.parse(text) as Stored;
    if (!s || s.v !== SNAPSHOT_VERSION || typeof s.model !== 'string' || typeof s.modelVersion !== 'string' || checkFeatureSpec(s.features).length) return null;
    if (!finite(s.events) || !finite(s.newest) || !finite(s.updatedAt) || !Array.isArray(s.repeats)) return null;
    const repeats = new Map<string, number>();
    for (const pair of s.repeats) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !finite(pair[1])) return null;
      repeats.set(pair[0], pair[1]);
    }
    let rows: Float32Array | undefined;
    if (s.rows !== undefined) {
      const bytes = fromBase64(s.rows);
      if (bytes.length !== s.features.buckets * 4) return null;
      rows = new Float32Array(bytes.buffer);
      for (let i = 0; i < rows.length; i++) if (!Number.isFinite(rows[i])) return null;
    }
    let known: KnownIds | undefined;
    if (s.known !== undefined) {
      const { m, k, seed, bits } = s.known;
      const b = typeof bits === 'string' ? fromBase64(bits) : undefined;
      if (!b || !finite(m) || !finite(k) || !finite(seed) || k < 1 || k > 16 || m < 1 || b.length !== Math.ceil(m / 8)) return null;
      known = { m, k, seed, bits: b };
    }
    return { ...s, rows, repeats, known, draw: finite(s.draw) ? s.draw : undefined };
  } catch {
    return null;
  }
}
