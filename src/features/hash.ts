/**
 * 32-bit FNV-1a over the UTF-16 code units of a string, with a seed mixed into the
 * offset basis. Identical in Node and every browser (Math.imul, unsigned shifts).
 */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche so that low bits (used for bucketing) depend on every input bit
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Bucket of a token in a table of `buckets` rows. */
export function bucketOf(token: string, buckets: number, seed: number): number {
  return hash32(token, seed) % buckets;
}
