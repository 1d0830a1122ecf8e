import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CsvParser } from '../../cli/csv';
import { parseEventType, parseTime, readEvents, TYPE_CODE } from '../../cli/events';
import { readCatalog } from '../../cli/catalog';
import { ItemTable } from '../../cli/items';

const parseAll = (text: string, chunk = text.length) => {
  const p = new CsvParser();
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...p.push(text.slice(i, i + chunk)));
  out.push(...p.end());
  return { rows: out, delimiter: p.delimiter };
};

const tmp = mkdtempSync(path.join(tmpdir(), 'vitrine-csv-'));
const file = (name: string, text: string) => {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
};

test('delimiter is detected from the header line', () => {
  assert.equal(parseAll('a\tb\n1\t2\n').delimiter, '\t');
  assert.equal(parseAll('a,b\n1,2\n').delimiter, ',');
  // a comma inside a TSV field stays in the field
  assert.deepEqual(parseAll('a\tb\nx,y\t2\n').rows, [['a', 'b'], ['x,y', '2']]);
});

test('quoted fields hold delimiters, newlines and doubled quotes, across any chunking', () => {
  const text = 'item,title\r\n"1","Shoe, ""trail"" edition"\r\n2,"two\nlines"\n\n3,\n';
  const expected = [['item', 'title'], ['1', 'Shoe, "trail" edition'], ['2', 'two\nlines'], ['3', '']];
  for (const chunk of [1, 2, 3, 7, text.length]) assert.deepEqual(parseAll(text, chunk).rows, expected, `chunk ${chunk}`);
  assert.deepEqual(parseAll('a,b\n1,"x"').rows, [['a', 'b'], ['1', 'x']]); // no final newline, quote at the very end
  assert.deepEqual(parseAll('\ufeffa,b\n1,2').rows, [['a', 'b'], ['1', '2']]); // BOM
});

test('times: unix seconds, ISO-8601 with or without zone, and "... UTC"', () => {
  assert.equal(parseTime('1396437466.94'), 1396437466.94);
  assert.equal(parseTime('2019-10-01 00:00:00 UTC'), Date.UTC(2019, 9, 1) / 1000);
  assert.equal(parseTime('2019-10-01T02:35:00Z'), Date.UTC(2019, 9, 1, 2, 35) / 1000);
  assert.equal(parseTime('2019-10-01T02:35:00'), Date.UTC(2019, 9, 1, 2, 35) / 1000); // no zone = UTC
  assert.equal(parseTime('2019-10-01T04:35:00+02:00'), Date.UTC(2019, 9, 1, 2, 35) / 1000);
  assert.equal(parseTime('2014-04-07T10:51:09.277Z'), Date.UTC(2014, 3, 7, 10, 51, 9, 277) / 1000);
  assert.ok(Number.isNaN(parseTime('yesterday')));
  assert.ok(Number.isNaN(parseTime('')));
});

test('event type aliases', () => {
  const cases: [string, string | undefined][] = [
    ['view', 'view'], ['CLICK', 'click'], ['', 'click'], ['cart', 'add_to_cart'], ['addtocart', 'add_to_cart'],
    ['add-to-cart', 'add_to_cart'], ['Add To Cart', 'add_to_cart'], ['transaction', 'purchase'], ['buy', 'purchase'], ['wishlist', undefined],
  ];
  for (const [raw, want] of cases) assert.equal(parseEventType(raw), want, raw);
});

test('events: default columns, sessions ordered by time (stable), unknown types counted', async () => {
  const f = file('e.csv', 'session,item,time,type\ns1,b,1569888020,view\ns2,x,1569888005,click\ns1,a,1569888010,cart\ns1,c,1569888020,wishlist\ns1,,1569888030,view\n');
  const items = new ItemTable();
  const r = await readEvents(f, items);
  assert.equal(r.events, 4);
  assert.equal(r.skipped, 1);
  const s1 = r.sessions.at(0); // s1: first seen
  assert.deepEqual(Array.from(s1.items, (i) => items.ids[i]), ['a', 'b', 'c']); // b before c: same time, file order
  assert.deepEqual(Array.from(s1.types), [TYPE_CODE.add_to_cart, TYPE_CODE.view, TYPE_CODE.click]);
  assert.equal(r.warnings.length, 2);
  assert.match(r.warnings[1], /"wishlist" x1/);
});

test('events: column flags, TSV, missing type column, and helpful errors', async () => {
  const f = file('y.tsv', 'SessionId\tItemId\tTime\n3\t214716935\t1396437466.94\n3\t214832672\t1396438212.318\n');
  const items = new ItemTable();
  const r = await readEvents(f, items, { 'session-col': 'SessionId', 'item-col': 'ItemId', 'time-col': 'Time' });
  assert.equal(r.sessions.length, 1);
  assert.deepEqual(Array.from(r.sessions.at(0).types), [TYPE_CODE.click, TYPE_CODE.click]);
  await assert.rejects(readEvents(f, new ItemTable(), { 'session-col': 'Nope' }), /--session-col "Nope" is not a column; columns are: SessionId, ItemId, Time/);
  const g = file('bad.csv', 'sid,pid,ts\n1,2,3\n');
  await assert.rejects(readEvents(g, new ItemTable()), /no "session" column .* --session-col/);
});

test('catalog: column flags and empty fields', async () => {
  const f = file('c.csv', 'sku,name,cat,maker,cost\nA,"Red, shoe",apparel.shoes,,9.5\nB,,,acme,\n');
  const items = new ItemTable();
  const r = await readCatalog(f, items, { 'catalog-item-col': 'sku', 'title-col': 'name', 'category-col': 'cat', 'brand-col': 'maker', 'price-col': 'cost' });
  assert.equal(r.indices.size, 2);
  assert.deepEqual(items.item(0), { id: 'A', title: 'Red, shoe', category: 'apparel.shoes', price: 9.5 });
  assert.deepEqual(items.item(1), { id: 'B', brand: 'acme' });
});
