import type { CSSProperties } from 'react';

/**
 * Holding a list: a CSS animation that keeps it `visibility: hidden` for at most the budget, from
 * the moment the browser first styles it (the server's HTML being parsed, or a client mount). The
 * browser ends it by itself, so a list is shown in the page's order when the budget runs out even
 * if the app's JavaScript never arrives; the hook removes it as soon as the order is known. Without
 * the keyframes (the provider renders them), or where a CSP blocks inline styles, nothing is hidden.
 */
export const HOLD_ANIMATION = 'vitrine-hold';
export const HOLD_KEYFRAMES = `@keyframes ${HOLD_ANIMATION}{from,to{visibility:hidden}}`;

export const holdStyle = (ms: number): CSSProperties => ({ animation: `${HOLD_ANIMATION} ${Math.round(ms)}ms` });

/**
 * Milliseconds the list stays hidden by its hold (0: shown, the shopper may have seen it). Where the
 * Web Animations API is missing, the time since the navigation started bounds it: the hold cannot
 * have started before that.
 */
export function holdLeft(element: Element | null, ms: number): number {
  if (!element || ms <= 0) return 0;
  try {
    if (typeof element.getAnimations !== 'function') return Math.max(0, ms - performance.now());
    const hold = element.getAnimations().find((a) => (a as CSSAnimation).animationName === HOLD_ANIMATION && a.playState === 'running');
    if (!hold) return 0;
    const at = Number(hold.currentTime ?? 0);
    return Math.max(0, ms - (Number.isFinite(at) ? at : 0)) || 0;
  } catch {
    return 0;
  }
}
