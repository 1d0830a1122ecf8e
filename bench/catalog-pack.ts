/**
 * Bytes of the catalog pack per 50,000 items (issue 11 target: <= 2 MB gzip with titles, URLs
 * and image paths). A synthetic catalog shaped like a store export (ids, 4-8 word titles from
 * brand / adjective / noun / model-number lists, 3-level categories, prices, product URLs
 * /products/<slug>-<id>, CDN image URLs with a content hash) and synthetic sessions for the
 * trending and bought-together parts. `npx tsx bench/catalog-pack.ts [items]`.
 */
import { ItemTable } from '../cli/items';
import type { Session } from '../cli/events';
import { buildCatalogPack } from '../cli/train/catalog-pack';
import { Rng } from '../cli/train/rng';

const n = Number(process.argv[2] ?? 50_000);
const rng = new Rng(11);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng.next() * xs.length)];
const BRANDS = Array.from({ length: 400 }, (_, i) => `brand${i.toString(36)}`);
const ADJ = ['classic', 'slim', 'pro', 'ultra', 'wireless', 'organic', 'leather', 'cotton', 'compact', 'deluxe', 'mini', 'max', 'lite', 'smart', 'eco', 'heavy-duty', 'waterproof', 'vintage'];
const NOUN = ['jacket', 'sneaker', 'headphones', 'blender', 'backpack', 'watch', 'lamp', 'chair', 'mug', 'kettle', 'tent', 'phone case', 'keyboard', 'sofa', 'drill', 'dress', 'shirt', 'speaker'];
const COLOR = ['black', 'white', 'navy', 'red', 'green', 'grey', 'beige', 'blue', 'pink', 'olive'];
const CATS = Array.from({ length: 600 }, (_, i) => `dept${i % 12}.group${i % 80}.leaf${i}`);
const items = new ItemTable();
for (let k = 0; k < n; k++) {
  const id = `SKU-${(100000 + k * 7).toString()}`;
  const i = items.intern(id);
  const title = `${pick(BRANDS)} ${pick(ADJ)} ${pick(NOUN)} ${pick(COLOR)}${rng.next() < 0.5 ? ` ${pick(['XL', 'M', 'S', '42', '128GB', '2-pack'])}` : ''} ${String.fromCharCode(65 + Math.floor(rng.next() * 26))}${Math.floor(rng.next() * 9000 + 100)}`;
  items.attrs[i] = { title, category: pick(CATS), brand: title.split(' ')[0], price: Math.round(rng.next() * 50000) / 100 };
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  items.extras.set(i, { url: `/products/${slug}-${k}`, image: `https://cdn.shop.example/files/${id}-${Math.floor(rng.next() * 2 ** 32).toString(16)}.jpg?v=${1700000000 + k}`, outOfStock: rng.next() < 0.05 || undefined });
}
// sessions: 4 events each, 60% within one category block (so bought-together has support)
const sessions: Session[] = [];
for (let s = 0; s < n * 2; s++) {
  const base = Math.floor(rng.next() * n);
  const its = Array.from({ length: 4 }, () => (rng.next() < 0.6 ? (base + Math.floor(rng.next() * 5)) % n : Math.floor(rng.next() ** 2 * n)));
  sessions.push({ id: String(s), items: Int32Array.from(its), types: Uint8Array.from(its, () => (rng.next() < 0.2 ? 2 : 0)), first: s, end: s });
}
const t0 = performance.now();
const pack = buildCatalogPack(items, Array.from({ length: n }, (_, i) => i), sessions);
const ms = performance.now() - t0;
const raw = Buffer.byteLength(pack.text);
console.log(`| ${n.toLocaleString('en')} | ${(raw / 1024 / 1024).toFixed(2)} MB | ${(pack.gzipBytes / 1024 / 1024).toFixed(2)} MB | ${((pack.gzipBytes * 50_000) / n / 1024 / 1024).toFixed(2)} MB | ${pack.file.trending.length / 2} | ${pack.file.together.length} | ${(ms / 1000).toFixed(1)} s |`);
if (process.env.COLUMNS_DETAIL) {
  const { gzipSync } = await import('node:zlib');
  for (const [k, v] of Object.entries(pack.file)) console.log(k, gzipSync(JSON.stringify(v), { level: 9 }).length);
}
