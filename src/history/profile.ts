import { categoryPaths, priceBand } from '../features/tokens';
import type { HistoryEvent, ItemAttrs } from '../features/types';

/** Weight of each event type in the shopper's interests (a purchase says more than a view). */
const TYPE_WEIGHT = { view: 1, click: 1, add_to_cart: 2, purchase: 3 } as const;

export interface Interest {
  value: string;
  /** Share of the history's weight, 0..1. */
  share: number;
  events: number;
}

/** What the SDK has learnt about the shopper, all from history on this device. */
export interface ProfileData {
  categories: Interest[];
  brands: Interest[];
  /** Typical price range of the items interacted with (middle half), or null. */
  price: { min: number; max: number } | null;
  /** Recently viewed items, newest first, each once. */
  recent: (ItemAttrs & { time: number })[];
  events: number;
}

function top(counts: Map<string, { w: number; n: number }>, total: number, max: number): Interest[] {
  return [...counts.entries()]
    .sort((a, b) => b[1].w - a[1].w || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([value, c]) => ({ value, share: total > 0 ? c.w / total : 0, events: c.n }));
}

/** Derives the profile from history events (newest first). Categories are counted at their top two levels. */
export function deriveProfile(events: readonly HistoryEvent[], max = 5): ProfileData {
  const categories = new Map<string, { w: number; n: number }>();
  const brands = new Map<string, { w: number; n: number }>();
  const prices: number[] = [];
  const recent = new Map<string, ItemAttrs & { time: number }>();
  let total = 0;
  const bump = (m: Map<string, { w: number; n: number }>, k: string, w: number) => {
    const c = m.get(k) ?? { w: 0, n: 0 };
    c.w += w;
    c.n += 1;
    m.set(k, c);
  };
  for (const e of events) {
    const w = TYPE_WEIGHT[e.type] ?? 1;
    total += w;
    const cat = e.attrs?.category ? categoryPaths(e.attrs.category, 2).pop() : undefined;
    if (cat) bump(categories, cat, w);
    const brand = e.attrs?.brand?.trim().toLowerCase();
    if (brand) bump(brands, brand, w);
    if (e.attrs?.price !== undefined && priceBand(e.attrs.price, 1) !== undefined) prices.push(e.attrs.price);
    if (!recent.has(e.item) && recent.size < 10) recent.set(e.item, { id: e.item, ...e.attrs, time: e.time });
  }
  prices.sort((a, b) => a - b);
  const q = (p: number) => prices[Math.min(prices.length - 1, Math.floor(p * prices.length))];
  return {
    categories: top(categories, total, max),
    brands: top(brands, total, max),
    price: prices.length ? { min: q(0.25), max: q(0.75) } : null,
    recent: [...recent.values()],
    events: events.length,
  };
}

/** What a shopper can remove: an interest (all events of a category or brand) or one item. */
export interface InterestRef {
  category?: string;
  brand?: string;
  item?: string;
}

/** Whether an event belongs to the interest (category matches at any level below the given path). */
export function matchesInterest(ref: InterestRef, e: HistoryEvent): boolean {
  if (ref.item !== undefined && e.item === ref.item) return true;
  if (ref.brand !== undefined && e.attrs?.brand?.trim().toLowerCase() === ref.brand.trim().toLowerCase()) return true;
  if (ref.category !== undefined && e.attrs?.category) {
    const want = categoryPaths(ref.category, 8).pop();
    return !!want && categoryPaths(e.attrs.category, 8).includes(want);
  }
  return false;
}
