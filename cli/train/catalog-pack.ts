import { gzipSync } from 'node:zlib';
import { PACK_FORMAT, PACK_TEXT_FIELDS, PACK_VERSION, cleanField, referTo, type PackFile } from '../../src/recommend/pack';
import { TYPE_CODE } from '../events';
import type { Sessions } from '../sessions';
import type { ItemTable } from '../items';
import { asLog, covisitRows, distinctItems, type DistinctItems } from './pair-counts';

/** Half-life of an event's weight in the trending score, in hours before the newest event of the log. */
export const TRENDING_HALF_LIFE_HOURS = 24;
/** Weight of an event in the trending score, by type code (view, click, add_to_cart, purchase). */
export const TRENDING_TYPE_WEIGHTS = [1, 1, 3, 5] as const;
/** Items kept in the trending list. */
export const TRENDING_TOP = 500;
/** Bought-together neighbours kept per item. */
export const TOGETHER_TOP = 10;
/** Fewest sessions holding both items for a bought-together pair. */
export const TOGETHER_MIN_SUPPORT = 2;
/** The size target of a pack: gzip bytes per 50,000 items (issue 11). */
export const PACK_TARGET_PER_50K = 2 * 1024 * 1024;

/**
 * Decayed recent popularity: per item the sum over its events of type weight x 0.5^(age /
 * half-life), age (seconds, as the logs' times) from the newest session's end to the end of the
 * event's session: a session is minutes long against a half-life of hours, so its events share one age.
 */
export function trendingScores(sessions: Sessions, items: number, halfLifeHours = TRENDING_HALF_LIFE_HOURS): Float64Array {
  let newest = -Infinity;
  for (const s of sessions) if (s.items.length && s.end > newest) newest = s.end;
  const out = new Float64Array(items);
  const perSecond = 1 / (halfLifeHours * 3600);
  for (const s of sessions) {
    const decay = 0.5 ** ((newest - s.end) * perSecond);
    for (let e = 0; e < s.items.length; e++) out[s.items[e]] += TRENDING_TYPE_WEIGHTS[s.types[e]] * decay;
  }
  return out;
}

/**
 * Bought-together neighbours: items added to the cart or bought in the same sessions (at least
 * TOGETHER_MIN_SUPPORT sessions, the TOGETHER_TOP most), or, for an item with none, items
 * clicked or viewed in the same sessions under the same rule. Ties: lower item index first.
 */
export function togetherLists(sessions: Sessions): TogetherLists {
  const log = asLog(sessions);
  const top = (d: DistinctItems) => covisitRows(d, TOGETHER_TOP, TOGETHER_MIN_SUPPORT);
  const cart = top(distinctItems(log, (type) => type >= TYPE_CODE.add_to_cart));
  const click = top(distinctItems(log));
  return {
    get: (item) => {
      const c = cart.get(item);
      const l = c ?? click.get(item);
      return l && { items: Array.from(l.items), from: c ? 'cart' : 'click' };
    },
  };
}

/** Bought-together lists, looked up per item (a fresh array each call). */
export interface TogetherLists {
  get(item: number): { items: number[]; from: 'cart' | 'click' } | undefined;
}

export interface BuiltPack {
  file: PackFile;
  text: string;
  gzipBytes: number;
  /** Values dropped as unsafe or empty after cleaning (URLs that are not http(s) or relative, text with nothing left). */
  dropped: number;
}

/**
 * The catalog pack of the catalog items `catalog` (item indices, in catalog order): their
 * attributes (the columns some item has; values cleaned: cleanField), trending scores of the
 * training sessions, bought-together lists among the catalog items.
 */
export function buildCatalogPack(items: ItemTable, catalog: readonly number[], sessions: Sessions): BuiltPack {
  const at = new Map(catalog.map((item, k) => [item, k]));
  let dropped = 0;
  const file: PackFile = { format: PACK_FORMAT, v: PACK_VERSION, n: catalog.length, id: catalog.map((i) => items.ids[i]), trending: [], together: [], togetherFrom: [] };
  for (const field of PACK_TEXT_FIELDS) {
    const raw = catalog.map((i) => (field === 'url' || field === 'image' ? items.extras.get(i)?.[field] : items.attrs[i]?.[field]));
    if (!raw.some((v) => v !== undefined)) continue;
    const linked = field === 'url' || field === 'image';
    file[field] = raw.map((v, k) => {
      if (v === undefined) return null;
      const c = cleanField(field, v);
      if (!c) dropped++;
      return c && linked ? referTo(c, file.id[k], file.title?.[k] ?? undefined) : (c ?? null);
    });
  }
  if (catalog.some((i) => items.attrs[i]?.price !== undefined)) file.price = catalog.map((i) => items.attrs[i]?.price ?? null);
  const oos = catalog.flatMap((i, k) => (items.extras.get(i)?.outOfStock ? [k] : []));
  if (oos.length) file.oos = oos;
  const trend = trendingScores(sessions, items.size);
  const ranked = catalog.filter((i) => trend[i] > 0).sort((a, b) => trend[b] - trend[a] || at.get(a)! - at.get(b)!).slice(0, TRENDING_TOP);
  const max = ranked.length ? trend[ranked[0]] : 1;
  for (const i of ranked) file.trending.push(at.get(i)!, Math.max(1, Math.round((1000 * trend[i]) / max)));
  const lists = togetherLists(sessions);
  for (const item of catalog) {
    const l = lists.get(item);
    const kept = l?.items.filter((b) => at.has(b)).map((b) => at.get(b)!);
    if (!l || !kept?.length) continue;
    file.together.push([at.get(item)!, ...kept]);
    file.togetherFrom.push(l.from);
  }
  const text = JSON.stringify(file);
  return { file, text, gzipBytes: gzipSync(text, { level: 9 }).length, dropped };
}

/** Gzip bytes of the alternative the pack does not take: each item's vector in the item tower, uint8-quantized (measured for the train report). */
export function vectorBytes(vectors: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < vectors.length; i++) (min = Math.min(min, vectors[i])), (max = Math.max(max, vectors[i]));
  const scale = (max - min) / 255 || 1;
  // a loop, not Uint8Array.from(vectors, f): that made a JS array of every value first (~470 MB of heap for 200k items x 48)
  const q = new Uint8Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) q[i] = Math.round((vectors[i] - min) / scale);
  return gzipSync(q, { level: 9 }).length;
}
