import { eventFiles } from './event-files';
import { EVENT_TYPES, type EventType } from '../src/features/types';
import { resolveColumns, type ColumnWant } from './columns';
import { readTable } from './table';
import { quote } from './errors';
import type { ItemTable } from './items';
import { EventBuffer } from './event-buffer';
import { releaseGarbage } from './memory';
import type { SessionLog } from './sessions';
import { checkSkipped, skippedWarning, type BadRow } from './skipped';
import { readTime } from './time';

export { parseTime, readTime } from './time';

export const EVENT_COLUMNS: readonly ColumnWant[] = [
  { field: 'session', flag: 'session-col', names: ['session', 'session_id', 'sessionid', 'user_session'], required: true },
  { field: 'item', flag: 'item-col', names: ['item', 'item_id', 'itemid', 'product_id'], required: true },
  { field: 'time', flag: 'time-col', names: ['time', 'timestamp', 'event_time'], required: true },
  { field: 'type', flag: 'type-col', names: ['type', 'event_type'], required: false },
];

/** Event type codes: index into EVENT_TYPES. */
export const TYPE_CODE: Readonly<Record<EventType, number>> = Object.freeze({ view: 0, click: 1, add_to_cart: 2, purchase: 3 });

const ALIASES: Record<string, EventType> = {
  view: 'view', pageview: 'view', detail: 'view', impression: 'view',
  click: 'click',
  add_to_cart: 'add_to_cart', cart: 'add_to_cart', addtocart: 'add_to_cart', 'add-to-cart': 'add_to_cart', add: 'add_to_cart',
  purchase: 'purchase', transaction: 'purchase', buy: 'purchase', order: 'purchase',
};

/** Maps an event type string to a known type; undefined when unknown. Empty means click. */
export function parseEventType(raw: string): EventType | undefined {
  const t = raw.trim().toLowerCase().replace(/\s+/g, '_');
  if (t === '') return 'click';
  return ALIASES[t] ?? ALIASES[t.replace(/_/g, '')];
}

export type { Session } from './sessions';

export interface EventLoad {
  sessions: SessionLog;
  events: number;
  skipped: number;
  warnings: string[];
}

export type ColumnFlags = Partial<Record<'session-col' | 'item-col' | 'time-col' | 'type-col', string>>;

/**
 * Reads an events file into sessions, streaming, in bounded memory (cli/event-buffer.ts:
 * 13 bytes an event while reading, 5 after, no session id strings kept).
 */
export async function readEvents(path: string, items: ItemTable, flags: ColumnFlags = {}, keepIds = false): Promise<EventLoad> {
  let col: Record<string, number> = {};
  const buffer = new EventBuffer(keepIds);
  const unknownTypes = new Map<string, number>();
  let rows = 0;
  let skipped = 0;
  let firstBad: BadRow | undefined;
  let badFile = path;
  // one file, or the part files of a folder or glob, in name order, each with its own header
  for (const file of eventFiles(path)) await readTable(
    file,
    (header) => (col = resolveColumns(header, EVENT_COLUMNS, flags, file)),
    (row, line) => {
      rows++;
      const session = row[col.session]?.trim();
      const item = row[col.item]?.trim();
      const time = readTime(row[col.time] ?? '');
      if (!session || !item || !time.ok) {
        skipped++;
        if (!firstBad) badFile = file;
        firstBad ??= { line, reason: !session ? 'no session' : !item ? 'no item' : (time as { reason: string }).reason };
        return;
      }
      const rawType = col.type >= 0 ? (row[col.type] ?? '') : '';
      let type = parseEventType(rawType);
      if (!type) {
        unknownTypes.set(rawType, (unknownTypes.get(rawType) ?? 0) + 1);
        type = 'click';
      }
      buffer.add(session, items.intern(item), time.value, TYPE_CODE[type]);
    },
    { expect: 'session,item,time[,type]' },
  );
  checkSkipped(badFile, rows, skipped, firstBad, { none: 'no events', hint: 'check --session-col, --item-col, --time-col and the time format, or fix those rows' });
  const warnings: string[] = [];
  if (firstBad) warnings.push(skippedWarning(badFile, rows, skipped, firstBad));
  if (unknownTypes.size) {
    const shown = [...unknownTypes].slice(0, 5).map(([t, n]) => `${quote(t, 24)} x${n}`);
    const list = shown.join(', ') + (unknownTypes.size > 5 ? `, and ${unknownTypes.size - 5} more` : '');
    warnings.push(`${path}: unknown event types counted as click: ${list} (known: ${EVENT_TYPES.join(', ')}, and aliases cart, addtocart, add-to-cart, transaction, buy)`);
  }
  return { sessions: buffer.finish(releaseGarbage), events: buffer.events, skipped, warnings };
}
