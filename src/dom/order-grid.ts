import type { RankItem } from '../core/inputs';
import { nextSlice } from '../common/slices';
import { gridItems, itemElements, LARGE_GRID } from './items';
import { applyDomOrder, extendPageOrder, pageOrder, type ReorderStrategy } from './reorder';

/** Orders one grid; true if its order was written. `mayWrite` is asked right before the write. */
export type GridOrderer = (grid: Element, mayWrite?: (grid: Element) => boolean) => Promise<boolean>;

/**
 * The one way a grid is ordered (the loader's first view and the full SDK's reorders): read its
 * items, rank them, and write the order to the same children. Large grids are read, scored and
 * written in slices that yield to the event loop. Items appended to a grid we ordered (infinite
 * scroll) are ordered among themselves, in their own slots: what the shopper already sees never
 * moves. `apply` wraps the write (the grid observer's quiet mode).
 */
export function gridOrderer(rank: <T extends RankItem>(items: T[]) => Promise<T[]> | T[], strategy: () => ReorderStrategy, apply: (fn: () => void) => void = (fn) => fn()): GridOrderer {
  return async (grid, mayWrite = () => true) => {
    const items = await gridItems(grid);
    const { items: page, fresh } = pageOrder(grid, items);
    const appended = fresh.length > 0 && fresh.length < items.length;
    const ordered = await rank(appended ? fresh : page);
    if (items.length > LARGE_GRID) await nextSlice(); // the write of a large grid gets a slice of its own
    // the grid may have changed while we ranked: only apply to the same children
    const now = itemElements(grid);
    if (now.length !== items.length || now.some((el, i) => el !== items[i].element) || !mayWrite(grid)) return false;
    apply(() => {
      const from = (appended ? fresh : items).map((i) => i.element);
      applyDomOrder(grid, from, ordered.map((i) => i.element), strategy());
      if (appended) extendPageOrder(grid, from);
    });
    return true;
  };
}
