import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inChunks, SLICE_MS } from '../../src/common/slices';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** Runs `inChunks` (each chunk busy for `chunkMs`) with a timer set at the same moment: how many chunks had run when the timer did. */
async function chunksAfterTimer(n: number, size: number, chunkMs: number): Promise<{ chunks: number; timerBefore: number | null }> {
  let chunks = 0;
  let timerBefore: number | null = null;
  setTimeout(() => (timerBefore = chunks), 0);
  await inChunks(n, size, () => {
    busy(chunkMs);
    chunks++;
  });
  return { chunks, timerBefore };
}

test('a list of one chunk runs straight through: no yield, done before a timer set at the same moment', async () => {
  const r = await chunksAfterTimer(200, 256, 30);
  assert.equal(r.chunks, 1);
  assert.equal(r.timerBefore, null, 'the timer had not run yet');
});

test('a long list yields between chunks once a slice is used up: a timer set at the start runs before the work ends', async () => {
  const r = await chunksAfterTimer(10 * 256, 256, SLICE_MS / 2 + 1);
  assert.equal(r.chunks, 10);
  assert.ok(r.timerBefore !== null && r.timerBefore < 10, `the timer ran after chunk ${r.timerBefore}`);
});

test('chunks cover 0..n exactly once, in order', async () => {
  for (const [n, size] of [[0, 4], [1, 4], [4, 4], [5, 4], [17, 4], [1000, 256]]) {
    const seen: [number, number][] = [];
    await inChunks(n, size, (from, to) => void seen.push([from, to]));
    const covered = seen.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i));
    assert.deepEqual(covered, Array.from({ length: n }, (_, i) => i), `n=${n} size=${size}`);
    assert.ok(seen.every(([from, to]) => to - from <= size && to > from));
  }
});
