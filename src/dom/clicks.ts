import { ITEM_SELECTOR, readItem, type DomItem } from './items';

/** Calls `onItem` for every click (or keyboard activation) on an item element under `root`. Returns the remover. */
export function captureClicks(root: Document | Element, onItem: (item: DomItem) => void): () => void {
  const listener = (event: Event) => {
    const target = event.target;
    const element = target instanceof Element ? target.closest(ITEM_SELECTOR) : null;
    if (!(element instanceof HTMLElement)) return;
    const item = readItem(element);
    if (item) onItem(item);
  };
  // capture phase: the store's own handlers (navigation, stopPropagation) cannot hide the click from us
  root.addEventListener('click', listener, { capture: true, passive: true });
  return () => root.removeEventListener('click', listener, { capture: true });
}
