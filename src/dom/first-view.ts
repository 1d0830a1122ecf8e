import { addRule, endSnippet, HIDE_RULE, seenGrids, SETTLED_ATTR, type FirstReorder } from './anti-flicker';
import { GRID_SELECTOR } from './items';

export { SETTLED_ATTR };

export interface ParsedView {
  /** Grids ordered, grids left in the page order (seen before we could order them, or over the cap). */
  ordered: number;
  left: number;
  /** Longest a grid was hidden while a frame was drawn (0: every grid was ordered before its first paint). */
  hiddenMs: number;
  /** Of the ordered grids, those still arriving at the cap: ordered in parts, each part before it showed. */
  streamed: number;
}

/** The parser is past the grid's end: a node follows it or one of its ancestors (or parsing is over). */
function closed(grid: Element): boolean {
  if (document.readyState !== 'loading') return true;
  for (let n: Node | null = grid; n && n !== document.documentElement; n = n.parentNode) if (n.nextSibling) return true;
  return false;
}


/**
 * The first view when the order is known before the grids exist (the shopper snapshot): each
 * grid is ordered as soon as the parser has closed it — in the mutation callback of the parser
 * task that added it, so before the frame that would show it. A grid still being parsed (its
 * HTML split across network chunks) is hidden meanwhile, for at most `capMs` from when it
 * appeared; then the items it has are ordered and shown, and each later part of it is ordered
 * among itself, in its own slots, in the mutation callback of the parser task that added it (so
 * what shows never moves). One that may already have been painted (the script ran late) keeps the
 * page order. `done` is told at DOMContentLoaded, once every grid is settled; grids
 * added later (client-side rendering) are ordered the same way, before they paint, until `stop()`
 * (the full SDK's observer takes over).
 */
export function orderAsParsed(order: (grid: Element, mayWrite: () => boolean) => Promise<boolean>, capMs: number, nonce: string | undefined, done: (view: ParsedView) => void): () => void {
  // the script ran after a paint (defer, async) and no snippet hid the grids: grids in view now may have been seen in the page order
  const early = seenGrids(GRID_SELECTOR);
  const show = addRule(HIDE_RULE, nonce);
  endSnippet();
  const view: ParsedView = { ordered: 0, left: 0, hiddenMs: 0, streamed: 0 };
  // frames drawn while a grid waited: its hidden time counts only then
  let frames = 0;
  let over = false;
  let stopped = false;
  const tick = () => void (frames++, over || requestAnimationFrame(tick));
  requestAnimationFrame(tick);
  const seen = new Map<Element, { frame: number; at: number }>();
  const started = new Set<Element>();
  /** Grids shown before the parser closed them: item count last ordered, and whether an order is under way. */
  const streaming = new Map<Element, { items: number; busy: boolean }>();
  const itemCount = (grid: Element) => grid.querySelectorAll('[data-vitrine-item]').length;
  /** Orders what a streaming grid has now (its new part only, order-grid.ts), again if more came meanwhile. */
  const orderPart = (grid: Element): Promise<boolean> => {
    const s = streaming.get(grid)!;
    if (s.busy) return Promise.resolve(true);
    s.busy = true;
    const count = itemCount(grid);
    return order(grid, () => true).then((ok) => {
      s.busy = false;
      if (ok) s.items = count;
      if (itemCount(grid) !== s.items && !stopped) return orderPart(grid);
      return ok;
    });
  };
  const pending = () => document.querySelector(`${GRID_SELECTOR}:not([${SETTLED_ATTR}])`);
  const finish = () => {
    if (over || document.readyState === 'loading' || pending()) return;
    over = true;
    done(view);
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    show();
  };
  const settle = (grid: Element, ok: boolean) => {
    if (grid.hasAttribute(SETTLED_ATTR)) return;
    grid.setAttribute(SETTLED_ATTR, '');
    const s = seen.get(grid);
    if (ok) view.ordered++;
    else view.left++;
    if (s && frames > s.frame) view.hiddenMs = Math.max(view.hiddenMs, Math.round(performance.now() - s.at));
    finish();
  };
  const scan = () => {
    for (const grid of Array.from(document.querySelectorAll(`${GRID_SELECTOR}:not([${SETTLED_ATTR}])`))) {
      if (!seen.has(grid)) {
        seen.set(grid, { frame: frames, at: performance.now() });
        setTimeout(() => cap(grid), capMs);
      }
      if (started.has(grid) || !closed(grid)) continue;
      started.add(grid);
      if (early.has(grid)) {
        settle(grid, false);
        continue;
      }
      // the write is refused once the grid has settled (over the cap: it is showing)
      order(grid, () => !grid.hasAttribute(SETTLED_ATTR)).then(
        (ok) => settle(grid, ok),
        () => settle(grid, false),
      );
    }
  };
  /** The cap: a grid still arriving is ordered as it is and shown; one being ordered is shown as the page has it. */
  const cap = (grid: Element) => {
    if (started.has(grid) || early.has(grid) || !grid.isConnected) return settle(grid, false);
    started.add(grid);
    streaming.set(grid, { items: 0, busy: false });
    view.streamed++;
    orderPart(grid).then(
      (ok) => settle(grid, ok),
      () => settle(grid, false),
    );
  };
  /** New parts of streaming grids, ordered before they paint; a grid the parser closed is done. */
  const parts = () => {
    for (const [grid, s] of streaming) {
      if (!grid.isConnected) streaming.delete(grid);
      else if (!s.busy && itemCount(grid) !== s.items) void orderPart(grid).catch(() => {});
      if (closed(grid) && !s.busy) streaming.delete(grid);
    }
  };
  const observer = new MutationObserver(() => (scan(), parts()));
  observer.observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => (scan(), finish()), { once: true });
  scan();
  finish();
  return stop;
}

/** The first reorder's record of a parsed view. */
export const parsedOutcome = (view: ParsedView): FirstReorder => ({
  hiddenMs: view.hiddenMs,
  outcome: view.left ? 'timeout' : 'reordered',
  at: performance.now(),
  source: 'snapshot',
  ...(view.left ? { left: view.left } : {}),
  ...(view.streamed ? { streamed: view.streamed } : {}),
});
