/**
 * Memory of a training run. The phases of `vitrine train` leave large typed arrays behind (the
 * reader's column chunks, the validation split's copy of the log) that only a full garbage
 * collection frees; while the training threads work, this thread allocates nothing, so V8 would
 * never run one and the process would carry them to the end. `releaseGarbage` runs one between
 * phases (through V8's gc extension: no node flag needed); where that is refused it does nothing.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
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

/**
 * glibc's malloc raises its mmap threshold (up to 32 MB) each time a large mapped block is
 * freed; blocks below it then come from the heap, where a free rarely returns memory to the
 * system. After loading the 10 M-event log that left RSS at 428 MB against 165 MB of JS heap and
 * array buffers; with the threshold fixed (MALLOC_MMAP_THRESHOLD_, which glibc reads only at
 * process start) it was 265 MB, and the load's peak 441 MB instead of 493. So the commands that
 * read whole logs run in a child process with it set, unless it is set already (a user's own
 * value is kept) or the platform is not Linux (musl ignores it). Resolves to the child's exit
 * code; undefined when the command should run in this process.
 */
export const MMAP_THRESHOLD_BYTES = 128 * 1024;

export function inFixedMmapChild(): Promise<number | undefined> | undefined {
  if (process.platform !== 'linux' || process.env.MALLOC_MMAP_THRESHOLD_ !== undefined) return undefined;
  return new Promise((resolve) => {
    const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD_BYTES) };
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
    // a signal to this process is passed on (Ctrl-C also reaches the child from the terminal's
    // process group: it has no handler of its own, so the first one ends it); this process
    // ends when the child has
    const onInt = () => child.kill('SIGINT');
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    const done = (code: number | undefined) => (process.off('SIGINT', onInt).off('SIGTERM', onTerm), resolve(code));
    child.on('error', () => done(undefined)); // could not start: run here
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  });
}
