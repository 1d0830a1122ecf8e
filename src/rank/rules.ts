import { categoryPaths } from '../features/tokens';
import type { ItemAttrs } from '../features/types';
import type { OrderOptions } from './order';

/** The store's ordering settings (from the options). */
export interface OrderSettings {
  blend: number;
  maxDisplacement: number | null;
  diversity: { by: 'category' | 'brand'; max: number; window: number } | null;
}

/** The rules for one list: the settings plus each item's flags and diversity group (category at two levels, or brand). */
export function orderOptionsFor(settings: OrderSettings, list: readonly (ItemAttrs & { pinned?: boolean; outOfStock?: boolean })[]): OrderOptions {
  const by = settings.diversity?.by;
  const group = (i: ItemAttrs) => (by === 'brand' ? i.brand?.trim().toLowerCase() : by === 'category' && i.category ? categoryPaths(i.category, 2).pop() : undefined);
  return {
    blend: settings.blend,
    pinned: list.map((i) => i.pinned === true),
    outOfStock: list.map((i) => i.outOfStock === true),
    maxDisplacement: settings.maxDisplacement ?? Infinity,
    groups: by ? list.map(group) : undefined,
    diversity: settings.diversity ?? undefined,
  };
}
