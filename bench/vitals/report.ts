/**
 * The vitals tables: per cell (device x cards x visitor x page variant) the medians (and
 * p90) of each figure, the outcome counts "k of n", ratios against the same page without
 * Vitrine from the same run, and the placement verdicts drawn from them.
 */
import type { ViewMetrics } from './metrics';
import type { Variant } from './page';
import type { CellRuns } from './scenarios';

/** Nearest-rank quantile (q = 0.5: the median; an even count takes the lower middle). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

const num = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const kb = (n: number) => (Number.isFinite(n) ? (n / 1024).toFixed(n >= 10240 ? 0 : 1) : '–');
const sign = (n: number, digits = 0) => (!Number.isFinite(n) ? '–' : `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(digits)}`);

/** "median (p90)" of a figure over the views. */
function mp(views: ViewMetrics[], pick: (m: ViewMetrics) => number | null, fmt = f0): string {
  const xs = num(views.map(pick));
  if (!xs.length) return '–';
  return `${fmt(median(xs))} (${fmt(quantile(xs, 0.9))})`;
}

const count = (views: ViewMetrics[], test: (m: ViewMetrics) => boolean) => `${views.filter(test).length} of ${views.length}`;

const label = (v: Variant) => (v === 'none' ? 'without Vitrine' : v);

function outcomes(views: ViewMetrics[]): string {
  const applicable = views.filter((m) => m.outcome !== 'n/a');
  if (!applicable.length) return 'n/a (page order is the personal one)';
  const tally = new Map<string, number>();
  for (const m of applicable) tally.set(m.outcome, (tally.get(m.outcome) ?? 0) + 1);
  const personalised = tally.get('personalised') ?? 0;
  const rest = [...tally].filter(([k]) => k !== 'personalised').map(([k, n]) => `${n} ${k}`);
  return `**${personalised} of ${applicable.length}**${rest.length ? ` (${rest.join(', ')})` : ''}`;
}

function reported(views: ViewMetrics[]): string {
  const tally = new Map<string, number>();
  for (const m of views) if (m.reported) tally.set(m.reported, (tally.get(m.reported) ?? 0) + 1);
  if (!tally.size) return '–';
  const hidden = num(views.map((m) => m.reportedHiddenMs));
  const sources = new Map<string, number>();
  for (const m of views) if (m.modelSource) sources.set(m.modelSource, (sources.get(m.modelSource) ?? 0) + 1);
  const model = sources.size ? `; model from ${[...sources].map(([k, n]) => `${k} ${n}`).join(', ')}` : '';
  return `${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}; hiddenMs ${f0(median(hidden))}${model}`;
}

function network(views: ViewMetrics[]): string {
  const req = num(views.map((m) => m.requests));
  if (!req.length) return '–';
  const bytes = num(views.map((m) => m.bytes));
  const sdkReq = num(views.map((m) => m.sdkRequests));
  const sdkBytes = num(views.map((m) => m.sdkBytes));
  return `${f0(median(req))} / ${kb(median(bytes))} (${f0(median(sdkReq))} / ${kb(median(sdkBytes))})`;
}

function longest(views: ViewMetrics[]): string {
  const xs = views.map((m) => m.longest);
  const sdk = num(views.map((m) => m.sdkFrame || null));
  return `${f0(median(xs))} (${f0(Math.max(...xs))}); Vitrine in it ${views.filter((m) => m.longestSdk).length}/${views.length}; Vitrine frame max ${sdk.length ? f0(Math.max(...sdk)) : '–'}`;
}

function hidden(views: ViewMetrics[]): string {
  const h = views.map((m) => m.hiddenMs);
  if (h.every((x) => x === 0)) return 'never';
  const fv = num(views.map((m) => m.firstVisible));
  const fh = num(views.map((m) => m.firstHidden));
  return `${f0(median(h))} (max ${f0(Math.max(...h))}); hidden at ${fh.length ? f0(median(fh)) : '–'}, visible at ${f0(median(fv))}`;
}

export const CELL_HEADER = [
  '| device | cards | visitor | page | LCP ms | FCP ms | CLS | TBT ms | longest task ms (max) | tap INP ms | network: requests / KB (Vitrine’s) | grid hidden as seen, ms | shown then hidden; moved in view | first view personalised | `firstReorder()` says |',
  '|---|---:|---|---|---:|---:|---:|---:|---|---:|---|---|---|---|---|',
];

export function cellRow(c: CellRuns): string {
  const v = c.views;
  const unsettled = v.filter((m) => m.unsettled).length;
  return `| ${c.device} | ${c.cards} | ${c.scenario} | ${label(c.variant)}${unsettled ? ` (${unsettled} unsettled)` : ''} | ${mp(v, (m) => m.lcp)} | ${mp(v, (m) => m.fcp)} | ${mp(v, (m) => m.cls, (n) => n.toFixed(3))} | ${mp(v, (m) => m.tbt)} | ${longest(v)} | ${mp(v, (m) => m.inp)} | ${network(v)} | ${hidden(v)} | ${count(v, (m) => m.shownThenHidden)}; ${count(v, (m) => m.movedWhileVisible > 0)} | ${outcomes(v)} | ${reported(v)} |`;
}

export const ENGINE_HEADER = [
  '| engine | device | cards | visitor | page | first view personalised | grid hidden as seen, ms | shown then hidden; moved in view | `firstReorder()` says | LCP ms |',
  '|---|---|---:|---|---|---|---|---|---|---:|',
];

/** One cell as one engine saw it: the outcome columns only (the ones every driver can fill). */
export function engineRow(engine: string, c: CellRuns): string {
  const v = c.views;
  const unsettled = v.filter((m) => m.unsettled).length;
  return `| ${engine.split(' (')[0]} | ${c.device} | ${c.cards} | ${c.scenario} | ${label(c.variant)}${unsettled ? ` (${unsettled} unsettled)` : ''} | ${outcomes(v)} | ${hidden(v)} | ${count(v, (m) => m.shownThenHidden)}; ${count(v, (m) => m.movedWhileVisible > 0)} | ${reported(v)} | ${mp(v, (m) => m.lcp)} |`;
}

export const RATIO_HEADER = [
  '| device | cards | visitor | page | LCP × | FCP × | TBT +ms | CLS + | tap INP +ms | network +KB | +requests |',
  '|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
];

/** The page with Vitrine against the page without it, medians of the same run. */
export function ratioRow(c: CellRuns, without: CellRuns): string {
  const m = (cell: CellRuns, pick: (x: ViewMetrics) => number | null) => median(num(cell.views.map(pick)));
  const ratio = (pick: (x: ViewMetrics) => number | null) => {
    const r = m(c, pick) / m(without, pick);
    return Number.isFinite(r) ? `×${r.toFixed(2)}` : '–';
  };
  const delta = (pick: (x: ViewMetrics) => number | null, digits = 0) => sign(m(c, pick) - m(without, pick), digits);
  return `| ${c.device} | ${c.cards} | ${c.scenario} | ${label(c.variant)} | ${ratio((x) => x.lcp)} | ${ratio((x) => x.fcp)} | ${delta((x) => x.tbt)} | ${delta((x) => x.cls, 3)} | ${delta((x) => x.inp)} | ${sign((m(c, (x) => x.bytes) - m(without, (x) => x.bytes)) / 1024, 1)} | ${delta((x) => x.requests)} |`;
}

/** Returning-shopper cells per placement: personalised first views, views shown then hidden, the median hidden time. */
export function placementOutcomes(cells: CellRuns[]): { variant: Variant; personalised: number; of: number; shownThenHidden: number; views: number; hiddenMedian: number }[] {
  const out = new Map<Variant, ViewMetrics[]>();
  for (const c of cells) if (c.variant !== 'none' && c.scenario !== 'new') out.set(c.variant, [...(out.get(c.variant) ?? []), ...c.views]);
  return [...out].map(([variant, views]) => {
    const applicable = views.filter((m) => m.outcome !== 'n/a');
    return {
      variant,
      personalised: applicable.filter((m) => m.outcome === 'personalised').length,
      of: applicable.length,
      shownThenHidden: views.filter((m) => m.shownThenHidden).length,
      views: views.length,
      hiddenMedian: median(views.map((m) => m.hiddenMs)),
    };
  });
}
