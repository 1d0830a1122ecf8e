/**
 * Time slicing for work on large lists (a 5,000-item grid): the work runs in chunks,
 * and between chunks it yields to the event loop once the current slice has run
 * SLICE_MS, so no task of ours blocks input, rendering or the page's timers for long.
 * A list of one chunk runs straight through, with no yield and no timer.
 *
 * The slice clock is shared by everything that runs on the main thread (several grids
 * ranked at once share one budget); a slice ends with the task that ran it.
 */
export const SLICE_MS = 12;

const now = () => performance.now();

/**
 * Runs `fn` in a later task. `scheduler.postTask` where present, else a MessageChannel,
 * else setTimeout. Not `scheduler.yield()`: its continuations outrank every other task
 * of the page, and measured in Chromium 150, a chain of them (10 ms slices) kept a 150 ms
 * setTimeout from firing for a whole second and let a frame render only every ~100 ms — the
 * anti-flicker timer and the page's own timers would wait for the SDK.
 */
function later(fn: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (cb: () => void, o: { priority: string }) => Promise<unknown> } }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void scheduler.postTask(fn, { priority: 'user-visible' }).catch(() => {});
  } else if (typeof MessageChannel === 'function') {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      fn();
    };
    port2.postMessage(null);
  } else setTimeout(fn, 0);
}

let sliceStart = -1;
let generation = 0;

function beginSlice(): void {
  sliceStart = now();
  const mine = ++generation;
  // whatever runs after this task starts a fresh slice
  later(() => {
    if (generation === mine) sliceStart = -1;
  });
}

/** Whether the current slice has used its time (the first call of a task starts the clock). */
export function sliceDue(): boolean {
  if (sliceStart < 0) {
    beginSlice();
    return false;
  }
  return now() - sliceStart >= SLICE_MS;
}

/** Yields to the event loop, then starts a new slice. */
export function nextSlice(): Promise<void> {
  return new Promise<void>((resolve) => later(resolve)).then(beginSlice);
}

/** Yields only if the current slice is used up. */
export async function pause(): Promise<void> {
  if (sliceDue()) await nextSlice();
}

/**
 * Calls `work(from, to)` for consecutive chunks of `0..n` of at most `size`, each after a
 * pause (a yield if the slice is used up); `n <= size` is one call, with no pause.
 */
export async function inChunks(n: number, size: number, work: (from: number, to: number) => void | Promise<void>): Promise<void> {
  for (let from = 0; from < n; from += size) {
    if (n > size) await pause();
    await work(from, Math.min(n, from + size));
  }
}
