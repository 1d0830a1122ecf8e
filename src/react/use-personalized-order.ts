import { useEffect, useMemo, useRef, useState } from 'react';
import type { RankItem } from '../app/index';
import { useVersion } from './use-version';
import { useVitrine } from './use-vitrine';

/** What the model may know about an item besides its id (all optional); `pinned` keeps it in place. */
export type ItemAttributes = Omit<RankItem, 'id'>;

interface Ranked {
  /** The ids the order was computed for, joined: a result applies to any array with the same ids. */
  key: string;
  /** Positions in that array, in personalised order. */
  order: number[];
}

const SEPARATOR = '\u0000';

/**
 * `items` in the shopper's personalised order. Returns `items` itself (the page's own order)
 * on the server and on the first client render, so hydration matches; then the
 * personalised order once the instance has first settled (model loaded, failed, or idle without history). Ranking is
 * re-run when the ids change (a new list, SPA navigation) — not for a new array with the
 * same ids, and not on every history change, so a list never reorders under the shopper's
 * cursor after a click (like the script tag). Never throws: on any failure the page's own order stands.
 */
export function usePersonalizedOrder<T>(items: readonly T[], getId: (item: T) => string | number, getAttrs?: (item: T) => ItemAttributes | undefined): T[] {
  const vitrine = useVitrine();
  const version = useVersion(vitrine);
  // the version changes on every history change; only the first moment the instance settles matters
  // here (a model loaded later, after the shopper's first click, must not reorder the list in view)
  const once = useRef<{ instance: unknown; settled: boolean }>({ instance: null, settled: false });
  if (once.current.instance !== vitrine) once.current = { instance: vitrine, settled: false };
  if (vitrine && version >= 0 && vitrine.stats().state !== 'loading') once.current.settled = true;
  const settled = once.current.settled;
  const list = Array.isArray(items) ? items : [];
  const key = useMemo(() => list.map((item) => String(getId(item))).join(SEPARATOR), [list]);
  const [ranked, setRanked] = useState<Ranked | null>(null);
  // the latest array and accessors, read by the effect without making every render re-rank
  const latest = useRef({ list, getId, getAttrs });
  latest.current = { list, getId, getAttrs };

  useEffect(() => {
    if (!vitrine || !settled) return;
    let live = true;
    const { list: now, getId: idOf, getAttrs: attrsOf } = latest.current;
    const input = now.map((item, index) => ({ ...attrsOf?.(item), id: String(idOf(item)), index }));
    vitrine.rank(input).then(
      (out) => {
        if (live) setRanked({ key, order: out.map((r) => r.index) });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [vitrine, settled, key]);

  return useMemo(() => {
    if (!vitrine || !ranked || ranked.key !== key || ranked.order.length !== list.length) return list as T[];
    return ranked.order.map((i) => list[i]);
  }, [vitrine, ranked, key, list]);
}
