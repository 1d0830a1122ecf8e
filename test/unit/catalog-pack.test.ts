import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Session } from '../../cli/events';
import { ItemTable } from '../../cli/items';
import { buildCatalogPack, togetherLists, trendingScores, TOGETHER_MIN_SUPPORT } from '../../cli/train/catalog-pack';
import { PACK_VERSION, decodePack, safeUrl, slugOf } from '../../src/recommend/pack';

const HOUR = 3600;
/** A session of [item, type code, hour] events (times in seconds, as the logs read them). */
const session = (id: string, events: [number, number, number][]): Session => ({
  id,
  items: Int32Array.from(events, (e) => e[0]),
  types: Uint8Array.from(events, (e) => e[1]),
  first: Math.min(...events.map((e) => e[2])) * HOUR,
  end: Math.max(...events.map((e) => e[2])) * HOUR,
});

function table(n: number): ItemTable {
  const t = new ItemTable();
  for (let i = 0; i < n; i++) t.attrs[t.intern(`sku-${i}`)] = { title: `Item ${i}`, price: 10 + i };
  return t;
}

test('safeUrl keeps http(s) and relative URLs only', () => {
  for (const ok of ['https://shop.example/p/1', 'http://x.test/a?b=c#d', '/p/1', 'p/1?x=1:2', '../img/a.jpg', '//cdn.example/a.jpg']) assert.equal(safeUrl(ok), ok, ok);
  for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>', 'blob:https://x/1', 'vbscript:x', ' javascript:x', 'java\tscript:x', '/a b', '\\\\evil', '', 'x'.repeat(3000), 42, null])
    assert.equal(safeUrl(bad), undefined, String(bad));
});

test('trending is decayed popularity: a newer event outweighs an older one, carts outweigh views', () => {
  const s = trendingScores([session('a', [[0, 0, 0]]), session('b', [[1, 0, 48], [2, 2, 48]])], 3, 24);
  assert.ok(s[1] > s[0], 'newer view > older view');
  assert.ok(Math.abs(s[0] / s[1] - 0.25) < 1e-9, 'two half-lives older: a quarter');
  assert.ok(s[2] > s[1], 'add-to-cart > view at the same time');
});

test('bought-together uses add-to-cart/purchase co-occurrence with minimum support, clicks only for items without', () => {
  const sessions = [
    session('a', [[0, 2, 0], [1, 3, 0], [2, 0, 0]]),
    session('b', [[0, 2, 1], [1, 2, 1], [2, 1, 1]]),
    session('c', [[3, 2, 1], [0, 2, 1]]), // once: below the support
    session('d', [[2, 1, 2], [3, 1, 2]]),
    session('e', [[2, 1, 3], [3, 1, 3]]),
  ];
  const l = togetherLists(sessions);
  assert.deepEqual(l.get(0), { items: [1], from: 'cart' });
  assert.deepEqual(l.get(1), { items: [0], from: 'cart' });
  assert.equal(l.get(2)?.from, 'click');
  assert.deepEqual(l.get(2)?.items, [0, 1, 3], 'in two sessions each; ties by item');
  assert.ok(!l.get(0)!.items.includes(3), `a pair seen in fewer than ${TOGETHER_MIN_SUPPORT} sessions is not kept`);
});

test('the pack reads back: attributes, trending order, lists; hostile values are dropped when written and when read', async () => {
  const items = table(4);
  items.attrs[1] = { title: 'Bad\u202e title\u0000 <b>x</b>', price: 5 };
  items.extras.set(0, { url: '/p/0', image: 'https://cdn.example/0.jpg' });
  items.extras.set(1, { url: 'javascript:alert(1)', image: 'data:image/svg+xml,<svg onload=alert(1)>', outOfStock: true });
  const sessions = [session('a', [[0, 2, 0], [1, 2, 0]]), session('b', [[0, 2, 1], [1, 2, 1], [2, 0, 1]]), session('c', [[2, 0, 2]])];
  const built = buildCatalogPack(items, [0, 1, 2, 3], sessions);
  assert.equal(built.dropped, 2, 'the javascript: URL and the data: image');
  assert.deepEqual(built.file.url, ['/p/0', null, null, null]);
  const c = await decodePack(JSON.parse(built.text));
  assert.equal(c.items[1].title, 'Bad title <b>x</b>', 'controls and bidi overrides removed; markup is text (rendered as textContent)');
  assert.equal(c.items[1].url, undefined);
  assert.equal(c.items[1].outOfStock, true);
  assert.equal(c.items[0].image, 'https://cdn.example/0.jpg');
  assert.deepEqual([...c.trending.items], [0, 1, 2], 'carts before a view; ties in catalog order');
  assert.equal(c.trending.scores[0], 1, 'the top item is 1');
  assert.ok(!c.trending.items.includes(3), 'an item without events is not trending');
  assert.deepEqual([...c.together.get(0)!.items], [1]);
  // a pack edited by hand (or by an attacker on the way) is cleaned again when read
  const hostile = JSON.parse(built.text);
  hostile.url[2] = 'javascript:alert(2)';
  hostile.image = ['vbscript:x', ' https://x', '/ok.png', null];
  hostile.title[3] = { toString: 'x' };
  const h = await decodePack(hostile);
  assert.equal(h.items[2].url, undefined);
  assert.deepEqual(h.items.map((i) => i.image), [undefined, undefined, '/ok.png', undefined]);
  assert.equal(h.items[3].title, undefined);
  await assert.rejects(decodePack({ ...hostile, id: ['a', 'a', 'b', 'c'] }), /distinct/);
  await assert.rejects(decodePack({ ...hostile, v: 3 }), /version/);
});

test("URL columns refer to the item's title slug and id: shorter, read back exactly; never a guess", async () => {
  const items = new ItemTable();
  const rows: [string, string | undefined, string, string][] = [
    // id, title, url, image
    ['SKU-1001', 'Crème Brûlée Set, 2-pack', '/products/creme-brulee-set-2-pack', 'https://cdn.example/files/SKU-1001-ab12.jpg?v=9'],
    ['SKU-1002', 'Slim Jacket', '/products/slim-jacket-copy-slim-jacket', '/img/other.png'],
    ['SKU\\9', 'Mug', '/p/mug/SKU\\9', '/i/mug.png'],
    ['SKU-1004', undefined, '/products/SKU-1004', '/i/SKU-1004.png'],
  ];
  for (const [id, title, url, image] of rows) {
    const i = items.intern(id);
    items.attrs[i] = title ? { title } : {};
    items.extras.set(i, { url, image });
  }
  const built = buildCatalogPack(items, [0, 1, 2, 3], []);
  assert.equal(built.file.v, PACK_VERSION);
  assert.deepEqual(built.file.url, ['/products/\\s', '/products/\\s-copy-\\s', null, '/products/\\i'], 'slug references (each occurrence), id references; the backslash id is not a URL');
  assert.equal(built.file.image?.[0], 'https://cdn.example/files/\\i-ab12.jpg?v=9');
  assert.equal(built.file.image?.[2], '/i/mug.png', 'a 3-letter slug is not worth a reference');
  const c = await decodePack(JSON.parse(built.text));
  assert.deepEqual(c.items.map((i) => i.url), ['/products/creme-brulee-set-2-pack', '/products/slim-jacket-copy-slim-jacket', undefined, '/products/SKU-1004']);
  assert.deepEqual(c.items.map((i) => i.image), rows.map((r) => r[3]));
  // a reference with nothing to resolve it (no title) leaves a backslash: an unsafe URL, dropped
  const orphan = JSON.parse(built.text);
  orphan.url[3] = '/products/\\s';
  assert.equal((await decodePack(orphan)).items[3].url, undefined);
  // version 1 packs (no references) still read
  const v1 = { ...JSON.parse(built.text), v: 1, url: ['/a', null, null, null], image: undefined };
  assert.equal((await decodePack(v1)).items[0].url, '/a');
  assert.equal(slugOf('  Ünïcode -- Tee (XL) '), 'unicode-tee-xl');
});
