import type { RankItem } from '../core/inputs';
import { nextSlice } from '../common/slices';
import { gridItems, groupItems, itemSlots, LARGE_GRID } from './items';
import type { MarkupNotes } from './notes';
import type { GridStrategy } from './leave';
import { applyDomOrder, extendPageOrder, pageOrder } from './reorder';

/** Orders one grid; true if its order was written (or it has nothing to order). `mayWrite` is asked right before the write. */
export type GridOrderer = (grid: Element, mayWrite?: (grid: Element) => boolean) => Promise<boolean>;

/**
 * The one way a grid is ordered (the loader's first view and the full SDK's reorders). Each group
 * of its items (the grid, or each page of a carousel: items.ts) is ranked on its own, and all are
 * written together. Large grids are read, scored and written in slices that yield to the event
 * loop. Items appended to a group we ordered (infinite scroll) are ordered among themselves, in
 * their own slots: what the shopper already sees never moves. `apply` wraps the write (the grid
 * observer's quiet mode).
 */
export function gridOrderer(
  rank: <T extends RankItem>(items: T[]) => Promise<T[]> | T[],
  strategy: (grid: Element) => GridStrategy,
  notes: MarkupNotes,
  apply: (fn: () => void) => void = (fn) => fn(),
): GridOrderer {
  return async (grid, mayWrite = () => true) => {
    // the shopper's sort, the theme editor, a grid turned off (leave.ts): the page's order is the order
    if (strategy(grid) === 'off') return true;
    const slots = itemSlots(grid);
    if (slots.length === 0) return notes.nothingToMove(grid), true;
    const items = await gridItems(grid, slots, notes.dropped);
    const plans = await Promise.all(
      groupItems(grid, items).map(async ({ key, items: group }) => {
        const { items: page, fresh } = pageOrder(key, group);
        const appended = fresh.length > 0 && fresh.length < group.length;
        // `current`: the slots in DOM order (the group's own order), filled with the ranked items
        const current = (appended ? fresh : group).map((i) => i.slot);
        return { key, appended, current, ordered: (await rank(appended ? fresh : page)).map((i) => i.slot) };
      }),
    );
    if (items.length > LARGE_GRID) await nextSlice(); // the write of a large grid gets a slice of its own
    // the grid may have changed while we ranked: only apply to the same items in the same slots
    const now = itemSlots(grid);
    if (now.length !== items.length || now.some((s, i) => s.item !== items[i].element || s.slot !== items[i].slot) || !mayWrite(grid)) return false;
    const how = strategy(grid);
    if (how === 'off') return true;
    apply(() => {
      for (const plan of plans) {
        applyDomOrder(grid, plan.key, plan.current, plan.ordered, how, notes.say);
        if (plan.appended) extendPageOrder(plan.key, plan.current);
      }
    });
    return true;
  };
}
