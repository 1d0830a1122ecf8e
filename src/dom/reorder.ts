import { followImages, type ImagePattern } from './images';
import { moveAcross, moveItems } from './move';

/**
 * What this module remembers of the page, kept on the window (one registry per page, Symbol.for):
 * the script-tag loader and the full SDK it loads later are separate bundles, and a grid the loader
 * ordered must be restorable by the other.
 */
const STATE = Symbol.for('vitrine.dom-order');
interface PageState {
  original: WeakMap<Element, Element[]>;
  keysOf: WeakMap<Element, Set<Element>>;
  inlineOrder: WeakMap<HTMLElement, string>;
  /** The CSS `order` we set on each child (css-order), to see a theme undo it (guard.ts). */
  written: WeakMap<HTMLElement, string>;
  /** Grids whose theme undid CSS `order`: ordered by moving nodes from then on (leave.ts). */
  moved: WeakSet<Element>;
  /** Each slot's images as the page rendered them (images.ts). */
  images: WeakMap<Element, ImagePattern | null>;
}
let state: PageState | undefined;
export function pageState(): PageState {
  const g = globalThis as unknown as Record<symbol, PageState | undefined>;
  // a registry made by another bundle of this page keeps its maps (one made by an older one may lack the newer)
  return (state ??= g[STATE] = Object.assign({ original: new WeakMap(), keysOf: new WeakMap(), inlineOrder: new WeakMap(), written: new WeakMap(), moved: new WeakSet(), images: new WeakMap() }, g[STATE]));
}

/** The page's own order of each group of slots we touched (keyed by their container, or the grid for a group across pages), to restore it. */
const original = pageState().original;
/** The group keys of each grid, to restore all of them. */
const keysOf = pageState().keysOf;

/** Inline `order` values of children before we set them (css-order strategy), to restore them. */
const inlineOrder = pageState().inlineOrder;

export type ReorderStrategy = 'move' | 'css-order';

/** Whether a container lays its children out by CSS `order` (flex or grid containers). */
const usesOrder = (el: Element) => /(^|-)(flex|grid)$/.test(getComputedStyle(el).display);

/** Where the strategy asked for cannot be used; said once per container by the caller. */
export type OrderNote = { container: Element; message: string };

/**
 * Shows `ordered` (a group's slots in their new order) in the slots the group occupies now
 * (`current`, in DOM order); other children (headings, ads) keep their places. 'move' moves the
 * nodes, in a few batches (move.ts); the element holding focus keeps it. 'css-order' on flex and
 * grid containers sets CSS `order` and moves no node — safe where a framework owns the DOM, but
 * keyboard order then stays the page's; on other containers, and for a group across several
 * containers, it moves nodes and says why (`note`).
 */
export function applyDomOrder(grid: Element, key: Element, current: readonly Element[], ordered: readonly Element[], strategy: ReorderStrategy = 'move', note?: (n: OrderNote) => void): void {
  if (current.length === 0) return;
  if (!original.has(key)) original.set(key, current.slice());
  let keys = keysOf.get(grid);
  if (!keys) keysOf.set(grid, (keys = new Set()));
  keys.add(key);
  // the slots of the page's own order, position by position: their images tell how each position loads (images.ts)
  const page = new Map(original.get(key)!.map((el, i) => [el, i] as const));
  const at = (el: Element) => page.get(el) ?? Infinity; // not in the page order (appended): after it, in DOM order
  followImages(current.slice().sort((a, b) => at(a) - at(b)), ordered, pageState().images);
  write(grid, key, current, ordered, strategy, note);
}

function write(grid: Element, key: Element, current: readonly Element[], ordered: readonly Element[], strategy: ReorderStrategy, note?: (n: OrderNote) => void): void {
  const parent = current[0].parentElement;
  const oneParent = !!parent && current.every((el) => el.parentElement === parent);
  if (!oneParent || !parent) {
    if (strategy === 'css-order') note?.({ container: grid, message: 'css-order cannot order across pages: moving nodes' });
    return moveAcross(current, ordered);
  }
  if (strategy === 'css-order') {
    if (usesOrder(parent)) return setCssOrder(parent, key, current, ordered);
    note?.({ container: parent, message: `css-order needs a flex or grid container, not display: ${getComputedStyle(parent).display}: moving nodes` });
  }
  moveItems(parent, current, ordered);
}

/** Sets `order` on the container's children, with transitions off while it applies (an `order` transition shows every order in between). */
function setCssOrder(container: Element, key: Element, current: readonly Element[], ordered: readonly Element[]) {
  const slotOf = new Map(current.map((el, i) => [el, i] as const));
  const known = new Set(original.get(key));
  const writes: [HTMLElement, string][] = [];
  Array.from(container.children).forEach((child, k) => {
    const i = slotOf.get(child);
    // items get the position of the slot they now fill; other children (and items not being ordered now) keep theirs
    const target = i !== undefined ? ordered[i] : known.has(child) ? null : child;
    if (!(target instanceof HTMLElement) || target.style.order === String(k)) return;
    writes.push([target, String(k)]);
  });
  if (writes.length === 0) return;
  const saved = writes.map(([el]) => [el.style.getPropertyValue('transition-property'), el.style.getPropertyPriority('transition-property')] as const);
  for (const [el] of writes) el.style.setProperty('transition-property', 'none', 'important');
  const { written } = pageState();
  for (const [el, order] of writes) {
    if (!inlineOrder.has(el)) inlineOrder.set(el, el.style.order);
    el.style.order = order;
    written.set(el, order);
  }
  // the new order is computed with transitions off (a style flush, no layout), then the store's transitions come back
  void getComputedStyle(writes[writes.length - 1][0]).order;
  writes.forEach(([el], i) => {
    const [value, priority] = saved[i];
    if (value) el.style.setProperty('transition-property', value, priority);
    else el.style.removeProperty('transition-property');
  });
}

/**
 * The page's own order of a group's current items, and which of them are new since we
 * last ordered it: the recorded page order while the group still holds those slots
 * (items appended since — infinite scroll — follow in their current order), otherwise
 * the current order (the grid was re-rendered: that is the page's order now).
 */
export function pageOrder<T extends { slot: Element }>(key: Element, current: readonly T[]): { items: T[]; fresh: T[] } {
  const els = original.get(key);
  const bySlot = new Map(current.map((it) => [it.slot, it] as const));
  if (!els || !els.every((el) => bySlot.has(el))) {
    original.delete(key);
    return { items: current.slice(), fresh: current.slice() };
  }
  const known = new Set(els);
  const fresh = current.filter((it) => !known.has(it.slot));
  return { items: [...els.map((el) => bySlot.get(el)!), ...fresh], fresh };
}

/** Records appended items as part of the page's order (after ordering them among themselves). */
export function extendPageOrder(key: Element, appended: readonly Element[]): void {
  const els = original.get(key);
  if (els) original.set(key, [...els, ...appended]);
}

const inDomOrder = (a: Element, b: Element) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);

/** Puts a grid back in the page's own order (no-op if we never reordered it). */
export function restoreDomOrder(grid: Element): void {
  for (const key of keysOf.get(grid) ?? []) {
    const els = original.get(key);
    if (!els) continue;
    for (const el of els) {
      if (el instanceof HTMLElement && inlineOrder.has(el)) {
        el.style.order = inlineOrder.get(el)!;
        inlineOrder.delete(el);
        pageState().written.delete(el);
      }
    }
    const present = els.filter((el) => grid.contains(el));
    applyDomOrder(grid, key, present.slice().sort(inDomOrder), present);
    original.delete(key);
  }
  keysOf.delete(grid);
}
