import { GRID_SELECTOR } from './items';

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
  /** On 'timeout': grids left in the page order (painted before the script ran and in view). */
  left?: number;
  /** From the snapshot: grids still arriving at the cap, ordered in parts (each part before it showed; nothing moves after). */
  streamed?: number;
  /** What ordered the first view: the shopper snapshot (read by the loader, no model) or the model. */
  source: 'snapshot' | 'model';
}

/** Set on a grid once its first view is settled (ordered, or left in the page order because it may have been seen): it shows. */
export const SETTLED_ATTR = 'data-vitrine-ordered';
/** Hides every grid not settled yet (the model path's hide, and the snapshot path's while a grid is parsed). */
export const HIDE_RULE = `${GRID_SELECTOR}:not([${SETTLED_ATTR}]){visibility:hidden!important}`;

/**
 * The class the README's anti-flicker snippet puts on `<html>` while its inline style hides the
 * grids (`.vitrine-wait [data-vitrine-grid]{visibility:hidden}`), until the SDK takes over or the
 * snippet's fail-safe timeout removes it.
 */
export const WAIT_CLASS = 'vitrine-wait';

/** The snippet's hide ends: the SDK's own rule is in place (or it will not hide). */
export const endSnippet = () => document.documentElement.classList.remove(WAIT_CLASS);

const painted = () => typeof performance.getEntriesByType === 'function' && performance.getEntriesByType('paint').length > 0;
const inView = (grid: Element) => grid.getBoundingClientRect().top < window.innerHeight;

/**
 * Grids the shopper may already have seen when the SDK starts: a frame may have been painted
 * before the script ran (a paint entry, or the parser is done: defer, async, a late
 * createVitrine; a paint entry arrives a few ms after its frame, so it alone can miss one) while
 * the snippet did not hide them, and they are in view (or scrolled past). They keep the page order
 * for this page view.
 */
export function seenGrids(selector: string): Set<Element> {
  if (document.documentElement.classList.contains(WAIT_CLASS) || (document.readyState === 'loading' && !painted())) return new Set();
  return new Set(Array.from(document.querySelectorAll(selector)).filter(inView));
}

/**
 * Adds a style rule in a way a strict Content Security Policy allows: a constructed
 * stylesheet (no `<style>` element, no style attribute, so `style-src` does not apply);
 * where constructed stylesheets are missing, a `<style>` element carrying `nonce` (the
 * store's nonce, for `style-src 'nonce-…'`). Returns the remover.
 */
export function addRule(css: string, nonce: string | undefined): () => void {
  try {
    const doc = document as Document & { adoptedStyleSheets?: CSSStyleSheet[] };
    if (Array.isArray(doc.adoptedStyleSheets) && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      return () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets!.filter((s) => s !== sheet);
      };
    }
  } catch {
    // fall back to an element below
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  (document.head ?? document.documentElement).append(style);
  return () => style.remove();
}

/**
 * Hides every `[data-vitrine-grid]` (visibility only: layout is kept, so nothing shifts)
 * for at most `budgetMs`, so the shopper never sees a grid jump: it appears once, in
 * its final order. Once the budget runs out the grids show in the page's order and the
 * grids in view are not reordered any more on this page view (`expired`); grids still
 * below the fold are, since the shopper has not seen them.
 */
export interface GridHide {
  /** Shows the grids (once); returns how long they were hidden. */
  release(): number;
  /** The budget ran out: the grids showed in the page order. */
  readonly expired: boolean;
}

export function hideGrids(budgetMs: number, nonce?: string): GridHide {
  const start = performance.now();
  let hiddenMs: number | null = null;
  let expired = false;
  const show = addRule(HIDE_RULE, nonce);
  /** Shows the grids (once); returns how long they were hidden. */
  const release = () => {
    if (hiddenMs === null) {
      hiddenMs = Math.round(performance.now() - start);
      show();
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

/**
 * The model path's hide: grids the shopper may already have seen (seenGrids) are settled in the
 * page order and stay visible (hiding them would flash); the others are hidden for at most
 * `budgetMs` (none with 0). The snippet's hide ends: this one is in place.
 */
export function hideUnseen(budgetMs: number, nonce: string | undefined): { hide: GridHide | null; seen: Set<Element> } {
  const seen = seenGrids(GRID_SELECTOR);
  seen.forEach((g) => g.setAttribute(SETTLED_ATTR, ''));
  const hide = budgetMs > 0 ? hideGrids(budgetMs, nonce) : null;
  endSnippet();
  return { hide, seen };
}
