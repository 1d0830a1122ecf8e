import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../core/capabilities';
import { captureClicks } from './clicks';
import { findGrids, gridItems } from './items';
import { applyDomOrder, restoreDomOrder } from './reorder';

export interface DomMethods {
  /** Reorders one grid, or every `[data-vitrine-grid]` on the page. Never throws. */
  reorder(grid?: Element): Promise<void>;
  /** Puts one grid, or every grid, back in the page's own order. */
  restore(grid?: Element): void;
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
    const ordered = await core.rank(items);
    // the grid may have changed while we ranked: only apply to the same children
    const now = gridItems(grid);
    if (now.length !== items.length || now.some((it, i) => it.element !== items[i].element)) return;
    applyDomOrder(grid, items.map((i) => i.element), ordered.map((i) => i.element));
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
    destroy() {
      detach();
      destroy();
    },
  });
}
