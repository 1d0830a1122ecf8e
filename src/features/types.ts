/** What the SDK knows about a product. Every field but `id` is optional. */
export interface ItemAttrs {
  id: string;
  title?: string;
  category?: string;
  brand?: string;
  price?: number;
}

export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One interaction of the shopper with an item, as stored in history and fed to the model. */
export interface HistoryEvent {
  item: string;
  type: EventType;
  /** Milliseconds since the epoch. */
  time: number;
  attrs?: Omit<ItemAttrs, 'id'>;
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
