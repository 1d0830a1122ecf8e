import type { Logger } from '../common/log';
import { EVENT_TYPES } from '../features/types';
import { EVENT_ATTR } from './clicks';
import { describeElement, findGrids, ITEMS_ATTR, itemSlots, type OnDropped } from './items';
import type { OrderNote } from './reorder';

/**
 * What the SDK says about the store's markup: one warning per cause (also without debug). One
 * instance per page view: the script-tag loader hands its own to the full SDK, so nothing is said twice.
 */
export interface MarkupNotes {
  /** A value the page shows but the SDK cannot read unambiguously (a price like "1,299"): refused, never guessed. */
  dropped: OnDropped;
  /** A `data-vitrine-event` the history does not know: recorded as a click. */
  badEvent(value: string): void;
  /** A container the SDK cannot order the way it was asked (reorder.ts). */
  say(note: OrderNote): void;
  /** A grid with content but no item the SDK can move (cards without an id, a selector that matches nothing). */
  nothingToMove(grid: Element): void;
  /** Checks every grid of the page once it is parsed, with or without history. */
  checkGrids(): void;
}

export function markupNotes(log: Logger): MarkupNotes {
  let priceWarned = false;
  const say = ({ container, message }: OrderNote) => log.warn(`${describeElement(container)}: ${message}`);
  const nothingToMove = (grid: Element) => {
    if (grid.children.length === 0) return; // still empty: a client render fills it later
    const named = grid.getAttribute(ITEMS_ATTR);
    say({
      container: grid,
      message: named
        ? `${ITEMS_ATTR}="${named}" finds no card with a data-vitrine-item id: nothing to reorder`
        : `no item to reorder: mark each card (at any depth) data-vitrine-item="ID", or name them with ${ITEMS_ATTR}`,
    });
  };
  return {
    dropped(item, attribute, value) {
      if (priceWarned) return;
      priceWarned = true;
      log.warn(`${attribute}="${value.slice(0, 40)}" (item ${item.slice(0, 40)}) is ambiguous or not a value: ignored (write prices as "$1,299.00", "1.299,00 €" or "1299")`);
    },
    badEvent: (value) => log.warn(`${EVENT_ATTR}="${value.slice(0, 40)}" is not one of ${EVENT_TYPES.join(', ')}: recorded as click`),
    say,
    nothingToMove,
    checkGrids() {
      const check = () => setTimeout(() => findGrids().forEach((g) => itemSlots(g).length === 0 && nothingToMove(g)));
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
      else check();
    },
  };
}
