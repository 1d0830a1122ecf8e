import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBuffer } from '../../cli/event-buffer';

/** Every session's events (item, time order) and first/last times, as read back from the log. */
function groups(b: EventBuffer) {
  const log = b.finish();
  return [...log].map((s) => ({ items: [...s.items], first: s.first, end: s.end }));
}

test('event buffer: times read back exactly, as int32 offsets or (past the first inexact one) float64', () => {
  // whole seconds, milliseconds, then values no millisecond offset holds (microseconds, a jump past 24 days)
  const times = [1570000000, 1570000000.5, 1570000001.123, 1570000000.0000017, 1570000000 + 40 * 86400, 1569999999.25];
  const b = new EventBuffer();
  times.forEach((t, i) => b.add(`s${i}`, i, t, 0));
  const g = groups(b);
  assert.deepEqual(g.map((s) => s.first), times);
  assert.deepEqual(g.map((s) => s.end), times);
});

test('event buffer: a session is sorted by time (stable on ties) whether its times fit int32 offsets or not', () => {
  for (const base of [1570000000, 1570000000.0000017]) {
    const b = new EventBuffer();
    // interleaved sessions, out of order within "a", a tie in "b"
    const rows: [string, number, number][] = [['a', 1, base + 30], ['b', 2, base + 5], ['a', 3, base + 10], ['b', 4, base + 5], ['a', 5, base + 20]];
    for (const [s, item, t] of rows) b.add(s, item, t, 0);
    const g = groups(b);
    assert.deepEqual(g[0], { items: [3, 5, 1], first: base + 10, end: base + 30 });
    assert.deepEqual(g[1], { items: [2, 4], first: base + 5, end: base + 5 });
  }
});

test('event buffer: many sessions (the id table grows) keep their own events', () => {
  const b = new EventBuffer();
  const n = 5000;
  for (let r = 0; r < 3; r++) for (let s = 0; s < n; s++) b.add(`session-${s}`, s * 3 + r, 1570000000 + r, 0);
  const log = b.finish();
  assert.equal(log.length, n);
  for (let s = 0; s < n; s += 997) assert.deepEqual([...log.at(s).items], [s * 3, s * 3 + 1, s * 3 + 2]);
  assert.ok(log.items.buffer instanceof SharedArrayBuffer);
});
