import { moveItems } from './move';

/**
 * What this module remembers of the page, kept on the window (one registry per page, Symbol.for):
 * the script-tag loader and the full SDK it loads later are separate bundles, and a grid the loader
 * ordered must be restorable by the other.
 */
const STATE = Symbol.for('vitrine.dom-order');
function pageState(): { original: WeakMap<Element, Element[]>; inlineOrder: WeakMap<HTMLElement, string> } {
  const g = globalThis as unknown as Record<symbol, ReturnType<typeof pageState> | undefined>;
  return (g[STATE] ??= { original: new WeakMap(), inlineOrder: new WeakMap() });
}

/** The page's own order of each grid we touched, to restore it. */
const original = pageState().original;

/** Inline `order` values of children before we set them (css-order strategy), to restore them. */
const inlineOrder = pageState().inlineOrder;

export type ReorderStrategy = 'move' | 'css-order';

/** Whether a grid lays its children out by CSS `order` (flex or grid containers). */
const usesOrder = (grid: Element) => /(^|-)(flex|grid)$/.test(getComputedStyle(grid).display);

/**
 * Shows `ordered` (the grid's item elements in their new order) in the slots the items
 * occupy now (`current`, in DOM order); other children of the grid (headings, ads) keep
 * their places. 'move' moves the item nodes, in a few batches (move.ts); the element
 * holding focus keeps it. 'css-order' on flex and grid containers sets CSS `order` and
 * moves no node — safe where a framework owns the DOM, but keyboard order then stays the page's.
 */
export function applyDomOrder(grid: Element, current: readonly Element[], ordered: readonly Element[], strategy: ReorderStrategy = 'move'): void {
  if (!original.has(grid)) original.set(grid, current.slice());
  if (strategy === 'css-order' && usesOrder(grid)) return setCssOrder(grid, current, ordered);
  moveItems(grid, current, ordered);
}

function setCssOrder(grid: Element, current: readonly Element[], ordered: readonly Element[]) {
  const slotOf = new Map(current.map((el, i) => [el, i] as const));
  const known = new Set(original.get(grid));
  Array.from(grid.children).forEach((child, k) => {
    const i = slotOf.get(child);
    // items get the position of the slot they now fill; other children (and items not being ordered now) keep theirs
    const target = i !== undefined ? ordered[i] : known.has(child) ? null : child;
    if (!(target instanceof HTMLElement)) return;
    if (!inlineOrder.has(target)) inlineOrder.set(target, target.style.order);
    target.style.order = String(k);
  });
}

/**
 * The page's own order of a grid's current items, and which of them are new since we
 * last ordered it: the recorded page order while the grid still holds those elements
 * (items appended since — infinite scroll — follow in their current order), otherwise
 * the current order (the grid was re-rendered: that is the page's order now).
 */
export function pageOrder<T extends { element: Element }>(grid: Element, current: readonly T[]): { items: T[]; fresh: T[] } {
  const els = original.get(grid);
  const byElement = new Map(current.map((it) => [it.element, it] as const));
  if (!els || !els.every((el) => byElement.has(el))) {
    original.delete(grid);
    return { items: current.slice(), fresh: current.slice() };
  }
  const known = new Set(els);
  const fresh = current.filter((it) => !known.has(it.element));
  return { items: [...els.map((el) => byElement.get(el)!), ...fresh], fresh };
}

/** Records appended items as part of the page's order (after ordering them among themselves). */
export function extendPageOrder(grid: Element, appended: readonly Element[]): void {
  const els = original.get(grid);
  if (els) original.set(grid, [...els, ...appended]);
}

/** Puts a grid back in the page's own order (no-op if we never reordered it). */
export function restoreDomOrder(grid: Element): void {
  const els = original.get(grid);
  if (!els) return;
  for (const child of Array.from(grid.children)) {
    if (child instanceof HTMLElement && inlineOrder.has(child)) {
      child.style.order = inlineOrder.get(child)!;
      inlineOrder.delete(child);
    }
  }
  const known = new Set(els);
  const current = Array.from(grid.children).filter((c) => known.has(c));
  const present = els.filter((el) => el.parentElement === grid);
  if (present.length === current.length) applyDomOrder(grid, current, present);
  original.delete(grid);
}
