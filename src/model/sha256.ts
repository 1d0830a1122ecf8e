import { inChunks } from '../common/slices';

/**
 * SHA-256 in plain JavaScript (FIPS 180-4). Used only where SubtleCrypto is missing:
 * pages served over plain http (not localhost) have no `crypto.subtle`.
 */
const K = new Uint32Array(64);
(() => {
  // first 32 bits of the fractional parts of the cube roots of the first 64 primes
  let found = 0;
  for (let c = 2; found < 64; c++) {
    let prime = true;
    for (let d = 2; d * d <= c; d++) if (c % d === 0) prime = false;
    if (prime) K[found++] = (Math.cbrt(c) % 1) * 2 ** 32;
  }
})();

/**
 * 64-byte blocks hashed per chunk by sha256Sliced: 16 KiB, about 0.5 ms at full speed here.
 * Small, because the first chunks run before V8 has compiled the loop (measured in Chromium at
 * CPU ×4: 64 KiB chunks made 80 ms tasks then); the slicer yields only once 12 ms are used, so
 * small chunks cost a clock read each, not a yield.
 */
export const SHA256_BLOCKS_PER_CHUNK = 256;

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

interface Hashing {
  view: DataView;
  blocks: number;
  h: Uint32Array;
  w: Uint32Array;
}

/** The message padded to whole blocks (a copy), and the initial hash value. */
function start(data: ArrayBuffer | Uint8Array): Hashing {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  return { view, blocks: padded.length >> 6, h, w: new Uint32Array(64) };
}

/** Hashes blocks `from` to `to` (exclusive) into `s.h`. */
function compress(s: Hashing, from: number, to: number): void {
  const { view, h, w } = s;
  for (let off = from * 64; off < to * 64; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 64; i++) {
      const t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
}

function digest(s: Hashing): Uint8Array {
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  s.h.forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}

/**
 * SHA-256 of `data` in chunks of SHA256_BLOCKS_PER_CHUNK blocks that yield to the event loop
 * between them (src/common/slices.ts), so hashing a model file never makes a long task.
 * `chunks` replaces the slicer (tests).
 */
export async function sha256Sliced(data: ArrayBuffer | Uint8Array, chunks: typeof inChunks = inChunks): Promise<Uint8Array> {
  const s = start(data);
  await chunks(s.blocks, SHA256_BLOCKS_PER_CHUNK, (from, to) => compress(s, from, to));
  return digest(s);
}
