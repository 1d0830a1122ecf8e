import { MAX_ID_LENGTH, MAX_PRICE, MAX_TEXT_LENGTH, toText } from '../features/validate';
import type { ItemAttrs } from '../features/types';
import { inChunks } from '../common/slices';

/**
 * The catalog pack of a model folder (`catalog` in manifest.json, written by `vitrine train
 * --catalog`), JSON, columnar (columns of one field gzip better than rows of many):
 *
 * `{ format, v, n, id: string[], title?, url?, image?, category?, brand?: (string | null)[],
 *    price?: (number | null)[], oos?: number[], trending: number[], together: number[][],
 *    togetherFrom: ('cart' | 'click')[] }`
 * - one entry per item in every column present (null: the item has no value);
 * - `oos`: indices of out-of-stock items;
 * - `trending`: pairs [index, score] flattened, highest first; score = decayed recent
 *   popularity, normalised to the top item = 1000 (whole numbers);
 * - `together`: rows [index, neighbour, neighbour, ...], neighbours by co-occurrence, most first;
 *   `togetherFrom[r]` names the signal of row r (add-to-cart/purchase, else clicks).
 * - `url`, `image` (version 2): a value may refer to its own item: `\s` stands for the slug of
 *   the item's title (slugOf), `\i` for its id (URLs usually spell the product's handle, image
 *   names often its SKU; those columns were half the pack). A kept URL has no backslash (safeUrl),
 *   so a reference cannot be read as text, and one left unresolved makes the URL unsafe: dropped.
 * The scorer embeds items from their attributes (id, title, category, brand, price: the
 * model's own tokens), so the pack holds no vectors (measured in cli/train/catalog-pack.ts).
 */
export const PACK_FORMAT = 'vitrine-catalog';
/** The version written; decodePack also reads version 1 (no references). */
export const PACK_VERSION = 2;
const READS = [1, PACK_VERSION];

const SLUG_REF = '\\s';
const ID_REF = '\\i';
const swap = (text: string, from: string, to: string) => text.split(from).join(to);

/** A title as URL handles spell it: lower case, accents dropped, each run of other characters one '-', none at the ends. */
export function slugOf(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A URL column's value with its references (SLUG_REF, ID_REF) replaced by the item's own slug and id. */
export function resolveRefs(value: string, id: string, title: string | undefined): string {
  if (!value.includes('\\')) return value;
  const withId = swap(value, ID_REF, id);
  return title ? swap(withId, SLUG_REF, slugOf(title)) : withId;
}

/**
 * A clean URL as the pack stores it: its item's title slug and id replaced by references where
 * that is shorter and resolveRefs gives the URL back exactly; else the URL itself.
 */
export function referTo(url: string, id: string, title: string | undefined): string {
  let out = url;
  const slug = title ? slugOf(title) : '';
  // a reference is 3 characters in JSON: only longer slugs and ids gain
  if (slug.length > 3) out = swap(out, slug, SLUG_REF);
  if (id.length > 3 && !id.includes('\\')) out = swap(out, id, ID_REF);
  return out !== url && resolveRefs(out, id, title) === url ? out : url;
}

/** Title first: the URL columns' references read it. */
export const PACK_TEXT_FIELDS = ['title', 'url', 'image', 'category', 'brand'] as const;
export type PackTextField = (typeof PACK_TEXT_FIELDS)[number];

export interface PackFile {
  format: typeof PACK_FORMAT;
  v: 1 | typeof PACK_VERSION;
  n: number;
  id: string[];
  title?: (string | null)[];
  url?: (string | null)[];
  image?: (string | null)[];
  category?: (string | null)[];
  brand?: (string | null)[];
  price?: (number | null)[];
  oos?: number[];
  trending: number[];
  together: number[][];
  togetherFrom: ('cart' | 'click')[];
}

/** One catalog item as a recommendation shows it. */
export interface CatalogItem extends ItemAttrs {
  url?: string;
  image?: string;
  outOfStock?: boolean;
}

export interface Catalog {
  items: CatalogItem[];
  index: Map<string, number>;
  /** Item indices, most trending first, and their scores (0..1). */
  trending: { items: Int32Array; scores: Float32Array };
  together: Map<number, { items: Int32Array; from: 'cart' | 'click' }>;
}

/** Longest kept URL. */
export const MAX_URL_LENGTH = 2048;

/**
 * A URL a page may link or load: http(s) or relative (no `javascript:`, `data:`, `blob:` ...),
 * no whitespace or control characters, at most MAX_URL_LENGTH; else undefined. Used when the
 * pack is written and again when it is rendered.
 */
export function safeUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL_LENGTH) return undefined;
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(value)) return undefined;
  // a scheme is letters, digits, + - . before the first ':' that comes before any / ? #
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  if (scheme) return /^https?$/i.test(scheme[1]) ? value : undefined;
  return value;
}

const TEXT_MAX: Record<Exclude<PackTextField, 'url' | 'image'>, number> = MAX_TEXT_LENGTH;

/** A field's value as kept: text cleaned and capped, URLs checked; undefined when it is not acceptable. */
export function cleanField(field: PackTextField, value: unknown): string | undefined {
  return field === 'url' || field === 'image' ? safeUrl(value) : toText(value, TEXT_MAX[field]);
}

const fail = (what: string): never => {
  throw new Error(`catalog pack: ${what}`);
};

/** Items checked per piece of decodePack: it yields between pieces (no long task on a large catalog). */
const DECODE_CHUNK = 1024;

/** Reads a pack (parsed JSON), checking every column and cleaning every value again; throws naming the problem. */
export async function decodePack(value: unknown): Promise<Catalog> {
  const f = value as Partial<PackFile> | null;
  if (!f || f.format !== PACK_FORMAT || !READS.includes(f.v as number)) fail(`expected format ${PACK_FORMAT} version ${READS.join(' or ')}`);
  const n = f!.n as number;
  if (!Number.isInteger(n) || n < 0 || !Array.isArray(f!.id) || f!.id.length !== n) fail('n and id must agree');
  const column = (name: keyof PackFile): unknown[] | undefined => {
    const c = f![name];
    if (c === undefined) return undefined;
    if (!Array.isArray(c) || c.length !== n) fail(`${name} must have one entry per item`);
    return c as unknown[];
  };
  const items: CatalogItem[] = [];
  const index = new Map<string, number>();
  const cols = PACK_TEXT_FIELDS.map((k) => [k, column(k)] as const);
  const prices = column('price');
  await inChunks(n, DECODE_CHUNK, (from, to) => {
    for (let i = from; i < to; i++) {
      const id = f!.id![i];
      if (typeof id !== 'string' || !id || id.length > MAX_ID_LENGTH || index.has(id)) fail('ids must be distinct non-empty strings');
      const item: CatalogItem = { id };
      for (const [k, c] of cols) {
        const raw = c?.[i];
        const v = raw == null ? undefined : cleanField(k, typeof raw === 'string' && (k === 'url' || k === 'image') ? resolveRefs(raw, id, item.title) : raw);
        if (v) item[k] = v;
      }
      const p = prices?.[i];
      if (typeof p === 'number' && Number.isFinite(p) && p >= 0 && p < MAX_PRICE) item.price = p;
      index.set(id, i);
      items.push(item);
    }
  });
  const inRange = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
  for (const i of f!.oos ?? []) if (inRange(i)) items[i].outOfStock = true;
  const t = Array.isArray(f!.trending) ? f!.trending : [];
  const tItems: number[] = [];
  const tScores: number[] = [];
  for (let k = 0; k + 1 < t.length; k += 2) if (inRange(t[k]) && Number.isFinite(t[k + 1])) tItems.push(t[k]), tScores.push(Math.max(0, t[k + 1]) / 1000);
  const together = new Map<number, { items: Int32Array; from: 'cart' | 'click' }>();
  (Array.isArray(f!.together) ? f!.together : []).forEach((row, r) => {
    if (!Array.isArray(row) || !row.every(inRange)) return;
    together.set(row[0], { items: Int32Array.from(row.slice(1)), from: f!.togetherFrom?.[r] === 'cart' ? 'cart' : 'click' });
  });
  return { items, index, trending: { items: Int32Array.from(tItems), scores: Float32Array.from(tScores) }, together };
}
