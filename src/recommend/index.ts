/**
 * Recommendations from the whole catalog, on the device (a chunk of its own, imported by the
 * ML runtime only when a page asks for recommendations or an explanation, which it also holds): the model's catalog pack, downloaded
 * and verified once, decoded and encoded for the scorer once per pack (its SHA-256), then
 * `for-you`, `similar`, `bought-together` and `trending` with a fallback chain.
 */
import type { Logger } from '../common/log';
import type { HistoryEvent } from '../features/types';
import type { ModelRuntime, PreparedCandidates } from '../model/runtime/index';
import { download } from '../model/download';
import { resolveModelPath } from '../model/paths';
import { verifyFile } from '../model/verify';
import { RECOMMEND_DEFAULT_K, RECOMMEND_MAX_K } from '../core/options';
import { nameOf } from '../rank/explain';

export { explainScore } from '../rank/explain';
import { explainMany } from '../rank/explain';
import { inChunks } from '../common/slices';

/** Items encoded per piece of the catalog: encoding yields between pieces (no long task), and each piece is one scoring job. */
export const PREPARE_CHUNK = 1024;
import { decodePack, type Catalog, type CatalogItem } from './pack';
import { topK } from './topk';
import { renderSlot } from '../dom/recommend-render';
import type { RecommendKind, RecommendOptions, Recommendation } from './types';

/** What the ML runtime gives this chunk: its model, the scorer, and where the manifest came from. */
export interface RecommendContext extends Pick<ModelRuntime, 'manifest' | 'score' | 'prepare'> {
  url: string;
  log: Logger;
}

/**
 * What each kind falls back to when it has fewer than k items (no history, an item with no
 * neighbours, an item the pack does not know): the next kind fills what is left.
 */
export const FALLBACKS: Readonly<Record<RecommendKind, readonly RecommendKind[]>> = {
  'for-you': ['for-you', 'trending'],
  similar: ['similar', 'trending'],
  'bought-together': ['bought-together', 'similar', 'trending'],
  trending: ['trending'],
};

interface Loaded {
  catalog: Catalog;
  /** The catalog encoded for the scorer, in pieces of PREPARE_CHUNK items. */
  parts: PreparedCandidates[];
}

/** Decoded packs by SHA-256: a pack is downloaded, verified, decoded and encoded once per page (per version of it). */
const packs = new Map<string, Promise<Loaded>>();

async function loadPack(ctx: RecommendContext): Promise<Loaded> {
  const file = ctx.manifest.catalog;
  if (!file || !Number.isSafeInteger(file.bytes)) throw new Error('this model has no catalog pack (train it with --catalog)');
  let loading = packs.get(file.sha256);
  if (!loading) {
    loading = (async () => {
      const where = resolveModelPath(file.path, new URL(ctx.url, typeof location !== 'undefined' ? location.href : undefined).href);
      if (!where.ok) throw new Error(`catalog pack path ${where.reason}`);
      const { bytes } = await download(where.value, file.bytes);
      const checked = await verifyFile(file, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      if (!checked.ok) throw new Error(checked.reason);
      const catalog = await decodePack(JSON.parse(new TextDecoder().decode(checked.value)));
      const parts: PreparedCandidates[] = [];
      await inChunks(catalog.items.length, PREPARE_CHUNK, (from, to) => void parts.push(ctx.prepare(catalog.items.slice(from, to))));
      return { catalog, parts };
    })();
    packs.set(file.sha256, loading);
    loading.catch(() => packs.delete(file.sha256)); // a failed download is tried again on the next call
  }
  return loading;
}

const name = (item: CatalogItem) => nameOf({ item: item.id, attrs: item });

/** Candidates of one kind, best first: catalog indices with scores and reasons (ask for more than k: the caller filters). */
async function candidates(kind: RecommendKind, ctx: RecommendContext, { catalog, parts }: Loaded, recent: readonly HistoryEvent[], anchor: number | undefined, n: number, ok: (i: number) => boolean): Promise<{ i: number; score: number; because: string }[]> {
  if (kind === 'trending') {
    const out = [];
    for (let r = 0; r < catalog.trending.items.length && out.length < n; r++) if (ok(catalog.trending.items[r])) out.push({ i: catalog.trending.items[r], score: catalog.trending.scores[r], because: 'Trending now' });
    return out;
  }
  if (kind === 'bought-together') {
    const list = anchor === undefined ? undefined : catalog.together.get(anchor);
    if (!list) return [];
    const verb = list.from === 'cart' ? 'bought' : 'viewed';
    return [...list.items].filter(ok).slice(0, n).map((i, r) => ({ i, score: 1 - r / list.items.length, because: `Often ${verb} with ${name(catalog.items[anchor!])}` }));
  }
  // for-you: the shopper's history; similar: a history of one view of the item (the model's own notion of "what comes with it")
  const item = anchor === undefined ? undefined : catalog.items[anchor];
  const history = kind === 'similar' ? (item ? [{ item: item.id, type: 'view' as const, time: Date.now(), attrs: item }] : []) : recent;
  if (history.length === 0) return [];
  const scores = new Float32Array(catalog.items.length);
  await inChunks(parts.length, 1, async (p) => scores.set(await ctx.score(history, parts[p]), p * PREPARE_CHUNK));
  const top = topK(scores, n, ok);
  const why = kind === 'similar' ? [] : await explainMany(ctx.score, recent, top.map((i) => catalog.items[i]), 1);
  return top.map((i, r) => ({ i, score: scores[i], because: kind === 'similar' ? `Similar to ${name(item!)}` : (why[r].text ?? 'Recommended for you') }));
}

/**
 * Up to k catalog items for the shopper (`history`: newest first), never one they bought, one
 * out of stock, `item` itself or one of `exclude`; each kind of the fallback chain fills what the
 * one before left. Throws on a broken pack (the caller fails open to []).
 */
export async function recommend(ctx: RecommendContext, history: readonly HistoryEvent[], o: RecommendOptions): Promise<Recommendation[]> {
  const chain = Object.prototype.hasOwnProperty.call(FALLBACKS, o?.kind) ? FALLBACKS[o.kind] : undefined;
  if (!chain) throw new Error(`recommend(): kind must be one of ${Object.keys(FALLBACKS).join(', ')}; got ${JSON.stringify(o?.kind)}`);
  const k = Math.min(RECOMMEND_MAX_K, Math.max(1, Math.floor(Number(o.k ?? RECOMMEND_DEFAULT_K)) || RECOMMEND_DEFAULT_K));
  const loaded = await loadPack(ctx);
  const { catalog } = loaded;
  const anchor = o.item === undefined ? undefined : catalog.index.get(String(o.item));
  const bought = new Set(history.filter((e) => e.type === 'purchase').map((e) => e.item));
  const excluded = new Set([...(o.exclude ?? []).map(String), ...bought, ...(o.item === undefined ? [] : [String(o.item)])]);
  const taken = new Set<number>();
  const ok = (i: number) => {
    const it = catalog.items[i];
    return !taken.has(i) && !it.outOfStock && !excluded.has(it.id) && (!o.filter || o.filter(it) === true);
  };
  const recent = history.slice(0, ctx.manifest.features.historyLength);
  const out: Recommendation[] = [];
  for (const kind of chain) {
    if (out.length >= k) break;
    for (const c of await candidates(kind, ctx, loaded, recent, anchor, k - out.length, ok)) {
      taken.add(c.i);
      out.push({ ...catalog.items[c.i], score: c.score, because: c.because, source: kind });
    }
  }
  if (o.into) renderSlot(o.into, out, ctx.log);
  ctx.log.debug(`recommend ${o.kind}: ${out.length} of ${k} (${[...new Set(out.map((r) => r.source))].join(', ') || 'none'})`);
  return out;
}
