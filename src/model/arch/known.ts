import { hash32 } from '../../features/hash';

/**
 * The known-id filter of a model folder (manifest `knownIds`): a Bloom filter of the item ids
 * the model's id rows were trained on. An id it does not hold is certainly unknown to the model:
 * the tokenizer then leaves the item's id token out (src/features/tokens.ts itemTokens), so an
 * item never trained is scored from its content alone, instead of from the trained row its id
 * hashes into. A false positive (probability about 0.6185^bitsPerId) only keeps the old behaviour
 * for that id. Absent filter: every id counts as known (models written before it).
 *
 * File layout (little-endian): "VKID", u8 version (1), u8 hashes k, u16 reserved (0),
 * u32 seed, u32 bit count m, then ceil(m / 8) bytes of bits (bit i: byte i >> 3, bit i & 7).
 */
export interface KnownIds {
  /** Bits of the filter, m = bits.length * 8 or fewer (`m`). */
  bits: Uint8Array;
  m: number;
  k: number;
  seed: number;
}

const MAGIC = [0x56, 0x4b, 0x49, 0x44]; // "VKID"
const VERSION = 1;
const HEADER = 16;

/** Bits per id of the filters `vitrine train` writes: about 0.8% false positives, 1.25 bytes per id. */
export const KNOWN_BITS_PER_ID = 10;

/** The k bit positions of an id: double hashing, two 32-bit FNV-1a hashes of the id. */
function positions(id: string, f: Pick<KnownIds, 'm' | 'k' | 'seed'>, each: (bit: number) => boolean): boolean {
  const h1 = hash32(id, f.seed);
  const h2 = (hash32(id, (f.seed ^ 0x9e3779b9) >>> 0) | 1) >>> 0;
  for (let i = 0; i < f.k; i++) if (!each(((h1 + Math.imul(i, h2)) >>> 0) % f.m)) return false;
  return true;
}

/** Whether the filter may hold `id` (false: certainly not). */
export function knownId(f: KnownIds, id: string): boolean {
  return positions(id, f, (b) => (f.bits[b >> 3] & (1 << (b & 7))) !== 0);
}

/** A filter of `ids`: bitsPerId bits per distinct id (at least 64 bits), k = round(bitsPerId ln 2) hashes. */
export function buildKnownIds(ids: Iterable<string>, bitsPerId = KNOWN_BITS_PER_ID, seed = 0x6b1d): KnownIds {
  const distinct = new Set(ids);
  const m = Math.max(64, Math.ceil(distinct.size * bitsPerId / 8) * 8);
  const k = Math.max(1, Math.min(16, Math.round(bitsPerId * Math.LN2)));
  const f: KnownIds = { bits: new Uint8Array(m / 8), m, k, seed: seed >>> 0 };
  for (const id of distinct)
    positions(id, f, (b) => {
      f.bits[b >> 3] |= 1 << (b & 7);
      return true;
    });
  return f;
}

/** The filter's file bytes. */
export function encodeKnownIds(f: KnownIds): Uint8Array {
  const out = new Uint8Array(HEADER + f.bits.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  out[5] = f.k;
  view.setUint32(8, f.seed, true);
  view.setUint32(12, f.m, true);
  out.set(f.bits, HEADER);
  return out;
}

/** Reads a filter file; throws on anything malformed (the file's SHA-256 is checked before, with the other files). */
export function decodeKnownIds(bytes: Uint8Array): KnownIds {
  if (bytes.length < HEADER || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('known-id filter: not a VKID file');
  if (bytes[4] !== VERSION) throw new Error(`known-id filter: version ${bytes[4]} (this SDK reads ${VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const k = bytes[5];
  const seed = view.getUint32(8, true);
  const m = view.getUint32(12, true);
  if (k < 1 || k > 16 || m < 1 || bytes.length - HEADER !== Math.ceil(m / 8)) throw new Error(`known-id filter: ${bytes.length} bytes for k=${k}, m=${m} bits`);
  return { bits: new Uint8Array(bytes.subarray(HEADER)), m, k, seed };
}

/** The id test the tokenizer takes (src/features/tokens.ts): undefined when the model has no filter (every id known). */
export const knownTest = (f: KnownIds | undefined): ((id: string) => boolean) | undefined => (f ? (id) => knownId(f, id) : undefined);
