import { parsePrice } from './price';
import { isEventType, type HistoryEvent, type ItemAttrs } from './types';

/**
 * Validation at the boundary: every value that enters from `track()`, from the page's
 * `data-vitrine-*` attributes or from storage passes through here once, so the code
 * behind it can trust it. Nothing here throws: a bad field is dropped and named.
 */

/** Longest accepted item id (longer ids are refused, not cut: two cut ids could merge). */
export const MAX_ID_LENGTH = 256;
/** Longest kept text of each content field (longer text is cut). */
export const MAX_TEXT_LENGTH = { title: 300, category: 300, brand: 120 } as const;
/** Prices at or above this are treated as mistakes. */
export const MAX_PRICE = 1e9;

type Attrs = Omit<ItemAttrs, 'id'>;
type TextField = keyof typeof MAX_TEXT_LENGTH;
const TEXT_FIELDS = Object.keys(MAX_TEXT_LENGTH) as TextField[];

/** C0/C1 controls and the bidirectional overrides/isolates, which can make stored text display as something else. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** Text as shown and stored: controls and bidi marks removed, whitespace collapsed, trimmed. */
export function cleanText(value: string): string {
  return value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts at `max` UTF-16 units without leaving half a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}

/** A field's text: strings (and finite numbers, e.g. a numeric category id) cleaned and length-capped; anything else undefined. */
export function toText(value: unknown, max: number): string | undefined {
  const raw = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (raw === undefined) return undefined;
  const text = cut(cleanText(raw), max);
  return text || undefined;
}

/** An item id: a non-empty string or finite number, trimmed, at most MAX_ID_LENGTH long; otherwise null. */
export function toItemId(value: unknown): string | null {
  const raw = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  return raw.length > 0 && raw.length <= MAX_ID_LENGTH && !/[\u0000-\u001f\u007f]/.test(raw) ? raw : null;
}

/** A price: a finite number in [0, MAX_PRICE), or a price as stores write it ("$1,299.00", "12,50 €": see parsePrice); otherwise undefined. */
export function toPrice(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? parsePrice(value) : undefined;
  return n !== undefined && Number.isFinite(n) && n >= 0 && n < MAX_PRICE ? n : undefined;
}

export interface Normalized<T> {
  value: T;
  /** Names of the fields that were dropped (for one warning). */
  dropped: string[];
}

/** Content attributes: known keys only, each normalised; unknown keys and bad values are dropped and named. */
export function normalizeAttrs(input: unknown): Normalized<Attrs | undefined> {
  if (input === undefined || input === null) return { value: undefined, dropped: [] };
  if (typeof input !== 'object' || Array.isArray(input)) return { value: undefined, dropped: ['attrs'] };
  const value: Attrs = {};
  const dropped: string[] = [];
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    return { value: undefined, dropped: ['attrs'] };
  }
  for (const key of keys) {
    let raw: unknown;
    try {
      raw = (input as Record<string, unknown>)[key];
    } catch {
      dropped.push(key);
      continue;
    }
    if (raw === undefined || raw === null || raw === '') continue;
    if (key === 'price') {
      const price = toPrice(raw);
      if (price === undefined) dropped.push(key);
      else value.price = price;
    } else if ((TEXT_FIELDS as string[]).includes(key)) {
      const text = toText(raw, MAX_TEXT_LENGTH[key as TextField]);
      if (text === undefined) dropped.push(key);
      else value[key as TextField] = text;
    } else dropped.push(key);
  }
  return { value: Object.keys(value).length ? value : undefined, dropped };
}

/**
 * A history record as read back from storage (or about to be written): well-formed, or null.
 * Only the event's own fields are kept; damaged attributes are cleaned rather than costing the event.
 */
export function normalizeEvent(input: unknown): HistoryEvent | null {
  try {
    if (!input || typeof input !== 'object') return null;
    const e = input as Record<string, unknown>;
    // stored ids are always strings: a number there is a foreign record
    const item = typeof e.item === 'string' ? toItemId(e.item) : null;
    const time = e.time;
    if (item === null || !isEventType(e.type) || typeof time !== 'number' || !Number.isFinite(time)) return null;
    const attrs = normalizeAttrs(e.attrs).value;
    return { item, type: e.type, time, ...(attrs ? { attrs } : {}) };
  } catch {
    return null;
  }
}
