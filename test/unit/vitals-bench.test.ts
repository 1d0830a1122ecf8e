/**
 * The vitals bench's own pieces that decide its numbers without a browser: the fixture page
 * (one snippet per placement, none without Vitrine, pictures sized), the pictures' byte
 * size, the probe's source, and the CLS / TBT / outcome arithmetic. No timing is asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { IMAGE_HEIGHT, IMAGE_WIDTH, productPng } from '../../bench/vitals/images';
import { cls, tbt, viewMetrics } from '../../bench/vitals/metrics';
import { PIN_IMAGES, PLACEMENTS, renderVitalsPage, type Variant } from '../../bench/vitals/page';
import { PROBE_SOURCE, READ_PROBE, type ProbeData } from '../../bench/vitals/probe';
import { tally, underSdk } from '../../bench/vitals/network';
import type { ViewResult } from '../../bench/vitals/view';

const products = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, name: `Brand thing ${i}`, category: i % 2 ? 'electronics.audio.headphone' : 'appliances.kitchen.kettle', brand: 'brand', price: 10 + i }));
const page = (variant: Variant) => renderVitalsPage({ products, variant, scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json', probe: PROBE_SOURCE });
const scripts = (html: string): string[] => html.match(/<script src="[^"]*"[^>]*>/g) ?? [];

test('the page without Vitrine is the same page minus the script tag', () => {
  assert.deepEqual(scripts(page('none')), []);
  const expected = { 'head-sync': 'head', 'head-async-render': 'head', 'head-defer': 'head', 'body-defer': 'body', 'head-sync-pinned-images': 'head' } as const;
  assert.deepEqual(Object.keys(PLACEMENTS).sort(), Object.keys(expected).sort());
  for (const p of Object.keys(expected) as (keyof typeof expected)[]) {
    const html = page(p);
    const tags = scripts(html);
    assert.equal(tags.length, 1, p);
    // the pinned-images variant also has the script that keeps the images' loading/fetchpriority
    const pin = `<script>${PIN_IMAGES}</script>`;
    assert.equal(html.includes(pin), p === 'head-sync-pinned-images', `${p}: pins images or not`);
    assert.equal(html.replace(tags[0] + '</script>', '').replace(pin, ''), page('none'), `${p}: only the tag differs`);
    const inHead = html.indexOf(tags[0]) < html.indexOf('</head>');
    assert.equal(inHead, expected[p] === 'head', `${p} goes in the ${expected[p]}`);
    if (!inHead) assert.ok(html.indexOf(tags[0]) > html.lastIndexOf('</ul>'), `${p}: after the grid`);
    assert.ok(tags[0].includes('data-model="/models/demo/manifest.json"'));
  }
  assert.match(scripts(page('head-async-render'))[0]!, / async blocking="render">$/);
  assert.match(scripts(page('body-defer'))[0]!, / defer>$/);
  assert.match(scripts(page('head-sync'))[0]!, /manifest\.json">$/);
});

test('the probe is the first script of the page, and every card has a sized picture', () => {
  const html = page('head-sync');
  assert.ok(html.indexOf(PROBE_SOURCE) < html.indexOf('<script src='));
  assert.equal(html.indexOf('<script'), html.indexOf(`<script>${PROBE_SOURCE}`));
  const imgs = html.match(/<img [^>]*>/g) ?? [];
  assert.equal(imgs.length, products.length);
  for (const img of imgs) assert.ok(img.includes(`width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}"`), img);
  assert.equal((html.match(/data-vitrine-item="/g) ?? []).length, products.length);
  // both expressions are valid JavaScript
  assert.doesNotThrow(() => new Function(PROBE_SOURCE));
  assert.doesNotThrow(() => new Function(`return ${READ_PROBE}`));
});

test('pictures are valid PNGs of a photo’s byte size (20–60 KB), different per product', () => {
  const a = productPng({ id: 'P1', category: 'electronics.audio.headphone' });
  const b = productPng({ id: 'P2', category: 'electronics.audio.headphone' });
  for (const png of [a, b]) {
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.equal(png.readUInt32BE(16), IMAGE_WIDTH);
    assert.equal(png.readUInt32BE(20), IMAGE_HEIGHT);
    assert.ok(png.length >= 20_000 && png.length <= 60_000, `${png.length} bytes`);
    const idat = png.subarray(41, 41 + png.readUInt32BE(33));
    assert.equal(inflateSync(idat).length, (IMAGE_WIDTH * 3 + 1) * IMAGE_HEIGHT);
  }
  assert.notDeepEqual(a, b);
});

test('CLS is the largest session window (gaps under 1 s, windows up to 5 s)', () => {
  assert.equal(cls([]), 0);
  assert.equal(cls([{ t: 100, value: 0.1 }, { t: 900, value: 0.05 }]), 0.15000000000000002);
  // a gap of 1 s or more starts a new window
  assert.equal(cls([{ t: 100, value: 0.1 }, { t: 1200, value: 0.05 }]), 0.1);
  // a window is at most 5 s long
  const steady = Array.from({ length: 12 }, (_, i) => ({ t: i * 500, value: 0.01 }));
  assert.ok(Math.abs(cls(steady) - 0.1) < 1e-9, String(cls(steady)));
});

test('TBT counts each long task over 50 ms after FCP, the part before FCP left out', () => {
  assert.equal(tbt([{ start: 0, ms: 40 }], 0), 0);
  assert.equal(tbt([{ start: 200, ms: 120 }], 100), 70);
  // a task across FCP counts only its part after FCP (at most its time over 50 ms)
  assert.equal(tbt([{ start: 50, ms: 120 }], 100), 70);
  assert.equal(tbt([{ start: 50, ms: 100 }], 120), 30);
  assert.equal(tbt([{ start: 0, ms: 90 }], 100), 0);
  assert.equal(tbt([{ start: 200, ms: 60 }, { start: 300, ms: 80 }], 100), 40);
});

function result(seen: string[] | null, personal: string[] | null, shownThenHidden = false): ViewResult {
  const probe: ProbeData = {
    fcp: 100, lcp: [{ t: 150, size: 1, tag: 'img' }, { t: 180, size: 2, tag: 'img' }], shifts: [], longTasks: [], frames: [], events: [], firstInput: null,
    grid: { firstVisible: seen && { t: 120, ids: seen, readyState: 'interactive' }, firstHidden: 90, hidden: [{ start: 90, end: 120 }], shownThenHidden, movedWhileVisible: 0 },
    nav: null, now: 500, unsupported: [],
  };
  return { probe, network: { requests: 0, bytes: 0, sdkRequests: 0, sdkBytes: 0 }, sdk: null, personalOrder: personal, input: null, unsettled: false };
}

test('the first-view outcome compares the first visible frame with the personalised order', () => {
  const pageOrder = ['a', 'b', 'c', 'd'];
  const personal = ['c', 'a', 'b', 'd'];
  const outcome = (seen: string[] | null, p: string[] | null = personal) => viewMetrics(result(seen, p), pageOrder, ['/vendor/']).outcome;
  assert.equal(outcome(personal), 'personalised');
  assert.equal(outcome(pageOrder), 'page order');
  assert.equal(outcome(['a', 'b']), 'page order', 'the part parsed so far');
  assert.equal(outcome(['c', 'a']), 'other', 'a partial grid is not the personalised one');
  assert.equal(outcome(['b', 'a', 'c', 'd']), 'other');
  assert.equal(outcome(null), 'never shown');
  assert.equal(outcome(pageOrder, pageOrder), 'n/a', 'nothing to personalise');
  assert.equal(outcome(pageOrder, null), 'n/a', 'no Vitrine');
  const m = viewMetrics(result(personal, personal, true), pageOrder, ['/vendor/']);
  assert.equal(m.lcp, 180);
  assert.equal(m.hiddenMs, 30);
  assert.equal(m.shownThenHidden, true);
});

test('network tally: the wire record says what went out, Resource Timing fills a size the driver missed', () => {
  const base = 'http://localhost:1';
  const seen = [
    { url: `${base}/shop.html?view=1`, network: true, bytes: 4000, done: true },
    { url: `${base}/img/1.png`, network: false, bytes: 0, done: true }, // from the HTTP cache
    { url: `${base}/models/demo/weights.bin`, network: true, bytes: 1200, done: true }, // CDP lost the total
    { url: `${base}/vendor/vitrine.iife.js`, network: true, bytes: 15000, done: true },
  ];
  const timed = [
    { name: `${base}/shop.html?view=1`, transferSize: 3900 },
    { name: `${base}/img/1.png`, transferSize: 0 },
    { name: `${base}/models/demo/weights.bin`, transferSize: 787164 },
  ];
  assert.deepEqual(tally(seen, timed, ['/vendor/', '/models/']), { requests: 3, bytes: 4000 + 787164 + 15000, sdkRequests: 2, sdkBytes: 787164 + 15000 });
  // without a wire record (an engine without CDP): Resource Timing alone, cache hits left out
  assert.deepEqual(tally(null, timed, ['/vendor/', '/models/']), { requests: 2, bytes: 3900 + 787164, sdkRequests: 1, sdkBytes: 787164 });
  // a path merely containing an SDK folder name is not the SDK's
  assert.equal(underSdk(`${base}/shop/models/list.html`, ['/models/']), false);
  assert.equal(underSdk(`${base}/models/demo/model.json`, ['/models/']), true);
});
