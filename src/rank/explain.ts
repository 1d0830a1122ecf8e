import type { HistoryEvent, ItemAttrs } from '../features/types';

/** Why an item scores as it does: the history events that raise its score most. */
export interface Explanation {
  item: string;
  /** The item's score with the whole history. */
  score: number | null;
  /** History events, ordered by how much the score drops without them (largest first). */
  because: (HistoryEvent & { contribution: number })[];
  /** A sentence a UI can show ("Because you viewed …"), or null when there is nothing to say. */
  text: string | null;
}

type Scorer = (history: readonly HistoryEvent[], candidates: readonly ItemAttrs[]) => Promise<Float32Array>;

const VERB = { view: 'viewed', click: 'viewed', add_to_cart: 'added to your cart', purchase: 'bought' } as const;

/** A short name for an event's item: its title, else brand and last category level, else its id. */
export const nameOf = (e: Pick<HistoryEvent, "item" | "attrs">) => e.attrs?.title || [e.attrs?.brand, e.attrs?.category?.split(/[.>/|]/).pop()?.trim()].filter(Boolean).join(' ') || e.item;

/**
 * Leave-one-out attribution on the model itself: an event's contribution is how much
 * the item's score drops when that event is left out of the history. Model-agnostic
 * (attention, repeat terms and all), one forward pass per history event.
 */
export async function explainScore(score: Scorer, history: readonly HistoryEvent[], item: ItemAttrs, top: number): Promise<Explanation> {
  return (await explainMany(score, history, [item], top))[0];
}

/** explainScore for several items at once: one job per history event over all of them (a recommendation row: k items, not k x events jobs). */
export async function explainMany(score: Scorer, history: readonly HistoryEvent[], items: readonly ItemAttrs[], top: number): Promise<Explanation[]> {
  if (history.length === 0) return items.map((item) => ({ item: item.id, score: null, because: [], text: null }));
  const full = await score(history, items);
  const without = await Promise.all(history.map((_, j) => score(history.filter((_e, k) => k !== j), items)));
  return items.map((item, i) => {
    const because = history
      .map((e, j) => ({ ...e, contribution: full[i] - without[j][i] }))
      .filter((e) => e.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, top);
    const text = because.length ? `Because you ${VERB[because[0].type]} ${because.map(nameOf).join(', ')}` : null;
    return { item: item.id, score: full[i], because, text };
  });
}
