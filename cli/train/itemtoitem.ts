import { gzipSync } from 'node:zlib';
import { ITEM_TABLES_FORMAT, ITEM_TABLES_VERSION, decodeItemTables, type ItemTables, type ItemTablesFile } from '../../src/model/arch/itemtoitem';
import type { Session } from '../events';

/** Size budget of the item-to-item file: gzip bytes per 50,000 items of the store (issue 9). */
export const ITEM_TABLES_BUDGET_PER_50K = 300 * 1024;
/** Most neighbours kept per item and table; fewer when the budget needs it (halved until the file fits). */
export const ITEM_TABLES_TOP = 32;

/** Weighted neighbour counts of one table: source item -> (neighbour item -> weight), plus each source's total weight. */
interface Counts {
  rows: Map<number, Map<number, number>>;
}

function add(c: Counts, a: number, b: number, w: number): void {
  let m = c.rows.get(a);
  if (!m) c.rows.set(a, (m = new Map()));
  m.set(b, (m.get(b) ?? 0) + w);
}

/**
 * Successor counts (a -> the item right after it, repeats a -> a kept) and co-visitation weights
 * (a, b in one session at distance d <= `window` positions, a != b: 1 / d each way) of the sessions.
 */
export function countItemPairs(sessions: readonly Session[], window: number): { successors: Counts; covisit: Counts } {
  const successors: Counts = { rows: new Map() };
  const covisit: Counts = { rows: new Map() };
  for (const s of sessions) {
    const it = s.items;
    for (let p = 1; p < it.length; p++) add(successors, it[p - 1], it[p], 1);
    for (let i = 0; i < it.length; i++)
      for (let j = i + 1; j < it.length && j - i <= window; j++) {
        if (it[i] === it[j]) continue;
        add(covisit, it[i], it[j], 1 / (j - i));
        add(covisit, it[j], it[i], 1 / (j - i));
      }
  }
  return { successors, covisit };
}

/** A neighbour entry of a table, with its source row's total weight and heaviest weight. */
interface Entry {
  a: number;
  b: number;
  w: number;
}

/**
 * A table's entries, each row cut to its `top` heaviest neighbours, heaviest first over the whole
 * table (ties: source, then neighbour index): the first K of them are the K pairs seen most, the
 * ones most likely to score a shopper's next item.
 */
function entriesOf(c: Counts, top: number): { entries: Entry[]; sum: Map<number, number>; max: Map<number, number> } {
  const entries: Entry[] = [];
  const sum = new Map<number, number>();
  const max = new Map<number, number>();
  for (const [a, m] of c.rows) {
    const list = [...m].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, top);
    let total = 0;
    for (const w of m.values()) total += w;
    sum.set(a, total);
    max.set(a, list[0][1]);
    for (const [b, w] of list) entries.push({ a, b, w });
  }
  entries.sort((x, y) => y.w - x.w || x.a - y.a || x.b - y.b);
  return { entries, sum, max };
}

/**
 * Rows [source, total, neighbour, count, ...] of the first `k` entries, with whole counts:
 * successors are counts already; co-visitation weights are scaled so a row's heaviest is 255.
 */
function rowsOf(t: ReturnType<typeof entriesOf>, k: number, whole: boolean): number[][] {
  const rows = new Map<number, number[]>();
  for (const e of t.entries.slice(0, k)) {
    const scale = whole ? 1 : 255 / t.max.get(e.a)!;
    let row = rows.get(e.a);
    if (!row) rows.set(e.a, (row = [e.a, Math.max(1, Math.round(t.sum.get(e.a)! * scale))]));
    const q = Math.round(e.w * scale);
    if (q >= 1) row.push(e.b, Math.min(q, row[1]));
  }
  return [...rows.values()].filter((r) => r.length > 2).sort((x, y) => x[0] - y[0]);
}

/**
 * The file of two tables of rows (item indices): ids ordered by how often the tables name them
 * (the most named get the shortest indices), rows by source, each row's source written as the
 * step from the previous row's (this order compresses best: 15% smaller than ids sorted by name
 * on YooChoose-100k).
 */
function fileOf(succ: number[][], cov: number[][], ids: readonly string[]): ItemTablesFile {
  const named = new Map<number, number>();
  const count = (v: number) => named.set(v, (named.get(v) ?? 0) + 1);
  for (const row of [...succ, ...cov]) {
    count(row[0]);
    for (let i = 2; i < row.length; i += 2) count(row[i]);
  }
  const order = [...named.keys()].sort((a, b) => named.get(b)! - named.get(a)! || a - b);
  const at = new Map(order.map((item, k) => [item, k]));
  const remap = (rows: number[][]) => {
    const out = rows.map((r) => r.map((v, i) => (i === 0 || (i >= 2 && i % 2 === 0) ? at.get(v)! : v))).sort((x, y) => x[0] - y[0]);
    for (let i = out.length - 1; i > 0; i--) out[i][0] -= out[i - 1][0];
    return out;
  };
  return { format: ITEM_TABLES_FORMAT, v: ITEM_TABLES_VERSION, ids: order.map((i) => ids[i]), successors: remap(succ), covisit: remap(cov) };
}

export interface BuiltItemTables {
  file: ItemTablesFile;
  text: string;
  /** The tables as the browser reads them back. */
  tables: ItemTables<string>;
  /** Entries kept of those counted (after the cut to ITEM_TABLES_TOP per item), per table. */
  kept: { successors: [number, number]; covisit: [number, number] };
  gzipBytes: number;
  budgetBytes: number;
}

/**
 * The item-to-item tables of a training log under the size budget (ITEM_TABLES_BUDGET_PER_50K
 * for `items` items): at most ITEM_TABLES_TOP neighbours per item, then the heaviest pairs of
 * each table, as many as fit: the successors table in half the budget, co-visitation in the rest
 * (the largest counts found by bisection on the gzipped size of the file).
 */
export function buildItemTables(sessions: readonly Session[], ids: readonly string[], items: number, window: number): BuiltItemTables {
  const counts = countItemPairs(sessions, window);
  const budgetBytes = Math.max(1024, Math.floor((ITEM_TABLES_BUDGET_PER_50K * items) / 50_000));
  const succ = entriesOf(counts.successors, ITEM_TABLES_TOP);
  const cov = entriesOf(counts.covisit, ITEM_TABLES_TOP);
  const make = (kS: number, kC: number) => {
    const file = fileOf(rowsOf(succ, kS, true), rowsOf(cov, kC, false), ids);
    const text = JSON.stringify(file);
    return { file, text, kS, kC, gzipBytes: gzipSync(text, { level: 9 }).length };
  };
  /** The most entries `k` (0..n) with fits(k), fits being monotone. */
  const most = (n: number, fits: (k: number) => boolean): number => {
    if (fits(n)) return n;
    let lo = 0;
    let hi = n;
    while (hi - lo > Math.max(1, n >> 9)) {
      const mid = (lo + hi) >> 1;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const kS = most(succ.entries.length, (k) => make(k, 0).gzipBytes <= budgetBytes / 2);
  const kC = most(cov.entries.length, (k) => make(kS, k).gzipBytes <= budgetBytes);
  const built = make(kS, kC);
  return {
    file: built.file,
    text: built.text,
    tables: decodeItemTables(built.file),
    kept: { successors: [kS, succ.entries.length], covisit: [kC, cov.entries.length] },
    gzipBytes: built.gzipBytes,
    budgetBytes,
  };
}
