import { gzipSync } from 'node:zlib';
import { releaseGarbage } from '../memory';
import { ITEM_TABLES_FORMAT, ITEM_TABLES_VERSION, decodeItemTables, type ItemTables, type ItemTablesFile } from '../../src/model/arch/itemtoitem';
import type { Session, Sessions } from '../sessions';
import { asLog, countCovisits, countSuccessors, distinctItems, forEachEntry, forEachRow, TopEntries, type Entries } from './pair-counts';

/** Size budget of the item-to-item file: gzip bytes per 50,000 items of the store (issue 9). */
export const ITEM_TABLES_BUDGET_PER_50K = 300 * 1024;
/** Most successors kept per item; fewer when the budget needs it. */
export const ITEM_TABLES_TOP = 32;
/**
 * Shares of the budget the successors table may take (co-visitation gets the rest) tried on the
 * validation split; the share of the best fitted mix is the one shipped (cli/train/command.ts).
 */
export const SUCCESSOR_SHARES = [0, 0.25, 0.5, 0.75] as const;

export interface PairCounts {
  /** Per item: the training sessions holding it. */
  held: Int32Array;
  /** Per item: its successor steps (the row total of P(next | item)). */
  succTotal: Float64Array;
  /** Successor entries: each item's ITEM_TABLES_TOP heaviest, then the heaviest `cap` of all, best first (w desc, a, b); `succSeen`: how many there were. */
  succ: Entries;
  succSeen: number;
  /** Co-visitation pairs (a < b), the `cap` of most expected gain first (w desc, then the larger direction's weight, a, b); `covSeen`: how many there were. */
  cov: Entries;
  covSeen: number;
  cap: number;
}

/** The gzip budget of the tables for a store of `items` items. */
export const itemTablesBudget = (items: number): number => Math.max(1024, Math.floor((ITEM_TABLES_BUDGET_PER_50K * items) / 50_000));

/**
 * Entries kept per table for a store of `items` items: one per byte of the tables' budget (an
 * entry takes more than one gzip byte: 1.6 on REES46); buildItemTables counts again, keeping
 * more, where the budget would hold more.
 */
export const itemTablesCap = itemTablesBudget;

/**
 * Successor counts (a -> the item right after it, repeats a -> a kept), and per pair of distinct
 * items the training sessions holding both (each session counts once per pair), per item the
 * sessions holding it; in bounded memory (cli/train/pair-counts.ts), keeping the `cap` first
 * entries of each table.
 */
export function countItemPairs(sessions: Sessions | Iterable<Session>, cap: number, shardPairs?: number): PairCounts {
  const log = asLog(sessions);
  const d = distinctItems(log);
  const held = new Int32Array(d.nItems);
  for (const i of d.items) held[i]++;
  const succ = new TopEntries(cap);
  const succTotal = countSuccessors(log, d.nItems, (t) => forEachRow(t, (a, bs, counts) => {
    for (let k = 0; k < bs.length && k < ITEM_TABLES_TOP; k++) succ.offer(a, bs[k], counts[k]);
  }), shardPairs);
  const cov = new TopEntries(cap);
  // expected gain: the sessions holding both first, then the larger direction's weight (count / sessions of the rarer item)
  countCovisits(d, false, (t) => {
    forEachEntry(t, (a, b, w) => cov.offer(a, b, w, w / Math.min(held[a], held[b])));
  }, shardPairs);
  return { held, succTotal, succ: succ.done(), succSeen: succ.seen, cov: cov.done(), covSeen: cov.seen, cap };
}

/**
 * The file of the given successor and co-visitation entries (format in
 * src/model/arch/itemtoitem.ts): ids sorted and front-coded, rows by source, neighbours
 * ascending, each index written as the step from the one before (28% smaller gzip than ids in
 * order of use and absolute indices on REES46 ids only); a co-visitation pair is written in the
 * row of its lower index.
 */
function fileOf(kS: number, kC: number, counts: PairCounts, ids: readonly string[]): ItemTablesFile {
  const { succ, cov } = counts;
  // typed arrays, not Maps of tuples: this runs once per probe of the budget's bisection, on up to a million entries
  const named = new Uint8Array(counts.held.length);
  for (let k = 0; k < kS; k++) named[succ.a[k]] = named[succ.b[k]] = 1;
  for (let k = 0; k < kC; k++) named[cov.a[k]] = named[cov.b[k]] = 1;
  const order: number[] = [];
  named.forEach((m, i) => m && order.push(i));
  order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const at = new Int32Array(counts.held.length);
  order.forEach((item, k) => (at[item] = k));
  const rows = (e: Entries, n: number, successors: boolean): number[][] => {
    const xs = new Int32Array(n);
    const ys = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const [x, y] = [at[e.a[k]], at[e.b[k]]];
      // a co-visitation pair goes in the row of its lower index
      [xs[k], ys[k]] = !successors && y < x ? [y, x] : [x, y];
    }
    const sorted = Int32Array.from({ length: n }, (_, k) => k).sort((p, q) => xs[p] - xs[q] || ys[p] - ys[q]);
    const out: number[][] = [];
    let prev = 0;
    for (let i = 0; i < n; ) {
      const x = xs[sorted[i]];
      const row = successors ? [x - prev, counts.succTotal[order[x]]] : [x - prev];
      let last = successors ? -1 : x;
      for (; i < n && xs[sorted[i]] === x; i++) row.push(ys[sorted[i]] - last, e.w[sorted[i]]), (last = ys[sorted[i]]);
      out.push(row);
      prev = x;
    }
    return out;
  };
  const shared = order.map((item, k) => {
    const [a, b] = [k ? ids[order[k - 1]] : '', ids[item]];
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  });
  return {
    format: ITEM_TABLES_FORMAT,
    v: ITEM_TABLES_VERSION,
    ids: order.map((item, k) => ids[item].slice(shared[k])),
    shared,
    sessions: order.map((i) => counts.held[i]),
    successors: rows(succ, kS, true),
    covisit: rows(cov, kC, false),
  };
}

export interface BuiltItemTables {
  /** Rows of the file (its ids, successor rows, co-visitation rows); the file itself is not kept: ~75 MB of JS arrays at 560k entries, beside `text` and `tables`. */
  rows: { ids: number; successors: number; covisit: number };
  text: string;
  /** The tables as the browser reads them back. */
  tables: ItemTables<string>;
  /** Entries kept of those counted (successors after the cut to ITEM_TABLES_TOP per item), per table. */
  kept: { successors: [number, number]; covisit: [number, number] };
  /** Share of the budget the successors could take. */
  share: number;
  gzipBytes: number;
  budgetBytes: number;
}

/** Entries of a probe's file above which a full GC runs before it (~0.1 s each, against the probe's seconds of gzip). */
const PROBE_GC_ENTRIES = 100_000;

/** The most entries k (0..n) with fits(k), fits being monotone (bisection to 1/512 of n). */
function most(n: number, fits: (k: number) => boolean): number {
  if (fits(n)) return n;
  let lo = 0;
  let hi = n;
  while (hi - lo > Math.max(1, n >> 9)) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The item-to-item tables of a training log under the size budget (ITEM_TABLES_BUDGET_PER_50K
 * for `items` items): the heaviest successor pairs that fit in `share` of the budget, then the
 * co-visitation pairs of most expected gain in the rest, then, if every co-visitation pair fit,
 * more successors in what is left (counts found by bisection on the gzipped size of the file). `counts`: countItemPairs(sessions), when already made.
 */
export function buildItemTables(sessions: Sessions | Iterable<Session>, ids: readonly string[], items: number, share = 0.5, counts: PairCounts = countItemPairs(sessions, itemTablesCap(items))): BuiltItemTables {
  const budgetBytes = itemTablesBudget(items);
  const make = (kS: number, kC: number) => {
    // each probe leaves its file, text and gzip output behind: on a 10 M-event log (560k entries)
    // the probes' garbage took the build's peak from 568 to 622 MB before V8 collected it
    if (kS + kC > PROBE_GC_ENTRIES) releaseGarbage();
    const file = fileOf(kS, kC, counts, ids);
    const text = JSON.stringify(file);
    return { file, text, gzipBytes: gzipSync(text, { level: 9 }).length };
  };
  const { succ, cov } = counts;
  let kS = share > 0 ? most(succ.length, (k) => make(k, 0).gzipBytes <= budgetBytes * share) : 0;
  const kC = most(cov.length, (k) => make(kS, k).gzipBytes <= budgetBytes);
  // every co-visitation pair fits: what is left of the budget goes to more successors
  if (kC === cov.length) kS = most(succ.length, (k) => k <= kS || make(k, kC).gzipBytes <= budgetBytes);
  // the budget holds every entry kept while more were counted: count again, keeping more
  const capped = (k: number, e: Entries, seen: number) => k === e.length && seen > e.length;
  if (capped(kS, succ, counts.succSeen) || capped(kC, cov, counts.covSeen)) return buildItemTables(sessions, ids, items, share, countItemPairs(sessions, counts.cap * 4));
  const built = make(kS, kC);
  return {
    rows: { ids: built.file.ids.length, successors: built.file.successors.length, covisit: built.file.covisit.length },
    text: built.text,
    tables: decodeItemTables(built.file),
    kept: { successors: [kS, counts.succSeen], covisit: [kC, counts.covSeen] },
    share,
    gzipBytes: built.gzipBytes,
    budgetBytes,
  };
}
