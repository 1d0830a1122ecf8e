import type { Browser, Page } from 'playwright-core';

/** A main-thread task of the page's renderer longer than 50 ms (or `minMs`), from a Chromium trace. */
export interface LongTask {
  /** Start, ms since the trace began. */
  start: number;
  ms: number;
  /** Start and end on the trace's clock (µs), to compare with other trace events. */
  ts: number;
  endTs: number;
  /** Whether the SDK ran in it: a script event of a file under `sdkPath`, a microtask checkpoint or a `scheduler.postTask` callback (the test pages use neither themselves). */
  sdk: boolean;
  /** The largest events inside it, for reading (e.g. "RunMicrotasks 812", "Layout 48"). */
  top: string[];
}

// v8.execute: RunMicrotasks, so that a task made only of promise continuations (after an IndexedDB or network read) is seen as the SDK's
export const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];
const SCRIPT = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.evaluateModule', 'TimerFire', 'EventDispatch']);

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string; frames?: { processId?: number; url?: string }[]; processId?: number } };
}

/**
 * Records a Chromium trace around `fn` and returns the long tasks of the page's
 * renderer main thread. The Long Tasks API (PerformanceObserver 'longtask') misses
 * some of them — a task that only runs promise continuations after a network read is
 * not reported — so the bench and the tests read the trace, as Lighthouse does.
 */
export async function traceLongTasks(browser: Browser, page: Page, fn: () => Promise<void>, sdkPath = '/vendor/', minMs = 50): Promise<LongTask[]> {
  await browser.startTracing(page, { categories: CATEGORIES });
  let trace: Buffer;
  try {
    await fn();
  } finally {
    trace = await browser.stopTracing();
  }
  return longTasks((JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents, page.url(), sdkPath, minMs);
}

/** The long tasks of the page's renderer main thread in trace events (see traceLongTasks). */
export function longTasks(events: TraceEvent[], url: string, sdkPath: string, minMs = 50): LongTask[] {
  const origin = new URL(url).origin;
  // the renderer processes that held the page's frames
  const pids = new Set<number>();
  for (const e of events) {
    const d = e.args?.data;
    for (const f of d?.frames ?? []) if (f.processId && f.url?.startsWith(origin)) pids.add(f.processId);
    if (e.name === 'FrameCommittedInBrowser' && d?.processId) pids.add(d.processId);
  }
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (pids.size === 0 || pids.has(e.pid))).map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const out: LongTask[] = [];
  for (const task of onMain) {
    if (task.name !== 'RunTask' || (task.dur ?? 0) <= minMs * 1000) continue;
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    const sdk = inside.some((e) => e.name === 'RunMicrotasks' || e.name === 'RunPostTaskCallback' || (SCRIPT.has(e.name) && !!e.args?.data?.url?.includes(sdkPath)));
    const top = inside
      .filter((e) => (e.dur ?? 0) >= 5_000)
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 4)
      .map((e) => `${e.name} ${Math.round(e.dur! / 1000)}`);
    out.push({ start: Math.round((task.ts - t0) / 1000), ms: Math.round(task.dur! / 1000), ts: task.ts, endTs: end, sdk, top });
  }
  return out;
}
