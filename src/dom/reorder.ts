/** The page's own order of each grid we touched, to restore it. */
const original = new WeakMap<Element, Element[]>();

/**
 * Puts `ordered` (the grid's item elements in their new order) into the slots the
 * items occupy now; other children of the grid (headings, ads) keep their places.
 * Moves only elements that change position; the element holding focus keeps it.
 */
export function applyDomOrder(grid: Element, current: readonly Element[], ordered: readonly Element[]): void {
  if (!original.has(grid)) original.set(grid, current.slice());
  if (current.every((el, i) => el === ordered[i])) return;
  const focused = document.activeElement instanceof HTMLElement && grid.contains(document.activeElement) ? document.activeElement : null;
  // placeholders mark the slots, so items can be moved without disturbing other children
  const slots = current.map((el) => {
    const mark = document.createComment('');
    grid.insertBefore(mark, el);
    return mark;
  });
  slots.forEach((mark, i) => {
    if (ordered[i] === current[i]) mark.remove();
    else grid.replaceChild(ordered[i], mark);
  });
  if (focused && document.activeElement !== focused) focused.focus({ preventScroll: true });
}

/**
 * The page's own order of a grid's current items: what we recorded before our first
 * reorder, while it still holds the same elements; otherwise the current order (the
 * grid was re-rendered or grew, and that is the page's order now).
 */
export function pageOrder<T extends { element: Element }>(grid: Element, current: readonly T[]): T[] {
  const els = original.get(grid);
  if (!els || els.length !== current.length) {
    original.delete(grid);
    return current.slice();
  }
  const byElement = new Map(current.map((it) => [it.element, it] as const));
  const ordered = els.map((el) => byElement.get(el));
  if (ordered.some((it) => !it)) {
    original.delete(grid);
    return current.slice();
  }
  return ordered as T[];
}

/** Puts a grid back in the page's own order (no-op if we never reordered it). */
export function restoreDomOrder(grid: Element): void {
  const els = original.get(grid);
  if (!els) return;
  const current = Array.from(grid.children).filter((c) => els.includes(c));
  const present = els.filter((el) => el.parentElement === grid);
  if (present.length === current.length) applyDomOrder(grid, current, present);
  original.delete(grid);
}
