/** How the first reorder of a page view went, for stats and tuning. */
export interface FirstReorder {
  /** Milliseconds the grids were hidden (0: never hidden). */
  hiddenMs: number;
  /** 'reordered': in time; 'timeout': the budget ran out, the page order stayed; 'no-history': nothing to personalise; 'off': no personalisation (failed model, holdout). */
  outcome: 'reordered' | 'timeout' | 'no-history' | 'off';
  /** When it settled: milliseconds since navigation start (performance.now()). */
  at: number;
  /** On 'timeout': grids still below the fold (never seen), reordered anyway. */
  belowTheFold?: number;
}

const STYLE_ID = 'vitrine-anti-flicker';

/**
 * Hides every `[data-vitrine-grid]` (visibility only: layout is kept, so nothing shifts)
 * for at most `budgetMs`, so the shopper never sees a grid jump: it appears once, in
 * its final order. Once the budget runs out the grids show in the page's order and the
 * grids in view are not reordered any more on this page view (`expired`); grids still
 * below the fold are, since the shopper has not seen them.
 */
export function hideGrids(budgetMs: number): { release(): number; readonly expired: boolean } {
  const start = performance.now();
  let hiddenMs: number | null = null;
  let expired = false;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = '[data-vitrine-grid]{visibility:hidden!important}';
  (document.head ?? document.documentElement).append(style);
  /** Shows the grids (once); returns how long they were hidden. */
  const release = () => {
    if (hiddenMs === null) {
      hiddenMs = Math.round(performance.now() - start);
      style.remove();
      clearTimeout(timer);
    }
    return hiddenMs;
  };
  const expire = () => {
    expired = true;
    release();
  };
  const timer = setTimeout(expire, budgetMs);
  return {
    release,
    // by the clock too: a busy main thread may run the timer late, the budget still holds
    get expired() {
      if (!expired && hiddenMs === null && performance.now() - start >= budgetMs) expire();
      return expired;
    },
  };
}
