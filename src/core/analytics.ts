import type { Logger } from '../common/log';

/** What Vitrine hands to the store's own analytics: never sent anywhere by Vitrine itself. */
export type AnalyticsEvent =
  | { event: 'vitrine_exposure'; arm: 'personalized' | 'holdout'; items: number; personalized: boolean }
  | { event: 'vitrine_click' | 'vitrine_add_to_cart' | 'vitrine_purchase'; arm: 'personalized' | 'holdout'; item: string };

/** Pushes to `window.dataLayer` when the page has one (and `dataLayer` is on) and calls `onEvent`. Never throws. */
export function createAnalytics(opts: { dataLayer: boolean; onEvent?: (e: AnalyticsEvent) => void }, log: Logger): (e: AnalyticsEvent) => void {
  return (e) => {
    try {
      const layer = opts.dataLayer && typeof window !== 'undefined' ? (window as unknown as { dataLayer?: unknown }).dataLayer : undefined;
      if (Array.isArray(layer) || (layer && typeof (layer as { push?: unknown }).push === 'function')) (layer as { push(x: unknown): void }).push({ ...e });
      opts.onEvent?.({ ...e });
    } catch (error) {
      log.warn('the analytics hook threw', error);
    }
  };
}

/** Exposure events: once per distinct list per page, with the arm (both arms, so uplift can be read). */
export function createExposures(emit: (e: AnalyticsEvent) => void): (ids: readonly string[], arm: AnalyticsEvent['arm'], personalized: boolean) => void {
  const exposed = new Set<string>();
  return (ids, arm, personalized) => {
    const signature = ids.join('\u0000');
    if (!ids.length || exposed.has(signature)) return;
    if (exposed.size > 500) exposed.clear(); // long-lived single-page apps
    exposed.add(signature);
    emit({ event: 'vitrine_exposure', arm, items: ids.length, personalized });
  };
}
