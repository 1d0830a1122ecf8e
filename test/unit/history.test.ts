import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampTime, coalesce, MAX_CLOCK_SKEW_MS } from '../../src/history/policy';
import { normalizeEvent } from '../../src/features/validate';
import { memoryStore } from '../../src/history/store';
import { deriveProfile, matchesInterest } from '../../src/history/profile';
import type { HistoryEvent } from '../../src/features/types';

const ev = (item: string, time: number, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({ item, type: 'click', time, ...extra });

test('only well-formed events are valid; damaged attributes are cleaned, not the event lost', () => {
  assert.deepEqual(normalizeEvent(ev('a', 1)), ev('a', 1));
  for (const bad of [null, 42, 'x', {}, { item: '', type: 'click', time: 1 }, { item: 'a', type: 'hover', time: 1 }, { item: 'a', type: 'click', time: NaN }]) {
    assert.equal(normalizeEvent(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(normalizeEvent({ item: 'a', type: 'click', time: 1, attrs: 'x' }), ev('a', 1));
});

test('times in the future beyond the skew allowance become now; small skew is kept', () => {
  const now = 1_000_000;
  assert.equal(clampTime(now + MAX_CLOCK_SKEW_MS + 1, now), now);
  assert.equal(clampTime(now + 1000, now), now + 1000);
  assert.equal(clampTime(-5, now), now);
  assert.equal(clampTime(now - 5, now), now - 5);
});

test('rapid duplicates of the same item and type are coalesced; other types and later repeats are kept', () => {
  const previous = new Map<string, number>();
  const kept = coalesce([ev('a', 0), ev('a', 300), ev('a', 400, { type: 'add_to_cart' }), ev('b', 500), ev('a', 2000)], 1000, previous);
  assert.deepEqual(kept.map((e) => `${e.item}:${e.type}:${e.time}`), ['a:click:0', 'a:add_to_cart:400', 'b:click:500', 'a:click:2000']);
  assert.equal(coalesce([ev('a', 2500)], 1000, previous).length, 0, 'remembered across batches');
});

test('the memory store is bounded by count and age, newest first', async () => {
  const now = Date.now();
  const store = memoryStore({ limit: 3, ttlMs: 60_000, coalesceMs: 0 });
  await store.add(ev('old', now - 120_000));
  for (let i = 0; i < 5; i++) await store.add(ev(`i${i}`, now - 1000 + i));
  assert.equal(await store.count(), 3);
  assert.deepEqual((await store.recent(10)).map((e) => e.item), ['i4', 'i3', 'i2']);
  assert.equal(await store.removeWhere((e) => e.item === 'i3'), 1);
  await store.clear();
  assert.equal(await store.count(), 0);
});

test('the profile weighs purchases over views and lists recent items once', () => {
  const events: HistoryEvent[] = [
    ev('p1', 5, { type: 'purchase', attrs: { category: 'electronics.smartphone.android', brand: 'Acme', price: 300 } }),
    ev('v1', 4, { type: 'view', attrs: { category: 'apparel.shoes', brand: 'Run', price: 50 } }),
    ev('v2', 3, { type: 'view', attrs: { category: 'apparel.shoes', brand: 'run', price: 60 } }),
    ev('p1', 2, { type: 'view', attrs: { category: 'electronics.smartphone.android', brand: 'Acme', price: 300 } }),
  ];
  const p = deriveProfile(events);
  assert.equal(p.categories[0].value, 'electronics.smartphone');
  assert.equal(p.categories[0].events, 2);
  assert.ok(Math.abs(p.categories[0].share - 4 / 6) < 1e-9);
  assert.deepEqual(p.brands.map((b) => b.value), ['acme', 'run']);
  assert.deepEqual(p.recent.map((r) => r.id), ['p1', 'v1', 'v2']);
  assert.ok(p.price && p.price.min <= p.price.max);
  assert.deepEqual(deriveProfile([]).categories, []);
});

test('interests match events by category path prefix, brand (any case) or item', () => {
  const e = ev('x', 1, { attrs: { category: 'Electronics > Smartphone > Android', brand: 'ACME' } });
  assert.ok(matchesInterest({ category: 'electronics.smartphone' }, e));
  assert.ok(matchesInterest({ category: 'electronics' }, e));
  assert.equal(matchesInterest({ category: 'electronics.audio' }, e), false);
  assert.ok(matchesInterest({ brand: 'acme' }, e));
  assert.ok(matchesInterest({ item: 'x' }, e));
  assert.equal(matchesInterest({}, e), false);
});
