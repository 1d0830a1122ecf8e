/**
 * A verified catalog pack, decoded and encoded for the scorer, and the candidates of each kind
 * from it: the same code on the main thread (src/recommend/index.ts) and in the worker
 * (src/recommend/worker.ts), which is what makes their answers the same.
 */
import type { HistoryEvent, ItemAttrs } from '../features/types';
import type { ModelFile } from '../model/format';
import { verifyFile } from '../model/verify';
import { nameOf } from '../rank/explain';
import { inChunks } from '../common/slices';
import { parseJsonInPieces } from '../common/json-pieces';
import { decodePack, type Catalog, type CatalogItem } from './pack';
import { topK } from './topk';
import type { RecommendKind } from './types';

/** Items encoded per piece of the catalog: encoding yields between pieces (no long task), and each piece is one scoring job. */
export const PREPARE_CHUNK = 1024;

export interface Loaded<P> {
  catalog: Catalog;
  /** The catalog encoded for the scorer, in pieces of PREPARE_CHUNK items. */
  parts: P[];
}

/** What the kinds ask of a catalog: up to `n` items of `kind`, none of `skip` (ids) or out of stock, best first. */
export interface Query {
  kind: RecommendKind;
  /** The shopper's recent history, newest first. */
  history: readonly HistoryEvent[];
  item?: string;
  n: number;
  skip: readonly string[];
}

/** One candidate; `because` is left to the caller for `for-you` (explanations run on the page's model). */
export interface Found {
  item: CatalogItem;
  score: number;
  because?: string;
}

export type Scorer<P> = (history: readonly HistoryEvent[], part: P) => Promise<Float32Array> | Float32Array;

/** Verifies downloaded pack bytes against the manifest, parses, decodes and encodes them (throws naming the problem). */
export async function openCatalog<P>(bytes: ArrayBuffer, file: ModelFile, prepare: (items: readonly ItemAttrs[]) => P): Promise<Loaded<P>> {
  const checked = await verifyFile(file, bytes);
  if (!checked.ok) throw new Error(checked.reason);
  // parsed in pieces: one JSON.parse of a 100k-item pack was a main-thread task of about 80 ms
  const catalog = await decodePack(await parseJsonInPieces(new Uint8Array(checked.value)));
  const parts: P[] = [];
  await inChunks(catalog.items.length, PREPARE_CHUNK, (from, to) => void parts.push(prepare(catalog.items.slice(from, to))));
  return { catalog, parts };
}

const name = (item: CatalogItem) => nameOf({ item: item.id, attrs: item });

/** Candidates of one kind (`keep`: an extra test, where the caller can run it here). */
export async function query<P>({ catalog, parts }: Loaded<P>, score: Scorer<P>, q: Query, keep?: (item: CatalogItem) => boolean): Promise<Found[]> {
  const skip = new Set(q.skip);
  const ok = (i: number) => {
    const it = catalog.items[i];
    return !it.outOfStock && !skip.has(it.id) && (!keep || keep(it) === true);
  };
  const anchor = q.item === undefined ? undefined : catalog.index.get(q.item);
  if (q.kind === 'trending') {
    const out: Found[] = [];
    const t = catalog.trending;
    for (let r = 0; r < t.items.length && out.length < q.n; r++) if (ok(t.items[r])) out.push({ item: catalog.items[t.items[r]], score: t.scores[r], because: 'Trending now' });
    return out;
  }
  if (q.kind === 'bought-together') {
    const list = anchor === undefined ? undefined : catalog.together.get(anchor);
    if (!list) return [];
    const because = `Often ${list.from === 'cart' ? 'bought' : 'viewed'} with ${name(catalog.items[anchor!])}`;
    return [...list.items].filter(ok).slice(0, q.n).map((i, r) => ({ item: catalog.items[i], score: 1 - r / list.items.length, because }));
  }
  // for-you: the shopper's history; similar: a history of one view of the item (the model's own notion of "what comes with it")
  const item = anchor === undefined ? undefined : catalog.items[anchor];
  const history = q.kind === 'similar' ? (item ? [{ item: item.id, type: 'view' as const, time: Date.now(), attrs: item }] : []) : q.history;
  if (history.length === 0) return [];
  const scores = new Float32Array(catalog.items.length);
  await inChunks(parts.length, 1, async (p) => scores.set(await score(history, parts[p]), p * PREPARE_CHUNK));
  return topK(scores, q.n, ok).map((i) => ({ item: catalog.items[i], score: scores[i], ...(item && q.kind === 'similar' ? { because: `Similar to ${name(item)}` } : {}) }));
}
