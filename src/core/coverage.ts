import type { ItemAttrs } from '../features/types';
import type { ContentCoverage } from '../model/runtime/coverage';

export type { ContentCoverage };

/** Items remembered per page view for the share. */
const MAX_ITEMS = 2000;

/**
 * The page's items as ranked (from the shopper snapshot and by the model), for the model's
 * coverage check (src/model/runtime/coverage.ts, in the ML chunk): `check` runs it with the
 * loaded model, `summary` is the latest result (stats().unknownContent).
 */
export function trackCoverage() {
  const items = new Map<string, ItemAttrs>();
  let summary: ContentCoverage | null = null;
  return {
    add(list: readonly ItemAttrs[]) {
      for (const a of list) if (a.id && items.size < MAX_ITEMS && !items.has(a.id)) items.set(a.id, a);
    },
    check(model: { coverage(items: readonly ItemAttrs[]): ContentCoverage | null }) {
      summary = model.coverage([...items.values()]) ?? summary;
    },
    summary: () => summary,
  };
}
