import { findGrids, GRID_SELECTOR, ITEM_SELECTOR } from './items';

export interface GridObserver {
  /** Runs `fn` (our own DOM moves) without the observer reacting to it. */
  quietly<T>(fn: () => T): T;
  disconnect(): void;
}

/**
 * Watches the page for grids added later (infinite scroll, SPA navigation, client-side
 * re-render) and items added to existing grids; calls `onChange` once per burst of
 * mutations with the grids concerned. Our own reordering is excluded, so it cannot loop.
 */
export function observeGrids(onChange: (grids: Set<Element>) => void): GridObserver {
  let pending = new Set<Element>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const grids = pending;
    pending = new Set();
    const live = new Set([...grids].filter((g) => g.isConnected));
    if (live.size) onChange(live);
  };
  const collect = (records: MutationRecord[]) => {
    for (const r of records) {
      for (const node of Array.from(r.addedNodes)) {
        if (!(node instanceof Element)) continue;
        findGrids(node).forEach((g) => pending.add(g));
        // an item added to a grid, directly or deeper (a carousel's page, a card's wrapper)
        const grid = r.target instanceof Element ? r.target.closest(GRID_SELECTOR) : null;
        if (grid && (node.matches(ITEM_SELECTOR) || node.querySelector(ITEM_SELECTOR))) pending.add(grid);
      }
    }
    if (pending.size && !scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };
  const observer = new MutationObserver(collect);
  let live = true;
  const watch = () => live && observer.observe(document.documentElement, { childList: true, subtree: true });
  watch();
  return {
    quietly(fn) {
      collect(observer.takeRecords()); // keep what others changed before
      // not observing while we move nodes: a large grid's moves would queue thousands of records to drop
      observer.disconnect();
      try {
        return fn();
      } finally {
        watch();
      }
    },
    disconnect() {
      live = false;
      observer.disconnect();
    },
  };
}
