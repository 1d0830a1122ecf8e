import type { Logger } from '../common/log';
import type { ItemAttrs } from '../features/types';

/** How much of the page's content the model knows (stats().unknownContent). */
export interface ContentCoverage {
  /** Distinct items ranked on this page view (at most 2,000). */
  items: number;
  /** Of those, items none of whose category, brand or title tokens the model was trained on. */
  unknown: number;
  /** unknown / items. */
  share: number;
}

/** Items remembered per page view for the share. */
const MAX_ITEMS = 2000;
/** Above this share (and from this many items), one warning. */
const WARN_SHARE = 0.5;
const WARN_MIN_ITEMS = 4;

interface Knows {
  knowsContent(item: ItemAttrs): boolean;
  manifest: { modelVersion: string };
}

/**
 * The page's items as ranked (both from the shopper snapshot and by the model) and, once the
 * model is loaded, which of them it knows nothing about: said in debug for each check and in one
 * warning when most are unknown, so a store sees when the model does not know its words.
 */
export function trackCoverage(log: Logger) {
  const items = new Map<string, ItemAttrs>();
  const known = new Map<string, boolean>();
  let summary: ContentCoverage | null = null;
  let warned = false;
  return {
    add(list: readonly ItemAttrs[]) {
      for (const a of list) if (a.id && items.size < MAX_ITEMS && !items.has(a.id)) items.set(a.id, a);
    },
    /** Updates the share with the loaded model; one warning when most of the page is unknown to it. */
    check(model: Knows) {
      let unknown = 0;
      for (const [id, a] of items) {
        let k = known.get(id);
        if (k === undefined) known.set(id, (k = model.knowsContent(a)));
        if (!k) unknown++;
      }
      if (items.size === 0) return;
      summary = { items: items.size, unknown, share: Math.round((unknown / items.size) * 1000) / 1000 };
      log.debug(`model ${model.manifest.modelVersion} knows the content of ${items.size - unknown} of ${items.size} items on this page`);
      if (!warned && items.size >= WARN_MIN_ITEMS && unknown / items.size > WARN_SHARE) {
        warned = true;
        log.warn(
          `${unknown} of ${items.size} items on this page have a category, brand and title that model ${model.manifest.modelVersion} never saw, so it orders them by price band and id only; train a model on this store's own log (npx vitrine train, README "Models")`,
        );
      }
    },
    summary: () => summary,
  };
}
