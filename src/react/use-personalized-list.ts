import { useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { DEFAULT_OPTIONS, orderFromSnapshot, type RankItem, type Vitrine, type VitrineOptions } from '../app/index';
import { VitrineContext } from './context';
import { holdLeft, holdStyle } from './hold';
import { useHydrating } from './use-hydrating';
import { useVersion } from './use-version';

/** What the model may know about an item besides its id (all optional); `pinned` keeps it in place. */
export type ItemAttributes = Omit<RankItem, 'id'>;

/**
 * - `pending`: the order is not known yet (the server, hydration, or waiting for the model);
 * - `personalized`: the shopper's order is in place (from the shopper snapshot or the model);
 * - `page`: the page's own order is final for this list (no history, no consent, the holdout arm,
 *   no model, a failure, or a hold whose budget ran out: what the shopper has seen is not reordered).
 */
export type ListStatus = 'pending' | 'personalized' | 'page';

export interface PersonalizedListOptions<T> {
  /** The model's view of an item: `title`, `category`, `brand`, `price`, `pinned`, `outOfStock`. */
  attrs?: (item: T) => ItemAttributes | undefined;
  /**
   * Hide the list (`visibility: hidden`, so nothing moves) until its order is known, for at most
   * this many ms from its first paint; `true`: the provider's `antiFlicker` (150 by default). Spread
   * `listProps` on the list's element. Default 0: never hidden (the list may reorder once after it
   * was shown, when hydrating server HTML without a snapshot).
   */
  hold?: number | boolean;
}

/** Props for the list's element: the hold (while it lasts) and `data-vitrine-list` = the status. */
export interface ListProps {
  ref: (element: Element | null) => void;
  style: CSSProperties | undefined;
  'data-vitrine-list': ListStatus;
}

export interface PersonalizedList<T> {
  /** The items in the order to show (the page's own while `pending`). */
  items: T[];
  status: ListStatus;
  /** `status !== 'pending'`: the order will not change for these ids. */
  settled: boolean;
  listProps: ListProps;
}

interface Decided {
  /** The ids the order was decided for, joined: it applies to any array with the same ids. */
  key: string;
  /** Positions in that array, in the order to show; null: the page's order. */
  order: number[] | null;
  status: Exclude<ListStatus, 'pending'>;
}

const SEPARATOR = '\u0000';
type Indexed = RankItem & { index: number };

function indexed<T>(list: readonly T[], getId: (item: T) => string | number, attrs?: (item: T) => ItemAttributes | undefined): Indexed[] {
  return list.map((item, index) => ({ ...attrs?.(item), id: String(getId(item)), index }));
}

/** The snapshot's verdict on a list, as a decision (null: only the model can tell). */
function fromSnapshot(options: VitrineOptions, key: string, input: Indexed[]): Decided | null {
  const found = orderFromSnapshot(options, input);
  if (found.status === 'unknown') return null;
  return found.status === 'page' ? { key, order: null, status: 'page' } : { key, order: found.items.map((i) => i.index), status: 'personalized' };
}

/** Whether the instance's answer was a personalised order (else the page's order stands). */
const personalised = (v: Vitrine) => {
  const s = v.stats();
  return s.state === 'ready' && s.arm === 'personalized' && s.events > 0;
};

/**
 * A list in the shopper's order, without a visible reorder. The server cannot know the order (the
 * history is on the device): it renders the page's order, `pending`. On the client the shopper
 * snapshot (localStorage) gives a returning shopper's order synchronously: in the first render of
 * a list mounted on the client, and before the first paint after hydration (a layout effect).
 * Otherwise the order waits for the model. A list's order is decided once per set of ids and never
 * changes after (a click does not reorder the list under the cursor); with `hold`, a list the
 * shopper has already seen in the page's order (the budget ran out) keeps that order. Never throws.
 */
export function usePersonalizedList<T>(items: readonly T[], getId: (item: T) => string | number, settings: PersonalizedListOptions<T> = {}): PersonalizedList<T> {
  const context = useContext(VitrineContext);
  const vitrine = context?.vitrine ?? null;
  const options = context?.options ?? null;
  const hydrating = useHydrating();
  const version = useVersion(vitrine);
  const list = Array.isArray(items) ? items : [];
  const key = useMemo(() => list.map((item) => String(getId(item))).join(SEPARATOR), [list]);
  const hold = settings.hold === true ? (options?.antiFlicker ?? DEFAULT_OPTIONS.antiFlicker) : typeof settings.hold === 'number' && settings.hold > 0 ? settings.hold : 0;
  const latest = useRef({ list, getId, attrs: settings.attrs, options });
  latest.current = { list, getId, attrs: settings.attrs, options };
  const element = useRef<Element | null>(null);
  const ref = useCallback((el: Element | null) => void (element.current = el), []);

  // a list rendered on the client (not hydrating): the snapshot's order in this very render
  const early = useMemo<Decided | null>(
    () => (options && !hydrating ? fromSnapshot(options, key, indexed(list, getId, settings.attrs)) : null),
    // decided once per list and options: a new array with the same ids keeps it
    [context?.optionsKey, key, hydrating],
  );
  const [state, setState] = useState<Decided | null>(null);
  const decided = state?.key === key ? state : early?.key === key ? early : null;
  const current = useRef(decided);
  current.current = decided;
  const decide = (d: Decided) => {
    if (current.current?.key === d.key) return;
    current.current = d;
    setState(d);
  };
  const held = () => holdLeft(element.current, hold) > 0;

  // after hydration, before the first paint: the snapshot's order, or the budget's timer
  useLayoutEffect(() => {
    if (!options || current.current) {
      if (current.current && state?.key !== key) setState(current.current); // keep an early decision
      return;
    }
    const { list: now, getId: idOf, attrs } = latest.current;
    const d = fromSnapshot(options, key, indexed(now, idOf, attrs));
    // with a hold, the page's order the shopper has already seen stays
    if (d) return decide(d.order && hold > 0 && !held() ? { key, order: null, status: 'page' } : d);
    if (hold <= 0) return;
    const left = holdLeft(element.current, hold);
    if (left <= 0) return decide({ key, order: null, status: 'page' });
    const timer = setTimeout(() => decide({ key, order: null, status: 'page' }), left);
    return () => clearTimeout(timer);
  }, [key, context?.optionsKey]);

  // the model's order, once the instance has settled (it also records the exposure of a list the snapshot ordered)
  const settledInstance = !!vitrine && version >= 0 && vitrine.stats().state !== 'loading';
  useEffect(() => {
    if (!vitrine || !settledInstance) return;
    let live = true;
    const { list: now, getId: idOf, attrs } = latest.current;
    vitrine.rank(indexed(now, idOf, attrs)).then(
      (out) => {
        if (!live || current.current?.key === key) return;
        const shown = hold > 0 && !held();
        decide(personalised(vitrine) && !shown ? { key, order: out.map((r) => r.index), status: 'personalized' } : { key, order: null, status: 'page' });
      },
      () => live && decide({ key, order: null, status: 'page' }),
    );
    return () => {
      live = false;
    };
  }, [vitrine, settledInstance, key]);

  const status: ListStatus = decided ? decided.status : context ? 'pending' : 'page';
  const ordered = useMemo(() => {
    const order = decided?.order;
    return order && order.length === list.length ? order.map((i) => list[i]) : (list as T[]);
  }, [decided, list]);
  const style = status === 'pending' && hold > 0 ? holdStyle(hold) : undefined;
  return { items: ordered, status, settled: status !== 'pending', listProps: { ref, style, 'data-vitrine-list': status } };
}
