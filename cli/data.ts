import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readCsv, csvField } from './csv';
import { resolveColumns, type ColumnWant } from './columns';
import { parseEventType, parseTime } from './events';

/** Sessions whose first event is strictly after this instant are the REES46 test set. */
export const REES46_TEST_START = Date.UTC(2019, 9, 1, 2, 35, 0) / 1000;

const REES46_COLUMNS: readonly ColumnWant[] = ['event_time', 'event_type', 'product_id', 'category_code', 'brand', 'price', 'user_session'].map((n) => ({
  field: n,
  flag: n,
  names: [n],
  required: true,
}));

interface RawEvent {
  session: string;
  item: string;
  time: number;
  type: string;
  order: number;
}

/**
 * REES46 raw export -> contract-form train.csv / test.csv (session,item,time,type; time in
 * unix seconds) and catalog.csv (item,title,category,brand,price: the item's latest
 * category_code, brand and price; no titles in REES46). Deterministic: rows keep file order
 * within a time, sessions are written by start time then first appearance.
 */
export async function prepareRees46(input: string, outDir: string, testStart = REES46_TEST_START): Promise<string[]> {
  let col: Record<string, number> = {};
  const events: RawEvent[] = [];
  const catalog = new Map<string, { time: number; category: string; brand: string; price: string }>();
  let skipped = 0;
  await readCsv(
    input,
    (header) => (col = resolveColumns(header, REES46_COLUMNS, {}, input)),
    (row) => {
      const time = parseTime(row[col.event_time] ?? '');
      const item = (row[col.product_id] ?? '').trim();
      const session = (row[col.user_session] ?? '').trim();
      if (!item || !session || Number.isNaN(time)) return void skipped++;
      const type = parseEventType(row[col.event_type] ?? '') ?? 'click';
      events.push({ session, item, time, type, order: events.length });
      const prev = catalog.get(item);
      if (!prev || time >= prev.time) {
        const category = (row[col.category_code] ?? '').trim() || prev?.category || '';
        const brand = (row[col.brand] ?? '').trim() || prev?.brand || '';
        catalog.set(item, { time, category, brand, price: (row[col.price] ?? '').trim() });
      }
    },
  );
  events.sort((a, b) => a.time - b.time || a.order - b.order);
  const bySession = new Map<string, RawEvent[]>();
  for (const e of events) {
    const list = bySession.get(e.session);
    if (list) list.push(e);
    else bySession.set(e.session, [e]);
  }
  const train: string[] = ['session,item,time,type'];
  const test: string[] = ['session,item,time,type'];
  let testSessions = 0;
  for (const [session, list] of bySession) {
    const target = list[0].time > testStart ? test : train;
    if (target === test) testSessions++;
    for (const e of list) target.push([csvField(session), csvField(e.item), String(e.time), e.type].join(','));
  }
  const cat: string[] = ['item,title,category,brand,price'];
  for (const [item, c] of catalog) cat.push([csvField(item), '', csvField(c.category), csvField(c.brand), csvField(c.price)].join(','));
  mkdirSync(outDir, { recursive: true });
  const files: [string, string[]][] = [['train.csv', train], ['test.csv', test], ['catalog.csv', cat]];
  const report: string[] = [];
  for (const [name, lines] of files) {
    const file = path.join(outDir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    report.push(`${file}: ${lines.length - 1} rows, ${statSync(file).size} bytes`);
  }
  report.push(`sessions: ${bySession.size - testSessions} train, ${testSessions} test (first event after ${new Date(testStart * 1000).toISOString()})`);
  if (skipped) report.push(`skipped ${skipped} rows without item, session or time`);
  return report;
}
