/**
 * Product pictures for the vitals storefront: one PNG per product, drawn here (no network,
 * no image library) and of a photo's byte size (20–60 KB): a background in the colour of
 * the product's category, a lit shape, and grain, so it compresses like a photograph rather
 * than a flat icon. Deterministic per product id.
 */
import { crc32, deflateSync } from 'node:zlib';
import { hash32 } from '../../src/features/hash';

export const IMAGE_WIDTH = 320;
export const IMAGE_HEIGHT = 240;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGB) from a pixel function; rows use the Up filter, as encoders pick for photos. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(stride);
    for (let x = 0; x < width; x++) row.set(pixel(x, y), x * 3);
    const at = y * (stride + 1);
    raw[at] = 2; // Up
    for (let i = 0; i < stride; i++) raw[at + 1 + i] = (row[i] - previous[i]) & 255;
    previous = row;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

const GRAIN_MIN = 0.04;
const GRAIN_MAX = 0.12;

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/** The picture of one product (its category gives the colour and shape, its id the grain). */
export function productPng(p: { id: string; category: string }): Buffer {
  const hue = hash32(p.category.split('.').slice(0, 2).join('.')) % 360;
  const shape = hash32(p.category) % 3;
  let seed = hash32(p.id) || 1;
  const grain = GRAIN_MIN + (hash32(`${p.id}:grain`) % 100) / 100 * (GRAIN_MAX - GRAIN_MIN); // share of grainy pixels: sets the byte size (20–60 KB)
  const base = hsl(hue, 0.45, 0.5);
  const cx = IMAGE_WIDTH / 2;
  const cy = IMAGE_HEIGHT / 2;
  const inside = (x: number, y: number) => {
    const dx = x - cx;
    const dy = y - cy;
    if (shape === 0) return dx * dx + dy * dy < 80 * 80;
    if (shape === 1) return Math.abs(dx) < 90 && Math.abs(dy) < 70;
    return dy > -80 && dy < 70 && Math.abs(dx) < (dy + 80) * 0.6;
  };
  return encodePng(IMAGE_WIDTH, IMAGE_HEIGHT, (x, y) => {
    const light = inside(x, y) ? 35 - (y - cy) * 0.2 : -(y / IMAGE_HEIGHT) * 40;
    const noise = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const r = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
      return r < grain / 2 ? -3 : r < grain ? 3 : 0;
    };
    return [clamp(base[0] + light + noise()), clamp(base[1] + light + noise()), clamp(base[2] + light + noise())];
  });
}
