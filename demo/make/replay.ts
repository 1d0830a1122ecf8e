import type { LoadedData } from '../../cli/load';
import type { Scorer } from '../../cli/eval/scorers';
import { categoryPaths } from '../../src/features/tokens';
import { finalOrder } from '../../src/rank/order';
import { orderOptionsFor } from '../../src/rank/rules';
import { DEFAULT_OPTIONS } from '../../src/core/options';
import { bootstrap, pooledMean, type Interval } from './bootstrap';

/** How the held-out replay builds a page and reads it. */
export interface ReplaySettings {
  /** Products on a category's listing page. */
  pageSize: number;
  /** Products in the grid's first row (the demo's desktop grid). */
  rowSize: number;
  /** Fewest products a category needs to have a listing page. */
  minCategory: number;
  resamples: number;
}

export const REPLAY_DEFAULTS: ReplaySettings = { pageSize: 24, rowSize: 4, minCategory: 8, resamples: 1000 };

export interface ReplayResult {
  settings: ReplaySettings & { blend: number; categoryLevels: number; storeOrder: string };
  /** Predictions replayed, sessions they come from, and the predictions of the test split in all. */
  n: number;
  sessions: number;
  predictions: number;
  /** Mean 1-based position of the next clicked product on its page. */
  position: { page: Interval; personalised: Interval; change: Interval };
  /** Share of next clicks in the first row. */
  firstRow: { page: Interval; personalised: Interval; change: Interval };
  /** Share of next clicks at position <= k, k = 1..pageSize. */
  cdf: { k: number[]; page: number[]; personalised: number[] };
}

interface SessionRanks {
  page: number[];
  personalised: number[];
}

/**
 * Replays held-out sessions on listing pages. For every event p >= 1 of every test session, the
 * page is the listing of the target's category (top `categoryLevels` = 2 levels of its path) in the
 * store's order: the category's `pageSize` most popular products in the train events (ties by id).
 * When the target is on that page, its position there is compared with its position after the
 * SDK's own ordering (src/rank with the default blend, no other rule) of the same page from the
 * model's scores for the events before it (`newProducts`: only targets not earlier in the session). Targets off the page, or without a category, are not
 * replayed (counted in `predictions - n`). Intervals: cluster bootstrap over sessions.
 */
export function replay(data: LoadedData, score: Scorer, o: ReplaySettings = REPLAY_DEFAULTS, only: { newProducts?: boolean } = {}): ReplayResult {
  const LEVELS = 2;
  const { items, candidates, counts } = data;
  const groupOf = (i: number) => {
    const c = items.attrs[i]?.category;
    return c ? categoryPaths(c, LEVELS)[LEVELS - 1] : undefined;
  };
  const candIndex = new Map<number, number>();
  candidates.forEach((item, c) => candIndex.set(item, c));
  const byGroup = new Map<string, number[]>();
  for (const i of candidates) {
    const g = groupOf(i);
    if (g) byGroup.set(g, [...(byGroup.get(g) ?? []), i]);
  }
  const pages = new Map<string, number[]>();
  for (const [g, list] of byGroup)
    if (list.length >= o.minCategory) pages.set(g, list.sort((a, b) => counts[b] - counts[a] || (items.ids[a] < items.ids[b] ? -1 : 1)).slice(0, o.pageSize));

  const scores = new Float64Array(candidates.length);
  const perSession: SessionRanks[] = [];
  let predictions = 0;
  for (const s of data.test) {
    const ranks: SessionRanks = { page: [], personalised: [] };
    for (let p = 1; p < s.items.length; p++) {
      predictions++;
      const target = s.items[p];
      const g = groupOf(target);
      const page = g ? pages.get(g) : undefined;
      const at = page ? page.indexOf(target) : -1;
      if (!page || at < 0) continue;
      if (only.newProducts && s.items.subarray(0, p).includes(target)) continue;
      score(s, p, scores);
      const pageScores = page.map((i) => scores[candIndex.get(i)!]);
      const order = finalOrder(pageScores, orderOptionsFor(DEFAULT_OPTIONS, page.map((i) => items.item(i))));
      ranks.page.push(at + 1);
      ranks.personalised.push(order.indexOf(at) + 1);
    }
    if (ranks.page.length) perSession.push(ranks);
  }

  const pos = (w: keyof SessionRanks) => (gs: readonly SessionRanks[]) => pooledMean(gs, (g) => g[w]);
  const row = (w: keyof SessionRanks) => (gs: readonly SessionRanks[]) => pooledMean(gs, (g) => g[w].map((r) => (r <= o.rowSize ? 1 : 0)));
  const diff = (a: (gs: readonly SessionRanks[]) => number, b: (gs: readonly SessionRanks[]) => number) => (gs: readonly SessionRanks[]) => a(gs) - b(gs);
  const ci = (f: (gs: readonly SessionRanks[]) => number) => round(bootstrap(perSession, f, o.resamples));
  const all = perSession.flatMap((g) => g.page.map((r, i) => [r, g.personalised[i]] as const));
  const ks = Array.from({ length: o.pageSize }, (_, i) => i + 1);
  const share = (w: 0 | 1, k: number) => r4(all.filter((x) => x[w] <= k).length / Math.max(all.length, 1));
  return {
    settings: { ...o, blend: DEFAULT_OPTIONS.blend, categoryLevels: LEVELS, storeOrder: 'most popular in the train events first' },
    n: all.length,
    sessions: perSession.length,
    predictions,
    position: { page: ci(pos('page')), personalised: ci(pos('personalised')), change: ci(diff(pos('personalised'), pos('page'))) },
    firstRow: { page: ci(row('page')), personalised: ci(row('personalised')), change: ci(diff(row('personalised'), row('page'))) },
    cdf: { k: ks, page: ks.map((k) => share(0, k)), personalised: ks.map((k) => share(1, k)) },
  };
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round = (i: Interval): Interval => ({ mean: r4(i.mean), lo: r4(i.lo), hi: r4(i.hi) });
