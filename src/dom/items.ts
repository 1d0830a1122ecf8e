import type { RankItem } from '../core/vitrine';
import { normalizeAttrs, toItemId } from '../features/validate';
import { inChunks } from '../common/slices';

export const GRID_SELECTOR = '[data-vitrine-grid]';
export const ITEM_SELECTOR = '[data-vitrine-item]';
/** On a grid: a CSS selector naming its cards at any depth (`data-vitrine-items=".card"`). */
export const ITEMS_ATTR = 'data-vitrine-items';
/** On a grid: `across` ranks a carousel's items across its pages; otherwise each page is ordered within itself. */
export const PAGES_ATTR = 'data-vitrine-pages';

/** An item element of a grid with what the model needs to know about it. */
export interface DomItem extends RankItem {
  element: HTMLElement;
}

/** An item of a grid and the node that moves for it (`slot`: the item, or the wrapper that holds it alone). */
export interface GridItem extends DomItem {
  slot: HTMLElement;
}

/** Told of an attribute the SDK could not read (a price it cannot read unambiguously, "1,299"); the item is used without it. */
export type OnDropped = (item: string, attribute: string, value: string) => void;

/** Content attributes of an item element (`data-vitrine-title`, `-category`, `-brand`, `-price`). */
export function readItem(element: HTMLElement, onDropped?: OnDropped): DomItem | null {
  const id = itemId(element);
  if (id === null) return null;
  // getAttribute: about 2.5x faster than dataset, which counts on a 5,000-item grid
  const attr = (name: string) => element.getAttribute(name);
  const flag = (name: string) => attr(name) !== null && attr(name) !== 'false';
  const read = normalizeAttrs({ title: attr('data-vitrine-title'), category: attr('data-vitrine-category'), brand: attr('data-vitrine-brand'), price: attr('data-vitrine-price') });
  for (const field of read.dropped) onDropped?.(id, `data-vitrine-${field}`, attr(`data-vitrine-${field}`) ?? '');
  const attrs = read.value;
  return {
    element,
    id,
    ...attrs,
    pinned: flag('data-vitrine-pin'),
    outOfStock: flag('data-vitrine-oos'),
  };
}

/** The item's id, validated like every id (null: not an item the SDK can use). */
const itemId = (element: Element) => toItemId(element.getAttribute('data-vitrine-item'));

/** An item (the element holding `data-vitrine-item`) and the card it belongs to (itself unless the grid names its cards). */
interface Found {
  item: HTMLElement;
  card: HTMLElement;
}

/** Items anywhere inside the grid: the outermost `[data-vitrine-item]` elements, not those of a nested grid. */
function deepItems(grid: Element): Found[] {
  const out: Found[] = [];
  const walk = (el: Element) => {
    for (const c of Array.from(el.children)) {
      if (!(c instanceof HTMLElement)) continue;
      if (itemId(c) !== null) out.push({ item: c, card: c });
      else if (!c.matches(GRID_SELECTOR)) walk(c);
    }
  };
  walk(grid);
  return out;
}

/** The cards a grid names (`data-vitrine-items`), outermost only, each with its item: itself or the first item inside it. */
function namedItems(grid: Element, selector: string): Found[] {
  let cards: Element[];
  try {
    cards = Array.from(grid.querySelectorAll(selector));
  } catch {
    return []; // not a selector: the grid has no items (one warning, by the caller)
  }
  const taken = new Set<Element>();
  const out: Found[] = [];
  for (const card of cards) {
    if (!(card instanceof HTMLElement) || card.parentElement?.closest(GRID_SELECTOR) !== grid) continue;
    let outer = false;
    for (let a: Element | null = card.parentElement; a && a !== grid; a = a.parentElement) if (taken.has(a)) outer = true;
    if (outer) continue;
    const item = itemId(card) !== null ? card : Array.from(card.querySelectorAll<HTMLElement>(ITEM_SELECTOR)).find((e) => itemId(e) !== null);
    if (!item) continue;
    taken.add(card);
    out.push({ item, card });
  }
  return out;
}

/**
 * The node each card moves as: the card's highest ancestor below the grid that holds no other
 * card (a column wrapper, a carousel slide); a wrapper holding several cards is a page, whose
 * cards move within it.
 */
function withSlots(grid: Element, found: Found[]): { item: HTMLElement; slot: HTMLElement }[] {
  const cards = new Map<Element, number>();
  for (const f of found) for (let a = f.card.parentElement; a && a !== grid; a = a.parentElement) cards.set(a, (cards.get(a) ?? 0) + 1);
  return found.map(({ item, card }) => {
    let slot: HTMLElement = card;
    for (let up = slot.parentElement; up && up !== grid && cards.get(up) === 1; up = up.parentElement) slot = up;
    return { item, slot };
  });
}

/**
 * The items of a grid and the node each moves as, in page order: its direct `[data-vitrine-item]`
 * children; without any, the cards it names (`data-vitrine-items`) or the items anywhere inside it
 * (not inside a nested grid), each moving as the wrapper that holds it alone.
 */
export function itemSlots(grid: Element): { item: HTMLElement; slot: HTMLElement }[] {
  const named = grid.getAttribute(ITEMS_ATTR);
  if (named !== null && named.trim() !== '') return withSlots(grid, namedItems(grid, named));
  const direct: { item: HTMLElement; slot: HTMLElement }[] = [];
  for (const child of Array.from(grid.children)) if (child instanceof HTMLElement && itemId(child) !== null) direct.push({ item: child, slot: child });
  return direct.length ? direct : withSlots(grid, deepItems(grid));
}

/** The item elements of a grid, in page order (see itemSlots). */
export function itemElements(grid: Element): HTMLElement[] {
  return itemSlots(grid).map((s) => s.item);
}

/** A grid of more items than this is read (this many at a time) and written in slices of their own. */
export const LARGE_GRID = 1000;

/** The items of a grid, with their attributes and slots, in page order. */
export async function gridItems(grid: Element, slots = itemSlots(grid), onDropped?: OnDropped): Promise<GridItem[]> {
  const items: GridItem[] = new Array(slots.length);
  await inChunks(slots.length, LARGE_GRID, (from, to) => {
    for (let i = from; i < to; i++) items[i] = { ...readItem(slots[i].item, onDropped)!, slot: slots[i].slot };
  });
  return items;
}

/**
 * A grid's items in the groups that are ordered together: one per container the slots sit in
 * (each page of a carousel is ordered within itself), or, with `data-vitrine-pages="across"`,
 * one group across them all. `key` is the element the group's page order is kept under.
 */
export function groupItems<T extends { slot: HTMLElement }>(grid: Element, items: readonly T[]): { key: Element; items: T[] }[] {
  if (items.length === 0) return [];
  if (grid.getAttribute(PAGES_ATTR) === 'across') return [{ key: grid, items: items.slice() }];
  const groups = new Map<Element, T[]>();
  for (const it of items) {
    const parent = it.slot.parentElement ?? grid;
    const list = groups.get(parent);
    if (list) list.push(it);
    else groups.set(parent, [it]);
  }
  return Array.from(groups, ([key, list]) => ({ key, items: list }));
}

export function findGrids(root: ParentNode = document): Element[] {
  const grids = Array.from(root.querySelectorAll(GRID_SELECTOR));
  if (root instanceof Element && root.matches(GRID_SELECTOR)) grids.unshift(root);
  return grids;
}

/** `<ul class="products">`, for a console message naming an element of the page. */
export function describeElement(el: Element): string {
  const cls = typeof el.className === 'string' && el.className.trim() ? ` class="${el.className.trim().slice(0, 60)}"` : '';
  return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id.slice(0, 40)}"` : ''}${cls}>`;
}
