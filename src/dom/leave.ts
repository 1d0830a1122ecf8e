import type { ResolvedOptions } from '../core/options';
import { pageState, type ReorderStrategy } from './reorder';

/** How one grid is ordered now: the strategy, or 'off' (it keeps the page's order). */
export type GridStrategy = ReorderStrategy | 'off';

/** On a grid: `move`, `css-order` (over the script tag's `data-reorder`), or `off`: this grid keeps the page's order. */
export const REORDER_ATTR = 'data-reorder';
/** On a grid or an element around it: the shopper chose this order (for themes that sort without a URL parameter); it is kept. */
export const SORTED_ATTR = 'data-vitrine-sorted';

type SortOptions = Pick<ResolvedOptions, 'reorderStrategy' | 'sortParam' | 'defaultSort'>;

/**
 * Whether and how a grid is ordered, asked each time it is about to be (a grid re-rendered by
 * facets is asked again, with the URL as it is then): never in Shopify's theme editor
 * (`Shopify.designMode`), never when the shopper chose a sort (`sortParam` in the URL with another
 * value than `defaultSort`, or `data-vitrine-sorted` on or around the grid), never with
 * `data-reorder="off"`; by moving nodes where a theme undid CSS `order` (guard.ts); else the grid's
 * own `data-reorder`, else the option.
 */
export function gridStrategy(grid: Element, o: SortOptions): GridStrategy {
  if ((window as { Shopify?: { designMode?: unknown } }).Shopify?.designMode === true) return 'off';
  if (grid.closest(`[${SORTED_ATTR}]:not([${SORTED_ATTR}=false])`)) return 'off';
  const sort = o.sortParam ? new URLSearchParams(location.search).get(o.sortParam) : null;
  if (sort && sort !== o.defaultSort) return 'off';
  const own = grid.getAttribute(REORDER_ATTR);
  if (own === 'off') return 'off';
  if (pageState().moved.has(grid)) return 'move';
  return own === 'move' || own === 'css-order' ? own : o.reorderStrategy;
}
