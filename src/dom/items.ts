import type { RankItem } from '../core/vitrine';
import { normalizeAttrs, toItemId } from '../features/validate';
import { inChunks } from '../common/slices';

export const GRID_SELECTOR = '[data-vitrine-grid]';
export const ITEM_SELECTOR = '[data-vitrine-item]';

/** An item element of a grid with what the model needs to know about it. */
export interface DomItem extends RankItem {
  element: HTMLElement;
}

/** Content attributes of an item element (`data-vitrine-title`, `-category`, `-brand`, `-price`). */
export function readItem(element: HTMLElement): DomItem | null {
  const id = itemId(element);
  if (id === null) return null;
  // getAttribute: about 2.5x faster than dataset, which counts on a 5,000-item grid
  const attr = (name: string) => element.getAttribute(name);
  const flag = (name: string) => attr(name) !== null && attr(name) !== 'false';
  const attrs = normalizeAttrs({ title: attr('data-vitrine-title'), category: attr('data-vitrine-category'), brand: attr('data-vitrine-brand'), price: attr('data-vitrine-price') }).value;
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

/** The item elements of a grid: its direct children marked `data-vitrine-item` (with an id), in page order. */
export function itemElements(grid: Element): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const child of Array.from(grid.children)) if (child instanceof HTMLElement && itemId(child) !== null) out.push(child);
  return out;
}

/** A grid of more items than this is read (this many at a time) and written in slices of their own. */
export const LARGE_GRID = 1000;

/** The items of a grid, with their attributes, in page order. */
export async function gridItems(grid: Element): Promise<DomItem[]> {
  const elements = itemElements(grid);
  const items: DomItem[] = new Array(elements.length);
  await inChunks(elements.length, LARGE_GRID, (from, to) => {
    for (let i = from; i < to; i++) items[i] = readItem(elements[i])!;
  });
  return items;
}

export function findGrids(root: ParentNode = document): Element[] {
  const grids = Array.from(root.querySelectorAll(GRID_SELECTOR));
  if (root instanceof Element && root.matches(GRID_SELECTOR)) grids.unshift(root);
  return grids;
}
