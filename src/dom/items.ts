import type { RankItem } from '../core/vitrine';
import { normalizeAttrs, toItemId } from '../features/validate';

export const GRID_SELECTOR = '[data-vitrine-grid]';
export const ITEM_SELECTOR = '[data-vitrine-item]';

/** An item element of a grid with what the model needs to know about it. */
export interface DomItem extends RankItem {
  element: HTMLElement;
}

/** Content attributes of an item element (`data-vitrine-title`, `-category`, `-brand`, `-price`). */
export function readItem(element: HTMLElement): DomItem | null {
  const d = element.dataset;
  const id = toItemId(d.vitrineItem);
  if (id === null) return null;
  const attrs = normalizeAttrs({ title: d.vitrineTitle, category: d.vitrineCategory, brand: d.vitrineBrand, price: d.vitrinePrice }).value;
  return {
    element,
    id,
    ...attrs,
    pinned: flag(d.vitrinePin),
    outOfStock: flag(d.vitrineOos),
  };
}

const flag = (value: string | undefined) => value !== undefined && value !== 'false';

/** The items of a grid: its direct children marked `data-vitrine-item`, in page order. */
export function gridItems(grid: Element): DomItem[] {
  const out: DomItem[] = [];
  for (const child of Array.from(grid.children)) {
    if (child instanceof HTMLElement && child.matches(ITEM_SELECTOR)) {
      const item = readItem(child);
      if (item) out.push(item);
    }
  }
  return out;
}

export function findGrids(root: ParentNode = document): Element[] {
  const grids = Array.from(root.querySelectorAll(GRID_SELECTOR));
  if (root instanceof Element && root.matches(GRID_SELECTOR)) grids.unshift(root);
  return grids;
}
