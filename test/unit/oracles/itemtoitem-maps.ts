/** The Map-based item-to-item counts and tables as they were before cli/train/pair-counts.ts (2026-12-06): the oracle the bounded-memory version must match exactly. */
import { gzipSync } from 'node:zlib';
import { ITEM_TABLES_FORMAT, ITEM_TABLES_VERSION, decodeItemTables, type ItemTables, type ItemTablesFile } from '../../../src/model/arch/itemtoitem';
import type { Session } from '../../../cli/sessions';

/** Size budget of the item-to-item file: gzip bytes per 50,000 items of the store (issue 9). */
export const ITEM_TABLES_BUDGET_PER_50K = 300 * 1024;
/** Most successors kept per item; fewer when the budget needs it. */
export const ITEM_TABLES_TOP = 32;
/**
 * Shares of the budget the successors table may take (co-visitation gets the rest) tried on the
 * validation split; the share of the best fitted mix is the one shipped (cli/train/command.ts).
 */
export const SUCCESSOR_SHARES = [0, 0.25, 0.5, 0.75] as const;

/** Successor counts: source item -> (next item -> count). */
type Rows = Map<number, Map<number, number>>;

function add(rows: Rows, a: number, b: number, w: number): void {
  let m = rows.get(a);
  if (!m) rows.set(a, (m = new Map()));
  m.set(b, (m.get(b) ?? 0) + w);
}

export interface PairCounts {
  /** a -> the item right after it -> count (repeats a -> a kept). */
  successors: Rows;
  /** Co-visitation: lower item index -> higher item index -> sessions holding both. */
  covisit: Rows;
  /** item -> training sessions holding it. */
  sessions: Map<number, number>;
}

/**
 * Successor counts (a -> the item right after it, repeats a -> a kept), and per pair of distinct
 * items the training sessions holding both (each session counts once per pair), per item the
 * sessions holding it.
 */
export function countItemPairs(sessions: Iterable<Session>): PairCounts {
  const successors: Rows = new Map();
  const covisit: Rows = new Map();
  const held = new Map<number, number>();
  for (const s of sessions) {
    const it = s.items;
    for (let p = 1; p < it.length; p++) add(successors, it[p - 1], it[p], 1);
    const items = [...new Set(it)].sort((x, y) => x - y);
    for (let i = 0; i < items.length; i++) {
      held.set(items[i], (held.get(items[i]) ?? 0) + 1);
      for (let j = i + 1; j < items.length; j++) add(covisit, items[i], items[j], 1);
    }
  }
  return { successors, covisit, sessions: held };
}

interface Entry {
  a: number;
  b: number;
  w: number;
}

/**
 * Successor entries, each row cut to its ITEM_TABLES_TOP heaviest, heaviest first over the
 * whole table (ties: source, then neighbour index): the first K are the K pairs seen most, the
 * ones most likely to score a shopper's next item.
 */
function successorEntries(rows: Rows): Entry[] {
  const entries: Entry[] = [];
  for (const [a, m] of rows) for (const [b, w] of [...m].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, ITEM_TABLES_TOP)) entries.push({ a, b, w });
  return entries.sort((x, y) => y.w - x.w || x.a - y.a || x.b - y.b);
}

/**
 * Co-visitation pairs by expected gain: the sessions holding both first (how often the pair can
 * score a next item), then the larger of the two directions' weights (count / sessions of the
 * rarer item: how high it then ranks), then item indices.
 */
function covisitEntries(rows: Rows, held: Map<number, number>): Entry[] {
  const entries: (Entry & { p: number })[] = [];
  for (const [a, m] of rows) for (const [b, w] of m) entries.push({ a, b, w, p: w / Math.min(held.get(a)!, held.get(b)!) });
  return entries.sort((x, y) => y.w - x.w || y.p - x.p || x.a - y.a || x.b - y.b);
}

/**
 * The file of the given successor and co-visitation entries (format in
 * src/model/arch/itemtoitem.ts): ids sorted and front-coded, rows by source, neighbours
 * ascending, each index written as the step from the one before (28% smaller gzip than ids in
 * order of use and absolute indices on REES46 ids only); a co-visitation pair is written in the
 * row of its lower index.
 */
function fileOf(succ: readonly Entry[], cov: readonly Entry[], counts: PairCounts, succTotal: Map<number, number>, ids: readonly string[]): ItemTablesFile {
  const named = new Set<number>();
  for (const e of succ) named.add(e.a).add(e.b);
  for (const e of cov) named.add(e.a).add(e.b);
  const order = [...named].sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const at = new Map(order.map((item, k) => [item, k]));
  const rows = (entries: readonly Entry[], successors: boolean): number[][] => {
    const byRow = new Map<number, [number, number][]>();
    for (const e of entries) {
      let [x, y] = [at.get(e.a)!, at.get(e.b)!];
      if (!successors && y < x) [x, y] = [y, x];
      (byRow.get(x) ?? byRow.set(x, []).get(x)!).push([y, e.w]);
    }
    const out: number[][] = [];
    let prev = 0;
    for (const x of [...byRow.keys()].sort((p, q) => p - q)) {
      const row = successors ? [x - prev, succTotal.get(order[x])!] : [x - prev];
      let last = successors ? -1 : x;
      for (const [y, w] of byRow.get(x)!.sort((p, q) => p[0] - q[0])) row.push(y - last, w), (last = y);
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
    sessions: order.map((i) => counts.sessions.get(i)!),
    successors: rows(succ, true),
    covisit: rows(cov, false),
  };
}

export interface BuiltItemTables {
  file: ItemTablesFile;
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
export function buildItemTables(sessions: Iterable<Session>, ids: readonly string[], items: number, share = 0.5, counts: PairCounts = countItemPairs(sessions)): BuiltItemTables {
  const budgetBytes = Math.max(1024, Math.floor((ITEM_TABLES_BUDGET_PER_50K * items) / 50_000));
  // each item's successor count over all its successors: the row total of P(next | item)
  const succTotal = new Map([...counts.successors].map(([a, m]) => [a, [...m.values()].reduce((s, w) => s + w, 0)]));
  const succ = successorEntries(counts.successors);
  const cov = covisitEntries(counts.covisit, counts.sessions);
  const make = (kS: number, kC: number) => {
    const file = fileOf(succ.slice(0, kS), cov.slice(0, kC), counts, succTotal, ids);
    const text = JSON.stringify(file);
    return { file, text, gzipBytes: gzipSync(text, { level: 9 }).length };
  };
  let kS = share > 0 ? most(succ.length, (k) => make(k, 0).gzipBytes <= budgetBytes * share) : 0;
  const kC = most(cov.length, (k) => make(kS, k).gzipBytes <= budgetBytes);
  // every co-visitation pair fits: what is left of the budget goes to more successors
  if (kC === cov.length) kS = most(succ.length, (k) => k <= kS || make(k, kC).gzipBytes <= budgetBytes);
  const built = make(kS, kC);
  return {
    file: built.file,
    text: built.text,
    tables: decodeItemTables(built.file),
    kept: { successors: [kS, succ.length], covisit: [kC, cov.length] },
    share,
    gzipBytes: built.gzipBytes,
    budgetBytes,
  };
}
