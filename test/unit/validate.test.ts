import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanText, MAX_ID_LENGTH, MAX_TEXT_LENGTH, normalizeAttrs, normalizeEvent, toItemId, toPrice } from '../../src/features/validate';

test('ids: strings and finite numbers, trimmed; empty, huge, control-character and non-scalar ids refused', () => {
  assert.equal(toItemId('  SKU-9 '), 'SKU-9');
  assert.equal(toItemId(42), '42');
  for (const bad of ['', '   ', 'x'.repeat(MAX_ID_LENGTH + 1), 'x'.repeat(5 * 1024 * 1024), 'a\u0000b', NaN, Infinity, null, undefined, {}, [], () => 'x', Symbol('x')]) {
    assert.equal(toItemId(bad), null, String(typeof bad === 'string' ? bad.slice(0, 20) : typeof bad));
  }
  assert.equal(toItemId('x'.repeat(MAX_ID_LENGTH)), 'x'.repeat(MAX_ID_LENGTH));
});

test('attributes: numbers become text, unknown keys and functions/objects are dropped and named, text is capped', () => {
  assert.deepEqual(normalizeAttrs({ category: 42, brand: 7 }), { value: { category: '42', brand: '7' }, dropped: [] });
  const odd = normalizeAttrs({ title: () => 'x', category: { a: 1 }, brand: ['b'], price: 'cheap', colour: 'red', extra: Symbol('s') });
  assert.equal(odd.value, undefined);
  assert.deepEqual(odd.dropped.sort(), ['brand', 'category', 'colour', 'extra', 'price', 'title']);
  assert.equal(normalizeAttrs({ title: 'y'.repeat(10_000) }).value!.title!.length, MAX_TEXT_LENGTH.title);
  assert.deepEqual(normalizeAttrs('x').dropped, ['attrs']);
  assert.deepEqual(normalizeAttrs([1]).dropped, ['attrs']);
  const trap = { get title() { throw new Error('getter'); }, brand: 'ok' };
  assert.deepEqual(normalizeAttrs(trap), { value: { brand: 'ok' }, dropped: ['title'] });
  const proxy = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  assert.deepEqual(normalizeAttrs(proxy).dropped, ['attrs']);
});

test('prices: finite non-negative numbers only; text that is not a plain number is dropped, never misread', () => {
  assert.equal(toPrice(19.5), 19.5);
  assert.equal(toPrice('19.50'), 19.5);
  assert.equal(toPrice('1,299.00'), 1299);
  assert.equal(toPrice('$1,299.00'), 1299);
  assert.equal(toPrice('12,50 €'), 12.5);
  assert.equal(toPrice('1,299'), undefined, 'ambiguous (1299 or 1.299): dropped, never guessed');
  for (const bad of [-1, NaN, Infinity, 1e12, '0x10', '1e3', '', 'abc', '12x34', '10-20', null, {}]) assert.equal(toPrice(bad), undefined, String(bad));
});

test('text: controls and bidirectional overrides are removed, whitespace collapsed', () => {
  assert.equal(cleanText(' a\u202Eb\u2066c\u0007d\n\te '), 'a b c d e');
  assert.equal(normalizeAttrs({ title: '\u202E\u202E' }).dropped[0], 'title');
  // a cut never leaves half a surrogate pair
  const emoji = '😀'.repeat(MAX_TEXT_LENGTH.brand);
  const brand = normalizeAttrs({ brand: emoji }).value!.brand!;
  assert.ok(!/[\ud800-\udbff]$/.test(brand));
});

test('property: normalised events and attributes are always well-formed, whatever comes in', () => {
  fc.assert(
    fc.property(fc.anything(), fc.anything(), fc.anything(), (item, attrs, time) => {
      const e = normalizeEvent({ item, type: 'click', time, attrs });
      if (e === null) return;
      assert.equal(typeof e.item, 'string');
      assert.ok(e.item.length > 0 && e.item.length <= MAX_ID_LENGTH);
      assert.ok(Number.isFinite(e.time));
      for (const [k, v] of Object.entries(e.attrs ?? {})) {
        if (k === 'price') assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0);
        else assert.ok(typeof v === 'string' && v.length > 0, k);
      }
      assert.doesNotThrow(() => structuredClone(e));
    }),
    { numRuns: 2000 },
  );
});
