import type { Logger } from '../../common/log';
import { bucketOf } from '../../features/hash';
import type { FeatureSpec } from '../../features/spec';
import { itemTokens } from '../../features/tokens';
import type { ItemAttrs } from '../../features/types';
import type { TowerTables } from '../arch/types';

/** How much of the page's content the model knows (stats().unknownContent). */
export interface ContentCoverage {
  /** Distinct items ranked on this page view (at most 2,000). */
  items: number;
  /** Of those, items none of whose category, brand or title tokens the model was trained on. */
  unknown: number;
  /** unknown / items. */
  share: number;
}

/** Token kinds that carry an item's content words: category levels, brand, title words (not its id or price band). */
const CONTENT = /^(c|b|w):/;
/** Above this share (and from this many items), one warning. */
const WARN_SHARE = 0.5;
const WARN_MIN_ITEMS = 4;

/**
 * Whether the model knows an item's content: true when at least one of its category, brand or
 * title tokens (those the model weighs) has a trained row in the item table. Rows the trainer never
 * updated are zero, so a store whose words the model never saw scores its items by price band and
 * id only. Items without any content token count as unknown. (Hashing cannot tell an unseen token
 * that shares a trained row: the share is a lower bound.)
 */
export function knowsContent(tables: TowerTables, spec: FeatureSpec, item: ItemAttrs): boolean {
  const { dim, item: table } = tables;
  for (const t of itemTokens(item, spec)) {
    if (!CONTENT.test(t.token) || t.weight <= 0) continue;
    const base = bucketOf(t.token, spec.buckets, spec.seed) * dim;
    for (let k = 0; k < dim; k++) if (table[base + k] !== 0) return true;
  }
  return false;
}

/**
 * The share of a page's items the model knows nothing about, for a list that grows over the
 * page view: a debug line for each check, one warning when most are unknown.
 */
export function contentCoverage(known: (item: ItemAttrs) => boolean, modelVersion: string, log: Logger): (items: readonly ItemAttrs[]) => ContentCoverage | null {
  const memo = new Map<string, boolean>();
  let warned = false;
  return (items) => {
    if (items.length === 0) return null;
    let unknown = 0;
    for (const a of items) {
      let k = memo.get(a.id);
      if (k === undefined) memo.set(a.id, (k = known(a)));
      if (!k) unknown++;
    }
    log.debug(`model ${modelVersion} knows the content of ${items.length - unknown} of ${items.length} items on this page`);
    if (!warned && items.length >= WARN_MIN_ITEMS && unknown / items.length > WARN_SHARE) {
      warned = true;
      log.warn(`${unknown} of ${items.length} items on this page have a category, brand and title that model ${modelVersion} never saw, so it orders them by price band and id only; train a model on this store's own log (npx vitrine train, README "Models")`);
    }
    return { items: items.length, unknown, share: Math.round((unknown / items.length) * 1000) / 1000 };
  };
}
