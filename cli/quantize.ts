/** tfjs per-tensor affine uint8 quantization (decoded by tf.io.decodeWeights as v = q * scale + min). */
export interface Quantized {
  q: Uint8Array;
  min: number;
  scale: number;
}

/**
 * q = round((v - min) / scale), scale = (max - min) / 255, with min nudged (by at most
 * scale / 2) so that 0 is exactly representable: rows never trained stay exactly 0.
 * Every value decodes within scale / 2 of the original.
 */
export function quantizeUint8(values: Float32Array): Quantized {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const q = new Uint8Array(values.length);
  if (hi === lo) return { q, min: lo, scale: 1 };
  const scale = (hi - lo) / 255;
  const zero = Math.round(-lo / scale);
  const min = -zero * scale;
  for (let i = 0; i < values.length; i++) q[i] = Math.min(255, Math.max(0, Math.round((values[i] - min) / scale)));
  return { q, min, scale };
}

/** Exactly what tfjs-core's decodeWeight does for uint8: Float32Array of q * scale + min. */
export function dequantizeUint8(q: Uint8Array, min: number, scale: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * scale + min;
  return out;
}
