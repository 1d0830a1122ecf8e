import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../core/capabilities';
import { captureClicks } from './clicks';
import { findGrids, gridItems } from './items';
import { mountProfile, PROFILE_SELECTOR } from './profile-widget';
import { applyDomOrder, pageOrder, restoreDomOrder } from './reorder';

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

  async function reorderGrid(grid: Element) {
    const items = gridItems(grid);
    // blend with the page's own order, not with an earlier personalised one
    const ordered = await core.rank(pageOrder(grid, items));
    // the grid may have changed while we ranked: only apply to the same children
    const now = gridItems(grid);
    if (now.length !== items.length || now.some((it, i) => it.element !== items[i].element)) return;
    applyDomOrder(grid, items.map((i) => i.element), ordered.map((i) => i.element));
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
        (grid ? [grid] : findGrids()).forEach(restoreDomOrder);
      } catch (error) {
        core.log.warn('could not restore the page order', error);
      }
    },
    renderProfile,
    destroy() {
      detach();
      unmount.forEach((u) => u());
      destroy();
    },
  });
}
