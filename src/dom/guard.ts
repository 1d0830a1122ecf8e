import { findGrids, GRID_SELECTOR, itemSlots } from './items';
import { moveItems } from './move';
import { pageState } from './reorder';

/**
 * Keeps the personalised order where a theme script undoes CSS `order` (Dawn's reveal-on-scroll
 * rewrites each card's whole `style` attribute as it scrolls into view): the first card seen with
 * another `order` than the one we set turns its grid to moving nodes — the order we set is put
 * into the DOM once, our `order` values are taken back — and the grid is ordered by moving nodes
 * from then on (leave.ts). Nothing is written again for a style change after that, so a theme and
 * the SDK can never take turns. `onUndone` is told once per grid. Returns the remover.
 */
export function guardCssOrder(apply: (fn: () => void) => void, onUndone: (grid: Element) => void): () => void {
  const { written, inlineOrder, moved } = pageState();
  const undone = (el: Node) => el instanceof HTMLElement && written.has(el) && el.style.order !== written.get(el);
  const fallBack = (grid: Element) => {
    // once our values are gone (below), no style change undoes anything here again
    moved.add(grid);
    for (const c of new Set(itemSlots(grid).map((s) => s.slot.parentElement!))) {
      const children = Array.from(c.children) as HTMLElement[];
      // the order shown before the theme's change: by the `order` we gave each child (others kept their place)
      const intended = children
        .map((ch, i) => [ch, written.has(ch) ? Number(written.get(ch)) : i] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([ch]) => ch);
      for (const ch of children) {
        if (ch.style.order === written.get(ch)) ch.style.order = inlineOrder.get(ch) ?? '';
        inlineOrder.delete(ch);
        written.delete(ch);
      }
      apply(() => moveItems(c, children, intended));
    }
    onUndone(grid);
  };
  const check = (el: Node) => {
    const grid = undone(el) && (el as Element).parentElement?.closest(GRID_SELECTOR);
    if (grid) fallBack(grid);
  };
  // what a theme undid before this layer was loaded (the loader's first view)
  for (const grid of findGrids()) itemSlots(grid).forEach((s) => check(s.slot));
  const observer = new MutationObserver((records) => records.forEach((r) => check(r.target)));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'], subtree: true });
  return () => observer.disconnect();
}

/**
 * The same for moved nodes: a grid whose very slots the page put back into another order after we
 * ordered them (a theme re-sorting its cards) is ordered again once; the second time it keeps the
 * theme's order for the page view (`mayOrder` false, `onUndone` told), so the two never loop.
 */
export function guardMoves(onUndone: (grid: Element) => void): { wrote(grid: Element): void; mayOrder(grid: Element): boolean } {
  const last = new WeakMap<Element, Element[]>();
  const undone = new WeakMap<Element, number>();
  const slots = (grid: Element) => itemSlots(grid).map((s) => s.slot);
  return {
    wrote: (grid) => void last.set(grid, slots(grid)),
    mayOrder(grid) {
      const before = last.get(grid) ?? [];
      const now = slots(grid);
      const known = new Set(before);
      let times = undone.get(grid) ?? 0;
      // the same slots, another order: not ours
      if (now.length === before.length && now.some((s, i) => s !== before[i]) && now.every((s) => known.has(s))) {
        undone.set(grid, ++times);
        if (times === 2) onUndone(grid);
      }
      return times < 2;
    },
  };
}
