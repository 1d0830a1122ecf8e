/**
 * One page view of the vitals bench, through any driver: navigate, wait until the page and
 * Vitrine have settled, read the probe, ask Vitrine for its own account (`firstReorder()`,
 * `stats()`) and for the personalised order (`await vitrine.reorder()`), then tap a card
 * for event timing. Only the public API and the page's DOM are used.
 */
import type { SeenRequest, Tab } from './driver';
import { tally, TIMED_RESOURCES, type NetworkTally, type TimedResource } from './network';
import { READ_PROBE, type ProbeData } from './probe';

export interface ViewResult {
  probe: ProbeData;
  network: NetworkTally;
  /** What Vitrine says: `firstReorder()` and `stats()` (null without Vitrine). */
  sdk: { first: { outcome: string; hiddenMs: number } | null; state: string; events: number; modelSource: string | null } | null;
  /** Item ids after an explicit `await vitrine.reorder()`: the personalised order (null without Vitrine). */
  personalOrder: string[] | null;
  /** Interaction entries and the first input after the tap (null: no tap dispatched). */
  input: Pick<ProbeData, 'events' | 'firstInput'> | null;
  /** The view had not settled within the limit. */
  unsettled: boolean;
}

const IDS = `Array.from(document.querySelectorAll('[data-vitrine-grid] > [data-vitrine-item]'), (e) => e.getAttribute('data-vitrine-item'))`;

/** True once the page has loaded and, with Vitrine, its first reorder settled and its model is no longer loading. */
const SETTLED = (vitrine: boolean) => `(() => {
  if (document.readyState !== 'complete') return false;
  ${vitrine ? `const v = window.vitrine;
  if (!v || typeof v.firstReorder !== 'function' || !v.firstReorder()) return false;
  if (v.stats().state === 'loading') return false;` : ''}
  const v2 = window.__vitals;
  const tasks = v2 ? v2.longTasks.concat(v2.frames) : [];
  return { resources: performance.getEntriesByType('resource').length, lastTaskEnd: Math.max(0, ...tasks.map((t) => t.start + t.ms)), now: performance.now() };
})()`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the view is settled and quiet for `quietMs`: no new resource, no long task
 * ending, no request open. Returns false at `limitMs`.
 */
async function settle(tab: Tab, vitrine: boolean, meter: { read(): SeenRequest[] } | undefined, quietMs: number, limitMs: number): Promise<boolean> {
  const start = Date.now();
  let last = '';
  let since = Date.now();
  while (Date.now() - start < limitMs) {
    const s = await tab.evaluate<false | { resources: number; lastTaskEnd: number; now: number }>(SETTLED(vitrine)).catch(() => false as const);
    const open = meter?.read().filter((r) => !r.done).length ?? 0;
    if (s && open === 0) {
      const key = `${s.resources}:${s.lastTaskEnd}`;
      if (key !== last) {
        last = key;
        since = Date.now();
      } else if (Date.now() - since >= quietMs && s.now - s.lastTaskEnd >= quietMs) return true;
    } else {
      last = '';
    }
    await sleep(100);
  }
  return false;
}

export async function view(tab: Tab, url: string, o: { vitrine: boolean; quietMs: number; limitMs: number; sdkPaths: readonly string[] }): Promise<ViewResult> {
  const meter = tab.meter?.();
  await tab.goto(url);
  const settled = await settle(tab, o.vitrine, meter, o.quietMs, o.limitMs);
  const probe = await tab.evaluate<ProbeData>(READ_PROBE);
  const network = tally(meter?.read() ?? null, await tab.evaluate<TimedResource[]>(TIMED_RESOURCES), o.sdkPaths);
  const sdk = o.vitrine
    ? await tab.evaluate<ViewResult['sdk']>(`(() => { const v = window.vitrine; if (!v || !v.stats) return null; const s = v.stats(); return { first: v.firstReorder ? v.firstReorder() : null, state: s.state, events: s.events, modelSource: s.modelSource }; })()`)
    : null;
  // the personalised order, asked explicitly (a reorder ranks from the page's own order, so it is the one the first view should have shown)
  const personalOrder = o.vitrine && sdk ? await tab.evaluate<string[]>(`vitrine.reorder().then(() => ${IDS})`) : null;
  let input: ViewResult['input'] = null;
  if (tab.tap) {
    const at = await tab.evaluate<{ x: number; y: number }>(`(() => { const r = document.querySelector('[data-vitrine-grid] .card img').getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`);
    await tab.tap(at.x, at.y);
    // event timing entries arrive after the next paint
    await sleep(300);
    input = await tab.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(() => r({ events: window.__vitals.events, firstInput: window.__vitals.firstInput }), 50)))`);
  }
  return { probe, network, sdk, personalOrder, input, unsettled: !settled };
}
