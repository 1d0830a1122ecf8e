import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../common/capabilities';
import { captureClicks } from './clicks';
import { describeElement, findGrids, GRID_SELECTOR } from './items';
import { guardCssOrder, guardMoves } from './guard';
import { endSnippet, hideUnseen, SETTLED_ATTR, type FirstReorder, type GridHide } from './anti-flicker';
import { observeGrids, type GridObserver } from './observe';
import { orderAsParsed, parsedOutcome } from './first-view';
import { markupNotes, type MarkupNotes } from './notes';
import { gridOrderer } from './order-grid';
import { gridStrategy } from './leave';
import { restoreDomOrder } from './reorder';

export interface DomMethods {
  /** Reorders one grid, or every `[data-vitrine-grid]` on the page. Never throws. */
  reorder(grid?: Element): Promise<void>;
  /** Puts one grid, or every grid, back in the page's own order. */
  restore(grid?: Element): void;
  /** How the automatic first reorder of this page view went (null before it settled, or without autoReorder). */
  firstReorder(): FirstReorder | null;
}

/** What the script-tag loader has done of the first view before this layer was loaded (src/loader/). */
export interface FirstViewHandoff {
  /** The loader's first view (settled, or settling): this layer orders only grids added after it. */
  first?: FirstReorder | Promise<FirstReorder>;
  /** The loader's parse-time hide, which this layer's first reorder releases (null: the loader decided not to hide). */
  hide?: GridHide | null;
  /** Stops the loader's own ordering of grids (this layer's observer takes over). */
  stop?: () => void;
  /** The loader's notes on the markup (said once per page, by either). */
  notes?: MarkupNotes;
}

/** Adds the DOM layer to a core instance: grid reordering and automatic click capture. In Node it adds no-ops. */
export function attachGrids<C extends VitrineCore>(core: C, handoff: FirstViewHandoff = {}): C & DomMethods {
  const browser = capabilities().browser;
  let detach = () => {};
  const notes = handoff.notes ?? markupNotes(core.log);
  if (browser && core.options.autoTrack) {
    detach = captureClicks(
      document,
      (item, type) => {
        const { element: _el, pinned: _p, outOfStock: _o, id, ...attrs } = item;
        void core.track({ item: id, type, attrs });
      },
      notes.badEvent,
      notes.dropped,
    );
  }

  let observer: GridObserver | null = null;
  let stopGuard = () => {};
  const apply = (fn: () => void) => (observer ? observer.quietly(fn) : fn());

  /** Orders one grid (order-grid.ts); `mayWrite`: the first reorder refuses grids the shopper may have seen once the budget ran out. */
  const reorderGrid = gridOrderer((items) => core.rank(items), (grid) => gridStrategy(grid, core.options), notes, apply);

  // a grid the SDK cannot order is said at once, with or without history (the loader's notes already did)
  if (browser && !handoff.notes) notes.checkGrids();

  let first: FirstReorder | null = null;
  if (browser && core.options.autoReorder) {
    if (handoff.first)
      void Promise.resolve(handoff.first).then((view) => {
        first = view;
        handoff.stop?.();
        afterFirstView();
      });
    else startAutoReorder();
  } else if (browser) endSnippet(); // nothing will order the grids the snippet hides: show them now

  /**
   * The first reorder of the page view, without flicker: grids stay hidden (at most
   * `antiFlicker` ms) until they can be shown in their final order; then grids added
   * later are ordered as they come, and a hidden tab re-ranks when another tab adds events.
   */
  function startAutoReorder() {
    if (core.firstViewSource() === 'snapshot' && handoff.hide === undefined) return startParsedView();
    // grids painted in view before the script ran keep the page order, and are not hidden now (that would flash);
    // where the loader hid the grids, it marked those it found seen
    const own = handoff.hide === undefined ? hideUnseen(core.options.antiFlicker, core.options.nonce) : null;
    const hide = own ? own.hide : handoff.hide!;
    const seen = own ? own.seen : new Set(document.querySelectorAll(`${GRID_SELECTOR}[${SETTLED_ATTR}]`));
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
    const stop = orderAsParsed(reorderGrid, core.options.antiFlicker, core.options.nonce, (view) => {
      first = parsedOutcome(view);
      stop();
      afterFirstView();
    });
  }

  /** Grids added later are ordered as they come; a hidden tab re-ranks when another tab adds events. */
  function afterFirstView() {
    if (core.stats().state === 'destroyed') return;
    // a theme that undoes the order (CSS order rewritten, nodes put back): guard.ts, said once
    let warned = false;
    const undone = (what: string) => (grid: Element) => void (warned || ((warned = true), core.log.warn(`${describeElement(grid)}: ${what}`)));
    stopGuard = guardCssOrder(apply, undone('a theme script undid CSS order: moving nodes'));
    const moves = guardMoves(undone('a theme script restored its order twice: keeping it'));
    observer = observeGrids((grids) =>
      grids.forEach((g) => moves.mayOrder(g) && void reorderGrid(g).then(() => moves.wrote(g), (e) => core.log.warn('reordering failed', e))),
    );
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
      stopGuard();
      observer?.disconnect();
      destroy();
    },
  });
}
