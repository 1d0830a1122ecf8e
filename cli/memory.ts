/**
 * Memory of a training run. The phases of `vitrine train` leave large typed arrays behind (the
 * reader's column chunks, the validation split's copy of the log) that only a full garbage
 * collection frees; while the training threads work, this thread allocates nothing, so V8 would
 * never run one and the process would carry them to the end. `releaseGarbage` runs one between
 * phases (through V8's gc extension: no node flag needed); where that is refused it does nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The process's peak resident memory so far (all threads), in MB. */
export const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

let gc: (() => void) | null | undefined;

/** A full garbage collection now (once between phases: it takes ~0.1 s on a 10 M-event log). */
export function releaseGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  // twice: V8 frees the collected typed arrays' memory on a background thread, and a
  // collection waits for the previous one's to be freed first
  gc?.();
  gc?.();
}

/** With VITRINE_MEMORY=1 in the environment, a line on stderr with the process's memory at a phase of a run (for finding where a peak comes from). */
export function memoryNote(phase: string): void {
  if (!process.env.VITRINE_MEMORY) return;
  const m = process.memoryUsage();
  const mb = (x: number) => Math.round(x / 1048576);
  console.error(`memory after ${phase}: RSS ${mb(m.rss)} MB (peak ${peakRssMB()}), JS heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, array buffers ${mb(m.arrayBuffers)} MB`);
}
