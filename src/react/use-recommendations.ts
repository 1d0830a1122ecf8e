import { useEffect, useRef, useState } from 'react';
import type { RecommendOptions, Recommendation } from '../app/index';
import { useVitrine } from './use-vitrine';

export interface Recommendations {
  /** The recommended items, best first: [] on the server, while hydrating and until they arrive (or when there are none). */
  items: Recommendation[];
  /** 'pending' until the instance has answered for these options, then 'done' (also when it answered []). */
  status: 'pending' | 'done';
}

/**
 * `recommend(options)` of the nearest provider's instance, asked again when the kind, item, k or
 * exclude change, never on each click (a row never changes under the shopper's cursor; the next
 * mount uses the new history). `filter` is read from the latest render. Never throws.
 */
export function useRecommendations(options: Omit<RecommendOptions, 'into'>): Recommendations {
  const vitrine = useVitrine();
  const filter = useRef(options.filter);
  filter.current = options.filter;
  const [state, setState] = useState<Recommendations & { key?: string }>({ items: [], status: 'pending' });
  const key = JSON.stringify([options.kind, options.item ?? null, options.k ?? null, options.exclude ?? []]);
  useEffect(() => {
    if (!vitrine) return;
    let live = true;
    const o: RecommendOptions = { kind: options.kind, item: options.item, k: options.k, exclude: options.exclude, filter: filter.current && ((i) => filter.current!(i)) };
    void vitrine.recommend(o).then((items) => live && setState({ items, status: 'done', key }));
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key holds every option that changes the answer
  }, [vitrine, key]);
  return state.key === key ? { items: state.items, status: state.status } : { items: [], status: 'pending' };
}
