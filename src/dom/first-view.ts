import { addRule, endSnippet, seenGrids, SETTLED_ATTR, type FirstReorder } from './anti-flicker';
import { GRID_SELECTOR } from './items';

export { SETTLED_ATTR };
const PENDING_RULE = `${GRID_SELECTOR}:not([${SETTLED_ATTR}]){visibility:hidden!important}`;

export interface ParsedView {
  /** Grids ordered, grids left in the page order (seen before we could order them, or over the cap). */
  ordered: number;
  left: number;
  /** Longest a grid was hidden while a frame was drawn (0: every grid was ordered before its first paint). */
  hiddenMs: number;
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
 * appeared; one that may already have been painted (the script ran late, or the cap passed)
 * keeps the page order. `done` is told at DOMContentLoaded, once every grid is settled; grids
 * added later (client-side rendering) are ordered the same way, before they paint, until `stop()`
 * (the full SDK's observer takes over).
 */
export function orderAsParsed(order: (grid: Element, mayWrite: () => boolean) => Promise<boolean>, capMs: number, nonce: string | undefined, done: (view: ParsedView) => void): () => void {
  // the script ran after a paint (defer, async) and no snippet hid the grids: grids in view now may have been seen in the page order
  const early = seenGrids(GRID_SELECTOR);
  const show = addRule(PENDING_RULE, nonce);
  endSnippet();
  const view: ParsedView = { ordered: 0, left: 0, hiddenMs: 0 };
  // frames drawn while a grid waited: its hidden time counts only then
  let frames = 0;
  let over = false;
  let stopped = false;
  const tick = () => void (frames++, over || requestAnimationFrame(tick));
  requestAnimationFrame(tick);
  const seen = new Map<Element, { frame: number; at: number }>();
  const started = new Set<Element>();
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
        setTimeout(() => settle(grid, false), capMs);
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
  const observer = new MutationObserver(scan);
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
});
