import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadData } from '../../cli/load';
import { splitByTime } from '../../cli/train/mix';

/** The CSV contract (README "Models"): a session's events by time, events that share a time in file order, in train and eval (both read through loadData). */
test('events that share a time keep their file order; later times still sort first to last', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-order-'));
  try {
    const rows = [
      'session,item,time',
      // a basket: four lines at one time, written in the order c, a, d, b
      's1,c,1569888000', 's1,a,1569888000', 's1,d,1569888000', 's1,b,1569888000',
      // out of file order in time, with a tie in the middle
      's2,z,1569888100', 's2,x,1569888050', 's2,y,1569888050', 's2,w,1569888000',
      // another session interleaved with s1's time
      's3,q,1569888000', 's1,e,1569887000',
    ];
    writeFileSync(path.join(dir, 'train.csv'), rows.join('\n') + '\n');
    writeFileSync(path.join(dir, 'test.csv'), rows.join('\n') + '\n');
    const data = await loadData({ train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv'), keepIds: true });
    for (const split of [data.train, data.test]) {
      const byId = new Map([...split].map((s) => [s.id, Array.from(s.items, (i) => data.items.ids[i]).join('')]));
      assert.equal(byId.get('s1'), 'ecadb', 'the earlier event first, then the basket in file order');
      assert.equal(byId.get('s2'), 'wxyz');
      assert.equal(byId.get('s3'), 'q');
    }
    // the mix's validation split: the last sessions by end time, ties in file order
    const { fit, validation } = splitByTime(data.train, 0.34);
    assert.deepEqual([...validation].map((s) => s.id), ['s2']);
    assert.deepEqual([...fit].map((s) => s.id), ['s1', 's3']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('byEndTime is a stable sort by last event time: the comparator sort it replaced, on ties, -Infinity (empty sessions) and a selection', async () => {
  const { byEndTime: order, SessionLog: Log } = await import('../../cli/sessions');
  const { Rng } = await import('../../cli/train/rng');
  const rng = new Rng(3);
  for (let trial = 0; trial < 20; trial++) {
    const n = 1 + Math.floor(rng.next() * 300);
    const ends = Float64Array.from({ length: n }, () => (rng.next() < 0.05 ? -Infinity : Math.floor(rng.next() * 20) + (rng.next() < 0.3 ? 0.5 : 0)));
    const sessions = Array.from(ends, (end) => ({ items: new Int32Array(0), types: new Uint8Array(0), first: end, end }));
    const want = Int32Array.from(ends.keys()).sort((a, b) => ends[a] - ends[b] || a - b);
    assert.deepEqual([...order(sessions)], [...want]);
    const log = Log.of(sessions);
    const pick = Int32Array.from({ length: Math.floor(n / 2) }, () => Math.floor(rng.next() * n));
    const sub = log.select(pick);
    const subEnds = Array.from(pick, (k) => ends[k]);
    assert.deepEqual([...order(sub)], [...Int32Array.from(subEnds.keys()).sort((a, b) => subEnds[a] - subEnds[b] || a - b)]);
  }
});
