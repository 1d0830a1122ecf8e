/**
 * Recommendations from the whole catalog, on the device (a chunk of its own, imported by the
 * ML runtime only when a page asks for recommendations or an explanation, which it also holds): the model's catalog pack, downloaded
 * and verified once, decoded and encoded for the scorer once per pack (its SHA-256), then
 * `for-you`, `similar`, `bought-together` and `trending` with a fallback chain.
 */
import type { Logger } from '../common/log';
import type { BackendChoice } from '../common/types';
import type { HistoryEvent } from '../features/types';
import type { TowerTables } from '../model/arch/types';
import type { ModelRuntime, PreparedCandidates } from '../model/runtime/index';
import { downloadListed } from '../model/download';
import { resolveModelPath } from '../model/paths';
import { RECOMMEND_DEFAULT_K, RECOMMEND_MAX_K, RECOMMEND_WORKER_MIN_BYTES } from '../core/options';
import { explainMany } from '../rank/explain';
import { renderSlot } from '../dom/recommend-render';
import { openCatalog, query } from './catalog';
import type { Source } from './remote';
import type { RecommendKind, RecommendOptions, Recommendation, RecommenderStatus } from './types';

export type { RecommenderStatus } from './types';

export { explainScore } from '../rank/explain';
export { PREPARE_CHUNK } from './catalog';

/** What the ML runtime gives this chunk: its model, the scorer, and where the manifest came from. */
export interface RecommendContext extends Pick<ModelRuntime, 'manifest' | 'score' | 'prepare'> {
  url: string;
  log: Logger;
  tables: TowerTables;
  backend: BackendChoice;
  report(status: RecommenderStatus): void;
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

/** Catalog sources by the pack's SHA-256: a pack is downloaded, verified, decoded and encoded once per page (per version of it). */
const sources = new Map<string, Promise<Source>>();

/**
 * A pack of RECOMMEND_WORKER_MIN_BYTES or more goes to the worker (with `backend` 'auto' or 'js':
 * it runs the JS engine); when there is none or it fails to start, the main thread does the same
 * work in slices that yield.
 */
async function open(ctx: RecommendContext): Promise<Source> {
  const file = ctx.manifest.catalog!;
  const where = resolveModelPath(file.path, new URL(ctx.url, typeof location !== 'undefined' ? location.href : undefined).href);
  if (!where.ok) throw new Error(`catalog pack path ${where.reason}`);
  let reason: string | null = null;
  if (file.bytes >= RECOMMEND_WORKER_MIN_BYTES && (ctx.backend === 'auto' || ctx.backend === 'js')) {
    try {
      // the worker's side of the page: a chunk of its own, imported only for packs this large
      const { spawnWorker, workerSource } = await import('./remote');
      const worker = spawnWorker();
      if (!worker) reason = 'no worker file in this build';
      else {
        // the worker downloads the pack itself: tens of MB never pass through the page's main thread
        const source = await workerSource(worker, where.value, file, ctx.manifest.features, ctx.tables);
        ctx.report({ where: 'worker', items: source.items, reason });
        return source;
      }
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      ctx.log.debug(`recommendations on the main thread: ${reason}`);
    }
  }
  const loaded = await openCatalog(await downloadListed(where.value, file.bytes), file, ctx.prepare);
  ctx.report({ where: 'main', items: loaded.catalog.items.length, reason });
  return { where: 'main', items: loaded.catalog.items.length, query: (q, keep) => query<PreparedCandidates>(loaded, ctx.score, q, keep) };
}

function source(ctx: RecommendContext): Promise<Source> {
  const file = ctx.manifest.catalog;
  if (!file || !Number.isSafeInteger(file.bytes)) return Promise.reject(new Error('this model has no catalog pack (train it with --catalog)'));
  let loading = sources.get(file.sha256);
  if (!loading) {
    sources.set(file.sha256, (loading = open(ctx)));
    loading.catch(() => sources.delete(file.sha256)); // a failed download is tried again on the next call
  }
  return loading;
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
  const catalog = await source(ctx);
  const item = o.item === undefined ? undefined : String(o.item);
  const bought = history.filter((e) => e.type === 'purchase').map((e) => e.item);
  const skip = new Set([...(o.exclude ?? []).map(String), ...bought, ...(item === undefined ? [] : [item])]);
  const recent = history.slice(0, ctx.manifest.features.historyLength);
  const out: Recommendation[] = [];
  for (const kind of chain) {
    if (out.length >= k) break;
    const found = await catalog.query({ kind, history: recent, item, n: k - out.length, skip: [...skip] }, o.filter);
    // explanations on the page's model: small jobs (one per history event over the row)
    const why = kind === 'for-you' && found.length ? await explainMany(ctx.score, recent, found.map((f) => f.item), 1) : [];
    found.forEach((f, r) => {
      skip.add(f.item.id);
      out.push({ ...f.item, score: f.score, because: f.because ?? why[r]?.text ?? 'Recommended for you', source: kind });
    });
  }
  if (o.into) renderSlot(o.into, out, ctx.log);
  ctx.log.debug(`recommend ${o.kind}: ${out.length} of ${k} (${[...new Set(out.map((r) => r.source))].join(', ') || 'none'}, ${catalog.where})`);
  return out;
}
