import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../core/capabilities';
import { captureClicks } from './clicks';
import { findGrids, gridItems } from './items';
import { mountProfile, PROFILE_SELECTOR } from './profile-widget';
import { observeGrids, type GridObserver } from './observe';
import { applyDomOrder, extendPageOrder, pageOrder, restoreDomOrder } from './reorder';

export interface DomMethods {
  /** Reorders one grid, or every `[data-vitrine-grid]` on the page. Never throws. */
  reorder(grid?: Element): Promise<void>;
  /** Puts one grid, or every grid, back in the page's own order. */
  restore(grid?: Element): void;
  /** Renders the shopper's interests with remove and erase buttons into an element (also done for every `[data-vitrine-profile]`). Returns the remover. */
  renderProfile(element: HTMLElement): () => void;
}

/** Adds the DOM layer to a core instance: grid reordering and automatic click capture. In Node it adds no-ops. */
export function attachDom<C extends VitrineCore>(core: C): C & DomMethods {
  const browser = capabilities().browser;
  let detach = () => {};
  if (browser && core.options.autoTrack) {
    detach = captureClicks(document, (item) => {
      const { element: _el, pinned: _p, id, ...attrs } = item;
      void core.track({ item: id, type: 'click', attrs });
    });
  }

  let observer: GridObserver | null = null;
  const apply = (fn: () => void) => (observer ? observer.quietly(fn) : fn());

  async function reorderGrid(grid: Element) {
    const items = gridItems(grid);
    const { items: page, fresh } = pageOrder(grid, items);
    const appended = fresh.length > 0 && fresh.length < items.length;
    // items appended to a grid we ordered (infinite scroll) are ordered among themselves, in their own
    // slots: what the shopper already sees never moves. Otherwise blend with the page's own order.
    const ordered = await core.rank(appended ? fresh : page);
    // the grid may have changed while we ranked: only apply to the same children
    const now = gridItems(grid);
    if (now.length !== items.length || now.some((it, i) => it.element !== items[i].element)) return;
    apply(() => {
      if (appended) {
        applyDomOrder(grid, fresh.map((i) => i.element), ordered.map((i) => i.element));
        extendPageOrder(grid, fresh.map((i) => i.element));
      } else applyDomOrder(grid, items.map((i) => i.element), ordered.map((i) => i.element));
    });
  }

  if (browser && core.options.autoReorder) {
    // grids added later (SPA navigation, infinite scroll, client re-render) are ordered once per change
    void core.ready().then(() => {
      if (core.stats().state !== 'destroyed') observer = observeGrids((grids) => grids.forEach((g) => void reorderGrid(g).catch((e) => core.log.warn('reordering failed', e))));
    });
  }

  const unmount: (() => void)[] = [];
  const renderProfile = (element: HTMLElement) => {
    if (!browser || !(element instanceof HTMLElement)) return () => {};
    const remove = mountProfile(core, element);
    unmount.push(remove);
    return remove;
  };
  if (browser) {
    const mountAll = () => document.querySelectorAll<HTMLElement>(PROFILE_SELECTOR).forEach((el) => renderProfile(el));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
    else mountAll();
  }

  const destroy = core.destroy;
  return Object.assign(core, {
    async reorder(grid?: Element) {
      if (!browser) return;
      try {
        await Promise.all((grid ? [grid] : findGrids()).map(reorderGrid));
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
    renderProfile,
    destroy() {
      detach();
      observer?.disconnect();
      unmount.forEach((u) => u());
      destroy();
    },
  });
}
