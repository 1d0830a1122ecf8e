/** One tensor of a TensorFlow.js weights manifest (`model.json`). */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}

export interface WeightsJson {
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

export interface DecodedTensor {
  shape: number[];
  values: Float32Array;
}

const BYTES: Record<string, number> = { float32: 4, uint8: 1, uint16: 2, float16: 2 };

/** IEEE 754 half precision bits to a number (subnormals, infinities and NaN included). */
function half(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f ? NaN : sign * Infinity;
  return sign * (1024 + f) * 2 ** (e - 25);
}

/** Decodes values `from` to `to` (exclusive) of weight `w`, whose encoded bytes are `bytes`, into `out`. */
function decodeRange(w: WeightEntry, bytes: Uint8Array, out: Float32Array, from: number, to: number): void {
  const q = w.quantization;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!q) for (let i = from; i < to; i++) out[i] = view.getFloat32(4 * i, true);
  else if (q.dtype === 'float16') for (let i = from; i < to; i++) out[i] = half(view.getUint16(2 * i, true));
  else {
    const { min, scale } = q as { min: number; scale: number };
    // as tf.io.decodeWeights: q * scale + min in float64, stored as float32
    if (q.dtype === 'uint8') for (let i = from; i < to; i++) out[i] = bytes[i] * scale + min;
    else for (let i = from; i < to; i++) out[i] = view.getUint16(2 * i, true) * scale + min;
  }
}

function check(w: WeightEntry): string | undefined {
  if (!w || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) return 'a weight needs a name and a shape of whole numbers';
  if (w.dtype !== 'float32') return `weight ${w.name}: dtype ${String(w.dtype)} (this runtime reads float32 weights)`;
  const q = w.quantization;
  if (q && !['uint8', 'uint16', 'float16'].includes(q.dtype)) return `weight ${w.name}: quantization ${String(q.dtype)} (expected uint8, uint16 or float16)`;
  if (q && q.dtype !== 'float16' && !(Number.isFinite(q.min) && Number.isFinite(q.scale))) return `weight ${w.name}: ${q.dtype} quantization needs a finite min and scale`;
  return undefined;
}

/** A weight located in the weights files: its encoded bytes and the number of values it decodes to. */
interface Located {
  w: WeightEntry;
  bytes: Uint8Array;
  size: number;
}

/** Checks the weights manifest and finds every weight's bytes; throws on anything malformed. */
function locate(json: WeightsJson, read: (path: string) => Uint8Array | undefined): Located[] {
  if (!json || !Array.isArray(json.weightsManifest)) throw new Error('weights manifest: expected { weightsManifest: [...] }');
  const out: Located[] = [];
  for (const group of json.weightsManifest) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new Error('weights manifest: each group needs paths and weights');
    const parts = group.paths.map((p) => {
      const data = read(p);
      if (!data) throw new Error(`weights file ${p} is not listed in the manifest`);
      return data;
    });
    const all = parts.length === 1 ? parts[0] : concat(parts);
    let offset = 0;
    for (const w of group.weights) {
      const problem = check(w);
      if (problem) throw new Error(problem);
      const size = w.shape.reduce((a, b) => a * b, 1);
      const length = size * BYTES[w.quantization ? w.quantization.dtype : w.dtype];
      if (offset + length > all.length) throw new Error(`weight ${w.name}: the weights files end before it does`);
      out.push({ w, bytes: all.subarray(offset, offset + length), size });
      offset += length;
    }
  }
  return out;
}

/**
 * Decodes the float32 tensors of a TensorFlow.js weights manifest (plain, uint8 / uint16
 * affine quantization, or float16) to the values tf.io.decodeWeights gives, without tfjs.
 * `read(path)` returns the bytes of a file named in `paths` (undefined when it has none).
 * Throws on anything malformed: unknown encodings, missing files, too few bytes.
 */
export function decodeWeights(json: WeightsJson, read: (path: string) => Uint8Array | undefined): Map<string, DecodedTensor> {
  const out = new Map<string, DecodedTensor>();
  for (const { w, bytes, size } of locate(json, read)) {
    const values = new Float32Array(size);
    decodeRange(w, bytes, values, 0, size);
    out.set(w.name, { shape: w.shape, values });
  }
  return out;
}

/**
 * Values decoded per chunk by decodeWeightsSliced: well under 1 ms at full speed here; small, as
 * the first chunks run before the loop is compiled (sha256.ts); the slicer yields only once 12 ms are used.
 */
export const DECODE_VALUES_PER_CHUNK = 16_384;

/**
 * decodeWeights in chunks of DECODE_VALUES_PER_CHUNK values that yield to the event loop between
 * them (`chunks`: src/common/slices.ts `inChunks`, or a stand-in in tests), so decoding a large
 * table in the browser never makes a long task. The same values, the same errors.
 */
export async function decodeWeightsSliced(
  json: WeightsJson,
  read: (path: string) => Uint8Array | undefined,
  chunks: (n: number, size: number, work: (from: number, to: number) => void) => Promise<void>,
): Promise<Map<string, DecodedTensor>> {
  const out = new Map<string, DecodedTensor>();
  for (const { w, bytes, size } of locate(json, read)) {
    const values = new Float32Array(size);
    await chunks(size, DECODE_VALUES_PER_CHUNK, (from, to) => decodeRange(w, bytes, values, from, to));
    out.set(w.name, { shape: w.shape, values });
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}
