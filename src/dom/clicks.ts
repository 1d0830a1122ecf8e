import { isEventType, type EventType } from '../features/types';
import { ITEM_SELECTOR, readItem, type DomItem, type OnDropped } from './items';

/** On any element inside an item: the event type its clicks record (`add_to_cart`, `purchase`, `view`, `click`). */
export const EVENT_ATTR = 'data-vitrine-event';
/** On any element inside an item: its clicks record nothing (wishlist, compare, quick-view buttons). */
export const IGNORE_ATTR = 'data-vitrine-ignore';
const MARKED = `[${EVENT_ATTR}],[${IGNORE_ATTR}]`;
/** A submit button of a form that adds to the cart (Shopify's `/cart/add`, as a theme's quick add renders it): an `add_to_cart`, without marking. */
const CART_SUBMIT = ['button:not([type=button]):not([type=reset])', 'input[type=submit]'].map((b) => `form[action*="/cart/add"] ${b}`).join();

/**
 * What a click on `target` records: the innermost item around it, and the type named by the
 * nearest `data-vitrine-event` / `data-vitrine-ignore` between the target and that item (the item
 * itself included), else `add_to_cart` for a cart form's submit button; null: nothing. `bad` receives a type the history does not know (recorded as a click).
 */
export function clickedItem(target: EventTarget | null, bad?: (value: string) => void, onDropped?: OnDropped): { item: DomItem; type: EventType } | null {
  const element = target instanceof Element ? target.closest(ITEM_SELECTOR) : null;
  if (!(element instanceof HTMLElement)) return null;
  const mark = (target as Element).closest(MARKED);
  let type: EventType = 'click';
  if (mark && element.contains(mark)) {
    if (mark.hasAttribute(IGNORE_ATTR) && mark.getAttribute(IGNORE_ATTR) !== 'false') return null;
    const value = mark.getAttribute(EVENT_ATTR);
    if (value !== null && isEventType(value.trim())) type = value.trim() as EventType;
    else if (value !== null) bad?.(value);
  } else {
    const cart = (target as Element).closest(CART_SUBMIT);
    if (cart && element.contains(cart)) type = 'add_to_cart';
  }
  const item = readItem(element, onDropped);
  return item ? { item, type } : null;
}

/** Calls `onItem` for every click (or keyboard activation) on an item element under `root`. Returns the remover. */
export function captureClicks(root: Document | Element, onItem: (item: DomItem, type: EventType) => void, bad?: (value: string) => void, onDropped?: OnDropped): () => void {
  const listener = (event: Event) => {
    const hit = clickedItem(event.target, bad, onDropped);
    if (hit) onItem(hit.item, hit.type);
  };
  // capture phase: the store's own handlers (navigation, stopPropagation) cannot hide the click from us
  root.addEventListener('click', listener, { capture: true, passive: true });
  return () => root.removeEventListener('click', listener, { capture: true });
}
