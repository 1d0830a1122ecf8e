import type { RankItem } from '../core/vitrine';

export const GRID_SELECTOR = '[data-vitrine-grid]';
export const ITEM_SELECTOR = '[data-vitrine-item]';

/** An item element of a grid with what the model needs to know about it. */
export interface DomItem extends RankItem {
  element: HTMLElement;
}

/** Content attributes of an item element (`data-vitrine-title`, `-category`, `-brand`, `-price`). */
export function readItem(element: HTMLElement): DomItem | null {
  const d = element.dataset;
  const id = d.vitrineItem?.trim();
  if (!id) return null;
  const price = d.vitrinePrice !== undefined ? Number.parseFloat(d.vitrinePrice) : NaN;
  return {
    element,
    id,
    title: d.vitrineTitle || undefined,
    category: d.vitrineCategory || undefined,
    brand: d.vitrineBrand || undefined,
    price: Number.isFinite(price) ? price : undefined,
    pinned: d.vitrinePin !== undefined && d.vitrinePin !== 'false',
    outOfStock: d.vitrineOos !== undefined && d.vitrineOos !== 'false',
  };
}

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
