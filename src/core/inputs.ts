// The caller's inputs to track() and rank(), validated at the boundary, for both instances
// (the full core and the script-tag loader's).
import type { Logger } from '../common/log';
import { EVENT_TYPES, isEventType, type EventType, type HistoryEvent, type ItemAttrs } from '../features/types';
import { MAX_ID_LENGTH, normalizeAttrs, toItemId } from '../features/validate';

/** An item to rank: content attributes help the model place items it has never seen. */
export interface RankItem extends ItemAttrs {
  /** Keeps its slot. */
  pinned?: boolean;
  /** Never promoted above its page slot. */
  outOfStock?: boolean;
}

export interface TrackEvent {
  item: string;
  /** Default 'click'. */
  type?: EventType;
  /** Content attributes of the item, stored with the event. */
  attrs?: Omit<ItemAttrs, 'id'>;
}

/** A value for a warning: short, and never a throw (functions, symbols, cycles). */
const describe = (v: unknown) => {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 60);
  } catch {
    return typeof v;
  }
};

/** The history record of a track() call, timed now; null (one warning) when the event is unusable. */
export function toRecord(event: TrackEvent, log: Logger): HistoryEvent | null {
  const item = toItemId(event?.item);
  const type = event?.type ?? 'click';
  if (item === null) return log.warn(`track() needs { item } (a non-empty string or number of at most ${MAX_ID_LENGTH} characters); event ignored`), null;
  if (!isEventType(type)) return log.warn(`track(): type must be one of ${EVENT_TYPES.join(', ')}; got ${describe(type)}`), null;
  const attrs = normalizeAttrs(event.attrs);
  if (attrs.dropped.length) log.warn(`track(): dropped attribute(s) ${attrs.dropped.join(', ')} (expected title, category, brand: text; price: a number >= 0)`);
  return { item, type, time: Date.now(), ...(attrs.value ? { attrs: attrs.value } : {}) };
}

/** What the model sees of a caller's item: validated like every other input (an unusable id scores as unknown). */
export const attrsOf = (item: RankItem): ItemAttrs => {
  const { title, category, brand, price } = item ?? {};
  return { id: toItemId(item?.id) ?? '', ...normalizeAttrs({ title, category, brand, price }).value };
};
