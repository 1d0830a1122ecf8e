import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePrice } from '../src/features/price';
import { parseFlags, str, UsageError, type FlagSpec } from './args';
import { CATALOG_PRICE_DECIMAL } from './catalog';
import { readCsv, csvField } from './csv';
import { resolveColumns, type ColumnWant } from './columns';
import { parseEventType } from './events';
import { checkInputFile, ensureWritableDir, removeCreated } from './paths';
import { checkSkipped, skippedWarning, type BadRow } from './skipped';
import { readTime } from './time';

export const DATA_SOURCES = ['rees46'] as const;

export const DATA_FLAGS: FlagSpec = {
  values: {
    in: 'the raw export, e.g. data/rees46/events-2019-10-01.csv',
    out: 'folder for train.csv, test.csv and catalog.csv (created if missing)',
  },
  booleans: { help: 'show this help' },
  required: ['in', 'out'],
};

/** `vitrine data <source> --in FILE --out DIR`: checks the flags and paths, then prepares the files. */
export async function dataCommand(argv: string[]): Promise<void> {
  const [source, ...rest] = argv;
  if (source === undefined || source.startsWith('--')) throw new UsageError(`data: name the source first: vitrine data ${DATA_SOURCES.join('|')} --in FILE --out DIR`);
  if (!(DATA_SOURCES as readonly string[]).includes(source)) throw new UsageError(`data: unknown source ${JSON.stringify(source)}; sources: ${DATA_SOURCES.join(', ')}`);
  const flags = parseFlags(rest, DATA_FLAGS, `data ${source}`);
  const input = str(flags, 'in') as string;
  const out = str(flags, 'out') as string;
  checkInputFile(input, 'in');
  const created = ensureWritableDir(out, 'out');
  try {
    const { report, warnings } = await prepareRees46(input, out);
    for (const w of warnings) console.error(`warning: ${w}`);
    for (const line of report) console.log(line);
  } catch (err) {
    removeCreated(created);
    throw err;
  }
}

/** Sessions whose first event is strictly after this instant are the REES46 test set. */
export const REES46_TEST_START = Date.UTC(2019, 9, 1, 2, 35, 0) / 1000;

const REES46_COLUMNS: readonly ColumnWant[] = ['event_time', 'event_type', 'product_id', 'category_code', 'brand', 'price', 'user_session'].map((n) => ({
  field: n,
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
export async function prepareRees46(input: string, outDir: string, testStart = REES46_TEST_START): Promise<{ report: string[]; warnings: string[] }> {
  let col: Record<string, number> = {};
  const events: RawEvent[] = [];
  const catalog = new Map<string, { time: number; category: string; brand: string; price: string }>();
  let rows = 0;
  let skipped = 0;
  let firstBad: BadRow | undefined;
  let badPrices = 0;
  await readCsv(
    input,
    (header) => (col = resolveColumns(header, REES46_COLUMNS, {}, input, 'a REES46 export (event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session)')),
    (row, line) => {
      rows++;
      const time = readTime(row[col.event_time] ?? '');
      const item = (row[col.product_id] ?? '').trim();
      const session = (row[col.user_session] ?? '').trim();
      if (!item || !session || !time.ok) {
        skipped++;
        firstBad ??= { line, reason: !item ? 'no product_id' : !session ? 'no user_session' : (time as { reason: string }).reason };
        return;
      }
      const type = parseEventType(row[col.event_type] ?? '') ?? 'click';
      events.push({ session, item, time: time.value, type, order: events.length });
      const prev = catalog.get(item);
      if (!prev || time.value >= prev.time) {
        const category = (row[col.category_code] ?? '').trim() || prev?.category || '';
        const brand = (row[col.brand] ?? '').trim() || prev?.brand || '';
        const rawPrice = (row[col.price] ?? '').trim();
        // kept as written when it reads as a price (readCatalog reads it the same way), else left empty
        const price = parsePrice(rawPrice, { decimal: CATALOG_PRICE_DECIMAL }) === undefined ? '' : rawPrice;
        if (rawPrice && !price) badPrices++;
        catalog.set(item, { time: time.value, category, brand, price });
      }
    },
    { expect: 'a REES46 export: event_time,event_type,product_id,...,user_session' },
  );
  checkSkipped(input, rows, skipped, firstBad, { none: 'no events', hint: 'is this a REES46 export? fix or remove those rows' });
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
  const warnings: string[] = [];
  if (firstBad) warnings.push(skippedWarning(input, rows, skipped, firstBad));
  if (badPrices) warnings.push(`${input}: ${badPrices} prices could not be read and were left empty in catalog.csv`);
  return { report, warnings };
}
