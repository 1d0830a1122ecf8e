import { usePersonalizedList, type ItemAttributes } from './use-personalized-list';

export type { ItemAttributes } from './use-personalized-list';

/**
 * `items` in the shopper's personalised order: `usePersonalizedList(items, getId, { attrs }).items`.
 * The page's own order on the server and in the hydration render (so hydration matches); a list
 * mounted on the client is ordered from the shopper snapshot in its first render. Re-ranked when
 * the ids change, never for the same ids (no reorder under the shopper's cursor). Never throws.
 * For no visible reorder after hydration, use `usePersonalizedList` with `hold`.
 */
export function usePersonalizedOrder<T>(items: readonly T[], getId: (item: T) => string | number, getAttrs?: (item: T) => ItemAttributes | undefined): T[] {
  return usePersonalizedList(items, getId, { attrs: getAttrs }).items;
}
