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
