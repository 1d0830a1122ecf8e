import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../common/capabilities';
import { captureClicks, EVENT_ATTR } from './clicks';
import { EVENT_TYPES } from '../features/types';
import { describeElement, findGrids, GRID_SELECTOR, gridItems, groupItems, itemSlots, ITEMS_ATTR, LARGE_GRID } from './items';
import { nextSlice } from '../common/slices';
import { endSnippet, hideGrids, seenGrids, SETTLED_ATTR, type FirstReorder } from './anti-flicker';
import { observeGrids, type GridObserver } from './observe';
import { orderAsParsed } from './first-view';
import { applyDomOrder, extendPageOrder, pageOrder, restoreDomOrder, type OrderNote } from './reorder';

export interface DomMethods {
  /** Reorders one grid, or every `[data-vitrine-grid]` on the page. Never throws. */
  reorder(grid?: Element): Promise<void>;
  /** Puts one grid, or every grid, back in the page's own order. */
  restore(grid?: Element): void;
  /** How the automatic first reorder of this page view went (null before it settled, or without autoReorder). */
  firstReorder(): FirstReorder | null;
}

/** Adds the DOM layer to a core instance: grid reordering and automatic click capture. In Node it adds no-ops. */
export function attachGrids<C extends VitrineCore>(core: C): C & DomMethods {
  const browser = capabilities().browser;
  let detach = () => {};
  // a value the page shows but the SDK cannot read unambiguously is refused, never guessed: one warning per page
  let priceWarned = false;
  const dropped = (item: string, attribute: string, value: string) => {
    if (priceWarned) return;
    priceWarned = true;
    core.log.warn(
      `${attribute}="${value.slice(0, 40)}" (item ${item.slice(0, 40)}) is ambiguous or not a value: ignored (write prices as "$1,299.00", "1.299,00 €" or "1299")`,
    );
  };
  if (browser && core.options.autoTrack) {
    const bad = (value: string) => core.log.warn(`${EVENT_ATTR}="${value.slice(0, 40)}" is not one of ${EVENT_TYPES.join(', ')}: recorded as click`);
    detach = captureClicks(
      document,
      (item, type) => {
        const { element: _el, pinned: _p, outOfStock: _o, id, ...attrs } = item;
        void core.track({ item: id, type, attrs });
      },
      bad,
      dropped,
    );
  }

  let observer: GridObserver | null = null;
  const apply = (fn: () => void) => (observer ? observer.quietly(fn) : fn());

  /**
   * Orders one grid; true if its order was written (or it has nothing to order). Each group of
   * its items (the grid, or each page of a carousel: items.ts) is ranked on its own, and all are
   * written together. Large grids are read, scored and written in slices that yield to the event
   * loop. `mayWrite` is asked right before the write (the first reorder: not once the anti-flicker
   * budget has run out for a grid the shopper may have seen).
   */
  async function reorderGrid(grid: Element, mayWrite: (grid: Element) => boolean = () => true): Promise<boolean> {
    const slots = itemSlots(grid);
    if (slots.length === 0) return nothingToMove(grid), true;
    const items = await gridItems(grid, slots, dropped);
    const plans = await Promise.all(
      groupItems(grid, items).map(async ({ key, items: group }) => {
        const { items: page, fresh } = pageOrder(key, group);
        // items appended to a group we ordered (infinite scroll) are ordered among themselves, in their own
        // slots: what the shopper already sees never moves. Otherwise blend with the page's own order.
        const appended = fresh.length > 0 && fresh.length < group.length;
        // `current`: the slots in DOM order (the group's own order), filled with the ranked items
        const current = (appended ? fresh : group).map((i) => i.slot);
        return { key, appended, current, ordered: (await core.rank(appended ? fresh : page)).map((i) => i.slot) };
      }),
    );
    if (items.length > LARGE_GRID) await nextSlice(); // the write of a large grid gets a slice of its own
    // the grid may have changed while we ranked: only apply to the same items in the same slots
    const now = itemSlots(grid);
    if (now.length !== items.length || now.some((s, i) => s.item !== items[i].element || s.slot !== items[i].slot) || !mayWrite(grid)) return false;
    apply(() => {
      for (const plan of plans) {
        applyDomOrder(grid, plan.key, plan.current, plan.ordered, core.options.reorderStrategy, sayOnce);
        if (plan.appended) extendPageOrder(plan.key, plan.current);
      }
    });
    return true;
  }

  /** One warning per container and cause (also without debug): the store's markup is not what the SDK can order. */
  const sayOnce = ({ container, message }: OrderNote) => core.log.warn(`${describeElement(container)}: ${message}`);
  /** A grid with content but no item the SDK can move (cards without an id, a selector that matches nothing). */
  function nothingToMove(grid: Element) {
    if (grid.children.length === 0) return; // still empty: a client render fills it later
    const named = grid.getAttribute(ITEMS_ATTR);
    sayOnce({
      container: grid,
      message: named
        ? `data-vitrine-items="${named}" finds no card with a data-vitrine-item id: nothing to reorder`
        : 'no item to reorder: mark each card (at any depth) data-vitrine-item="ID", or name them with data-vitrine-items',
    });
  }

  // a grid the SDK cannot order is said at once, with or without history
  if (browser) {
    const check = () => setTimeout(() => findGrids().forEach((g) => itemSlots(g).length === 0 && nothingToMove(g)));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
    else check();
  }

  let first: FirstReorder | null = null;
  if (browser && core.options.autoReorder) startAutoReorder();
  else if (browser) endSnippet(); // nothing will order the grids the snippet hides: show them now

  /**
   * The first reorder of the page view, without flicker: grids stay hidden (at most
   * `antiFlicker` ms) until they can be shown in their final order; then grids added
   * later are ordered as they come, and a hidden tab re-ranks when another tab adds events.
   */
  function startAutoReorder() {
    if (core.firstViewSource() === 'snapshot') return startParsedView();
    // grids painted in view before the script ran keep the page order, and are not hidden now (that would flash)
    const seen = seenGrids(GRID_SELECTOR);
    seen.forEach((g) => g.setAttribute(SETTLED_ATTR, ''));
    const hide = core.options.antiFlicker > 0 ? hideGrids(core.options.antiFlicker, core.options.nonce) : null;
    endSnippet();
    const whenDom = document.readyState === 'loading' ? new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true })) : Promise.resolve();
    // records the outcome once; showing the grids (release) is measured as the hidden time
    const settle = (outcome: FirstReorder['outcome'], extra: Partial<FirstReorder> = {}) => {
      first ??= { hiddenMs: hide?.release() ?? 0, outcome, at: performance.now(), source: 'model', ...extra };
    };
    // a shopper without history has nothing to personalise: show the grids as soon as we know
    const unsubscribe = core.subscribe(() => {
      if (core.stats().events === 0) settle('no-history');
    });
    void Promise.all([core.ready(), whenDom])
      .then(async () => {
        unsubscribe();
        const s = core.stats();
        const personalize = s.state === 'ready' && s.arm === 'personalized' && s.events > 0;
        if (first) return;
        const expired = hide?.expired === true;
        if (!expired && s.state === 'idle') return settle('no-history');
        if (!expired && (s.state !== 'ready' || s.arm === 'holdout')) return settle('off');
        if (!expired && !personalize) return settle('no-history');
        // once the budget has run out (before or while ranking), grids the shopper may have seen keep the page
        // order; grids still below the fold are not seen yet, so they are still ordered
        let late = 0;
        let refused = 0;
        const inTime = (grid: Element) => !seen.has(grid) && (!hide?.expired || belowTheFold(grid));
        const mayWrite = (grid: Element) => {
          const ok = inTime(grid);
          if (hide?.expired && ok) late++;
          else if (hide?.expired) refused++;
          return ok;
        };
        if (personalize) await Promise.all(findGrids().map((g) => (inTime(g) ? reorderGrid(g, mayWrite) : refused++)));
        if (expired || late + refused > 0) settle('timeout', { belowTheFold: late, ...(seen.size ? { left: seen.size } : {}) });
        else settle('reordered');
      })
      .catch((error) => core.log.warn('reordering failed; the page keeps its own order', error))
      .finally(() => {
        hide?.release();
        afterFirstView();
      });
  }

  /** The first view from the shopper snapshot: each grid ordered as the parser closes it, before it paints (first-view.ts). */
  function startParsedView() {
    orderAsParsed(reorderGrid, core.options.antiFlicker, core.options.nonce, (view) => {
      first = { hiddenMs: view.hiddenMs, outcome: view.left ? 'timeout' : 'reordered', at: performance.now(), source: 'snapshot', ...(view.left ? { left: view.left } : {}) };
      afterFirstView();
    });
  }

  /** Grids added later are ordered as they come; a hidden tab re-ranks when another tab adds events. */
  function afterFirstView() {
    if (core.stats().state === 'destroyed') return;
    observer = observeGrids((grids) => grids.forEach((g) => void reorderGrid(g).catch((e) => core.log.warn('reordering failed', e))));
    // another tab added events: re-rank while this tab is hidden, so the shopper never sees the grid move
    core.subscribe(() => {
      if (document.hidden) void reorderAll();
    });
  }

  /** Entirely below the viewport (and the page not scrolled past it): never seen yet. */
  const belowTheFold = (grid: Element) => grid.getBoundingClientRect().top >= window.innerHeight;

  async function reorderAll(grid?: Element) {
    await Promise.all((grid ? [grid] : findGrids()).map((g) => reorderGrid(g)));
  }

  const destroy = core.destroy;
  return Object.assign(core, {
    async reorder(grid?: Element) {
      if (!browser) return;
      try {
        await reorderAll(grid);
      } catch (error) {
        core.log.warn('reordering failed; the page keeps its own order', error);
      }
    },
    restore(grid?: Element) {
      if (!browser) return;
      try {
        apply(() => (grid ? [grid] : findGrids()).forEach(restoreDomOrder));
      } catch (error) {
        core.log.warn('could not restore the page order', error);
      }
    },
    firstReorder: () => first,
    destroy() {
      detach();
      observer?.disconnect();
      destroy();
    },
  });
}
