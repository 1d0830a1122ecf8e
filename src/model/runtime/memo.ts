// Memos of job preparation: what repeats from job to job is prepared once.
import type { FeatureSpec } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import { prepareHistory, type HistoryPart } from '../arch/job';
import { tokenizer, type Tokenizer } from '../arch/tokens';
import type { SequenceParams } from '../arch/types';

/** Items kept in the token memo: a few pages of products and the history. */
export const TOKEN_MEMO_SIZE = 4096;

/**
 * itemBuckets memoised by an item's content (id, title, category, brand, price): the items of
 * a page and the history come back job after job, and hashing their tokens costs more than
 * the model's arithmetic. Oldest entries go first once `size` are kept.
 */
export function memoTokenizer(spec: FeatureSpec, size = TOKEN_MEMO_SIZE, known?: (id: string) => boolean): Tokenizer {
  const plain = tokenizer(spec, known);
  const memo = new Map<string, ReturnType<Tokenizer>>();
  return (item: ItemAttrs) => {
    const key = `${item.id}\u0000${item.title ?? ''}\u0000${item.category ?? ''}\u0000${item.brand ?? ''}\u0000${item.price ?? ''}`;
    let tokens = memo.get(key);
    if (!tokens) {
      tokens = plain(item);
      if (memo.size >= size) memo.delete(memo.keys().next().value as string);
      memo.set(key, tokens);
    }
    return tokens;
  };
}

/**
 * The history part of the latest job, reused while the history is the same events (the same
 * stored records, newest first): its tokens, weights and shopper vector are computed once per
 * history, not once per job. Any other history (a new event, explain's leave-one-out) makes a new part.
 */
export function lastHistory(spec: FeatureSpec, seq: SequenceParams | undefined, tokens: Tokenizer): (events: readonly HistoryEvent[]) => HistoryPart {
  let events: readonly HistoryEvent[] = [];
  let part: HistoryPart | undefined;
  return (next) => {
    const n = Math.min(next.length, spec.historyLength);
    let same = !!part && n === events.length;
    for (let j = 0; same && j < n; j++) same = next[j] === events[j];
    if (!same) {
      events = next.slice(0, n);
      part = prepareHistory(events, spec, seq, tokens);
    }
    return part!;
  };
}
