/**
 * The in-page probe of the vitals bench: plain JavaScript that the page runs as its first
 * script, before any other, in any engine. It records what the page itself can see — paint
 * and layout-shift entries, long tasks and long animation frames (with the scripts in them),
 * event timing, and frame by frame whether the product grid is visible and in which order —
 * in `window.__vitals`, which a driver reads with one `evaluate` (see `readProbe`). Entry
 * types an engine lacks are skipped (Firefox and WebKit have no long tasks, for instance).
 */

export interface ProbeFrame {
  /** Frame start, ms since navigation start. */
  t: number;
  /** Item ids of the grid in that frame, in DOM order. */
  ids: string[];
  /** document.readyState then ('loading': the grid may still be partly parsed). */
  readyState: string;
}

export interface ProbeScript {
  url: string;
  invoker: string;
  start: number;
  ms: number;
}

export interface ProbeData {
  fcp: number | null;
  lcp: { t: number; size: number; tag: string; url?: string }[];
  /** Resource timing of the last LCP entry's URL (null: no URL or no entry). */
  lcpResource?: { start: number; end: number; transfer: number } | null;
  shifts: { t: number; value: number }[];
  longTasks: { start: number; ms: number; attribution: string }[];
  frames: { start: number; ms: number; blocking: number; scripts: ProbeScript[] }[];
  events: { name: string; start: number; ms: number; interaction: number }[];
  firstInput: { name: string; start: number; ms: number } | null;
  /** The grid: first frame visible, first frame hidden, hidden spans, frames that showed another order. */
  grid: {
    firstVisible: ProbeFrame | null;
    firstHidden: number | null;
    hidden: { start: number; end: number | null }[];
    /** A frame showed the grid, a later frame hid it. */
    shownThenHidden: boolean;
    /** Visible frames whose order was not the previous frame's, that frame visible too (items appended by the parser aside). */
    movedWhileVisible: number;
  };
  nav: { dcl: number; load: number } | null;
  /** When the probe was read (ms since navigation start). */
  now: number;
  /** Features the engine lacks among those observed (e.g. 'longtask'). */
  unsupported: string[];
}

/** The probe's source: an expression statement run as the page's first inline script. */
export const PROBE_SOURCE = `(() => {
  const v = window.__vitals = { fcp: null, lcp: [], shifts: [], longTasks: [], frames: [], events: [], firstInput: null, unsupported: [],
    grid: { firstVisible: null, firstHidden: null, hidden: [], shownThenHidden: false, movedWhileVisible: 0 }, stopped: false };
  const r = (n) => Math.round(n * 10) / 10;
  const observe = (type, fn, extra) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe(Object.assign({ type, buffered: true }, extra)); }
    catch (e) { v.unsupported.push(type); }
  };
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') v.fcp = r(e.startTime); });
  observe('largest-contentful-paint', (e) => v.lcp.push({ t: r(e.startTime), size: e.size, tag: e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + e.element.className : '') : '', url: e.url || '' }));
  observe('layout-shift', (e) => { if (!e.hadRecentInput) v.shifts.push({ t: r(e.startTime), value: e.value }); });
  observe('longtask', (e) => v.longTasks.push({ start: r(e.startTime), ms: r(e.duration),
    attribution: (e.attribution || []).map((a) => [a.containerType, a.containerSrc || a.containerName].filter(Boolean).join(' ')).join(', ') }));
  observe('long-animation-frame', (e) => v.frames.push({ start: r(e.startTime), ms: r(e.duration), blocking: r(e.blockingDuration || 0),
    scripts: (e.scripts || []).map((s) => ({ url: s.sourceURL || '', invoker: String(s.invoker || ''), start: r(s.startTime), ms: r(s.duration) })) }));
  observe('event', (e) => { if (e.interactionId) v.events.push({ name: e.name, start: r(e.startTime), ms: e.duration, interaction: e.interactionId }); }, { durationThreshold: 16 });
  observe('first-input', (e) => { v.firstInput = { name: e.name, start: r(e.startTime), ms: e.duration }; });
  // the grid, frame by frame: visible (and in which order) or hidden
  const shown = (el) => { const s = getComputedStyle(el); return s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0'; };
  // last: the order of the previous frame if it was visible (a move across a hidden span is not one the shopper watched)
  let last = null, shownBefore = false, hiddenSince = null;
  const frame = (now) => {
    if (v.stopped) return;
    const grid = document.querySelector('[data-vitrine-grid]');
    const first = grid && grid.querySelector('[data-vitrine-item]');
    if (first) {
      const g = v.grid;
      if (!(shown(grid) && shown(first))) {
        if (hiddenSince === null) { hiddenSince = now; g.hidden.push({ start: r(now), end: null }); if (g.firstHidden === null) g.firstHidden = r(now); if (shownBefore) g.shownThenHidden = true; }
        last = null;
      } else {
        if (hiddenSince !== null) { g.hidden[g.hidden.length - 1].end = r(now); hiddenSince = null; }
        const ids = Array.from(grid.querySelectorAll(':scope > [data-vitrine-item]'), (e) => e.getAttribute('data-vitrine-item'));
        if (!g.firstVisible) g.firstVisible = { t: r(now), ids, readyState: document.readyState };
        else if (last && last.some((id, i) => ids[i] !== id)) g.movedWhileVisible++;
        last = ids;
        shownBefore = true;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  v.stop = () => { v.stopped = true; };
})();`;

/** An expression that stops the frame loop and returns the probe's data (with navigation timing). */
export const READ_PROBE = `(() => {
  const v = window.__vitals;
  if (!v) return null;
  v.stop();
  const n = performance.getEntriesByType('navigation')[0];
  const { stopped, stop, ...data } = v;
  const lu = v.lcp.length ? v.lcp[v.lcp.length - 1].url : '';
  const le = lu ? performance.getEntriesByName(lu)[0] : null;
  const lcpResource = le ? { start: Math.round(le.startTime), end: Math.round(le.responseEnd), transfer: le.transferSize } : null;
  return JSON.parse(JSON.stringify({ ...data, lcpResource, nav: n ? { dcl: Math.round(n.domContentLoadedEventStart), load: Math.round(n.loadEventStart) } : null, now: Math.round(performance.now()) }));
})()`;
