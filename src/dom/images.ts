/** How a slot's images load: the first image's `loading` and `fetchpriority` attributes (null: absent). */
export type ImagePattern = readonly [loading: string | null, priority: string | null];

const patternOf = (slot: Element): ImagePattern | null => {
  const img = slot.querySelector('img');
  return img && [img.getAttribute('loading'), img.getAttribute('fetchpriority')];
};

const set = (el: Element, name: string, value: string | null) => {
  if (el.getAttribute(name) === value) return;
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
};

/**
 * Images follow their positions, not their cards: themes decide `loading="lazy"` and
 * `fetchpriority` by where a card is rendered (the first rows eager, the rest lazy), so after a
 * reorder the card now in a position gets that position's attributes, as the page rendered them.
 * `positions[i]`: the slot the page rendered in the position `ordered[i]` now holds. Each slot's
 * images are read once, before anything changes them (`seen`, kept for the page).
 */
export function followImages(positions: readonly Element[], ordered: readonly Element[], seen: WeakMap<Element, ImagePattern | null>): void {
  for (const slot of positions) if (!seen.has(slot)) seen.set(slot, patternOf(slot));
  ordered.forEach((slot, i) => {
    const want = seen.get(positions[i]);
    if (!want) return;
    slot.querySelectorAll('img').forEach((img, k) => {
      set(img, 'loading', want[0]);
      if (k === 0) set(img, 'fetchpriority', want[1]);
    });
  });
}
