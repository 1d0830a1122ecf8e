/**
 * The figures of one view, from what the probe and the driver recorded: Web Vitals computed
 * the way Lighthouse and the web-vitals library do, and the first-view outcome as the page
 * saw it.
 */
import { underSdk } from './network';
import type { ViewResult } from './view';

/** What the first frame showing the grid showed, against the personalised order. */
export type Outcome =
  /** The first visible frame already had the personalised order. */
  | 'personalised'
  /** It had the page's own order (or the start of it, the rest not parsed yet). */
  | 'page order'
  /** Another order. */
  | 'other'
  /** Nothing to tell: the personalised order is the page's (no history) or there is no Vitrine. */
  | 'n/a'
  /** The grid was never visible while the probe ran. */
  | 'never shown';

export interface ViewMetrics {
  lcp: number | null;
  fcp: number | null;
  cls: number;
  tbt: number;
  /** The longest long task, and whether a script of the SDK ran in it (from long animation frames). */
  longest: number;
  longestSdk: boolean;
  /** The longest long animation frame in which a script of the SDK ran (0: none). */
  sdkFrame: number;
  /** The largest event-timing duration of the tap's interaction (null: no tap). */
  inp: number | null;
  requests: number;
  bytes: number;
  sdkRequests: number;
  sdkBytes: number;
  /** The grid's longest hidden span as the probe saw it (0: never hidden); first frame visible; first frame hidden. */
  hiddenMs: number;
  firstVisible: number | null;
  firstHidden: number | null;
  shownThenHidden: boolean;
  movedWhileVisible: number;
  outcome: Outcome;
  /** What `firstReorder()` said: outcome and hiddenMs. */
  reported: string | null;
  reportedHiddenMs: number | null;
  /** `stats().modelSource` after the view: 'network', 'cache', or null (no model loaded). */
  modelSource: string | null;
  unsettled: boolean;
  /** One line for the progress log: the LCP picture (path, fetch start–end, bytes over the network) and the hidden spans. */
  diag?: string;
}

/** CLS as web-vitals computes it: the largest session window (gaps under 1 s, at most 5 s long). */
export function cls(shifts: { t: number; value: number }[]): number {
  let best = 0;
  let sum = 0;
  let first = -Infinity;
  let previous = -Infinity;
  for (const s of shifts) {
    if (s.t - previous < 1000 && s.t - first < 5000) sum += s.value;
    else {
      sum = s.value;
      first = s.t;
    }
    previous = s.t;
    best = Math.max(best, sum);
  }
  return best;
}

/** Total blocking time after FCP, as Lighthouse sums it: each long task's time over 50 ms, the part before FCP left out. */
export function tbt(tasks: { start: number; ms: number }[], fcp: number | null): number {
  const from = fcp ?? 0;
  let total = 0;
  for (const t of tasks) {
    const end = t.start + t.ms;
    if (end <= from) continue;
    total += Math.max(0, Math.min(t.ms - 50, end - Math.max(t.start, from)));
  }
  return Math.round(total);
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const prefix = (a: readonly string[], of: readonly string[]) => a.every((x, i) => x === of[i]);

function outcome(r: ViewResult, pageOrder: readonly string[]): Outcome {
  if (!r.personalOrder || same(r.personalOrder, pageOrder)) return 'n/a';
  const seen = r.probe.grid.firstVisible?.ids;
  if (!seen) return 'never shown';
  if (same(seen, r.personalOrder)) return 'personalised';
  return prefix(seen, pageOrder) ? 'page order' : 'other';
}

export function viewMetrics(r: ViewResult, pageOrder: readonly string[], sdkPaths: readonly string[]): ViewMetrics {
  const p = r.probe;
  const sdkFrames = p.frames.filter((f) => f.scripts.some((s) => underSdk(s.url, sdkPaths)));
  const longestTask = p.longTasks.reduce((a, t) => (t.ms > a.ms ? t : a), { start: 0, ms: 0 });
  const inside = (f: { start: number; ms: number }) => f.start < longestTask.start + longestTask.ms && longestTask.start < f.start + f.ms;
  const interaction = r.input ? [...r.input.events.map((e) => e.ms), r.input.firstInput?.ms ?? 0] : null;
  const spans = p.grid.hidden.map((h) => (h.end ?? p.now) - h.start);
  return {
    lcp: p.lcp.length ? p.lcp[p.lcp.length - 1].t : null,
    fcp: p.fcp,
    cls: cls(p.shifts),
    tbt: tbt(p.longTasks, p.fcp),
    longest: longestTask.ms,
    longestSdk: longestTask.ms > 0 && sdkFrames.some(inside),
    sdkFrame: Math.max(0, ...sdkFrames.map((f) => f.ms)),
    inp: interaction && Math.max(...interaction),
    requests: r.network.requests,
    bytes: r.network.bytes,
    sdkRequests: r.network.sdkRequests,
    sdkBytes: r.network.sdkBytes,
    hiddenMs: Math.round(Math.max(0, ...spans)),
    firstVisible: p.grid.firstVisible?.t ?? null,
    firstHidden: p.grid.firstHidden,
    shownThenHidden: p.grid.shownThenHidden,
    movedWhileVisible: p.grid.movedWhileVisible,
    outcome: outcome(r, pageOrder),
    reported: r.sdk?.first?.outcome ?? (r.sdk ? 'not settled' : null),
    reportedHiddenMs: r.sdk?.first?.hiddenMs ?? null,
    modelSource: r.sdk?.modelSource ?? null,
    unsettled: r.unsettled,
    diag: `fcp ${p.fcp} lcpImg ${(p.lcp[p.lcp.length - 1]?.url ?? '').replace(/^.*\/img\//, '')} ${p.lcpResource ? `${p.lcpResource.start}-${p.lcpResource.end} ${p.lcpResource.transfer}B` : '-'} hidden ${p.grid.hidden.map((h) => `${h.start}-${h.end}`).join(',')}`,
  };
}
