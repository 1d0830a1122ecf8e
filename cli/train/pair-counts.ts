/**
 * Item pair counts of a training log in bounded memory. Counting every pair of a 10 M-event log
 * in Maps of Maps took more than 4 GB (co-visitation pairs grow with the square of session
 * length); here pairs are counted one shard of source items at a time, in a typed-array hash
 * table of at most SHARD_PAIRS pair occurrences, and each shard is reduced (top lists, the
 * heaviest entries) before the next is counted. The consumers: the item-to-item tables
 * (cli/train/itemtoitem.ts), bought-together lists (cli/train/catalog-pack.ts) and the
 * co-occurrence baseline (cli/eval/item-protocol.ts).
 */
import { SessionLog, type Session, type Sessions } from '../sessions';

/** Pair occurrences counted per shard at most (one source item with more is a shard of its own): a table of about 2^22 slots, 48 MB. */
export const SHARD_PAIRS = 1 << 21;

/** Each session's distinct items, ascending, flat: session s is items[start[s]..start[s+1]). */
export interface DistinctItems {
  items: Int32Array;
  start: Int32Array;
  /** Item indices are below this. */
  nItems: number;
}

/** Sessions as a log: itself, or a list of Session objects packed into one (once: pass the log on to the counters). */
export const asLog = (sessions: Sessions | Iterable<Session>): SessionLog => (sessions instanceof SessionLog ? sessions : SessionLog.of([...sessions]));

/**
 * The log's sessions as DistinctItems: of each session's events, those whose type code passes
 * `keep` (default all). The items array is a view of one array of the kept events' length (a
 * copy to the exact length would double it at its peak).
 */
export function distinctItems(sessions: Sessions | Iterable<Session>, keep?: (type: number) => boolean): DistinctItems {
  const log = asLog(sessions);
  let kept = log.events;
  if (keep) {
    kept = 0;
    for (let s = 0; s < log.length; s++) for (let e = log.begin(s); e < log.end(s); e++) if (keep(log.types[e])) kept++;
  }
  const items = new Int32Array(kept);
  const start = new Int32Array(log.length + 1);
  let o = 0;
  let nItems = 0;
  for (let s = 0; s < log.length; s++) {
    const a = log.begin(s);
    const b = log.end(s);
    let m = 0;
    if (keep) {
      for (let e = a; e < b; e++) if (keep(log.types[e])) items[o + m++] = log.items[e];
    } else (items.set(log.items.subarray(a, b), o), (m = b - a));
    const run = items.subarray(o, o + m);
    run.sort();
    let k = 0;
    for (let i = 0; i < run.length; i++) if (i === 0 || run[i] !== run[i - 1]) run[k++] = run[i];
    if (k) nItems = Math.max(nItems, run[k - 1] + 1);
    o += k;
    start[s + 1] = o;
  }
  return { items: items.subarray(0, o), start, nItems };
}

/** A hash table of (a, b) -> count in typed arrays (open addressing; count 0 is an empty slot). */
export class PairTable {
  a: Int32Array;
  b: Int32Array;
  count: Int32Array;
  private mask: number;

  /** Room for `pairs` distinct pairs at most half full. */
  constructor(pairs: number) {
    let size = 1024;
    while (size < 2 * pairs) size *= 2;
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.count = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Empties the table for the next shard (its arrays are kept). */
  clear(): void {
    this.count.fill(0);
  }

  add(a: number, b: number, w = 1): void {
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x632be5ab, 0x85ebca77)) & this.mask;
    while (this.count[h] !== 0 && (this.a[h] !== a || this.b[h] !== b)) h = (h + 1) & this.mask;
    if (this.count[h] === 0) (this.a[h] = a), (this.b[h] = b);
    this.count[h] += w;
  }
}

/**
 * Counts the pairs `emit` makes, a shard of source items at a time: `occurrences[a]` bounds the
 * pairs with source a that emit adds (it may add fewer); `emit(lo, hi, add)` must add every pair
 * whose source is in [lo, hi) and no other; `reduce` gets each shard's table before the next.
 */
export function countInShards(occurrences: Float64Array, emit: (lo: number, hi: number, add: (a: number, b: number) => void) => void, reduce: (table: PairTable) => void, shardPairs = SHARD_PAIRS): void {
  const n = occurrences.length;
  const shards: [number, number, number][] = [];
  for (let lo = 0; lo < n; ) {
    let hi = lo;
    let total = 0;
    while (hi < n && (hi === lo || total + occurrences[hi] <= shardPairs)) total += occurrences[hi++];
    if (total > 0) shards.push([lo, hi, Math.min(total, (hi - lo) * n)]);
    lo = hi;
  }
  // one table for all the shards, emptied between them: a new one per shard left tens of
  // 48 MB buffers for the collector
  let largest = 0;
  for (const x of shards) largest = Math.max(largest, x[2]);
  if (!shards.length) return;
  const table = new PairTable(largest);
  for (const [lo, hi] of shards) {
    table.clear();
    emit(lo, hi, (a, b) => table.add(a, b));
    reduce(table);
  }
}

/** Entries (a, b, w) in typed arrays, with a secondary key `p` (descending) for co-visitation. */
export interface Entries {
  a: Int32Array;
  b: Int32Array;
  w: Int32Array;
  p?: Float64Array;
  length: number;
}

/**
 * The `cap` first entries of a stream in the order (w desc, p desc, a asc, b asc), in bounded
 * memory: a buffer of 1.25 * cap, sorted and cut to cap when full; once cut, entries lighter than
 * the lightest kept are skipped. `seen` counts every entry offered.
 */
export class TopEntries {
  private buf: Required<Entries>;
  private floor = 0;
  seen = 0;

  constructor(readonly cap: number) {
    const n = Math.max(1, cap) + Math.max(1024, cap >> 2);
    this.buf = { a: new Int32Array(n), b: new Int32Array(n), w: new Int32Array(n), p: new Float64Array(n), length: 0 };
  }

  offer(a: number, b: number, w: number, p = 0): void {
    this.seen++;
    if (w < this.floor) return;
    const t = this.buf;
    if (t.length === t.a.length) this.cut();
    t.a[t.length] = a;
    t.b[t.length] = b;
    t.w[t.length] = w;
    t.p[t.length] = p;
    t.length++;
  }

  private cut(): void {
    const t = this.buf;
    const order = Int32Array.from({ length: t.length }, (_, i) => i).sort((x, y) => t.w[y] - t.w[x] || t.p[y] - t.p[x] || t.a[x] - t.a[y] || t.b[x] - t.b[y]);
    const keep = Math.min(this.cap, t.length);
    const pick = <T extends Int32Array | Float64Array>(c: T): T => {
      const out = c.slice() as T;
      for (let k = 0; k < keep; k++) out[k] = c[order[k]];
      return out;
    };
    this.buf = { a: pick(t.a), b: pick(t.b), w: pick(t.w), p: pick(t.p), length: keep };
    if (keep === this.cap) this.floor = this.buf.w[keep - 1];
  }

  /** The kept entries, best first (copies: the buffer is freed). */
  done(): Entries {
    this.cut();
    const t = this.buf;
    return { a: t.a.slice(0, t.length), b: t.b.slice(0, t.length), w: t.w.slice(0, t.length), p: t.p.slice(0, t.length), length: t.length };
  }
}

/** Each entry of a table, in slot order (its order does not matter to the sorts that follow); no array per entry: a shard holds millions. */
export function forEachEntry(t: PairTable, visit: (a: number, b: number, count: number) => void): void {
  for (let h = 0; h < t.count.length; h++) if (t.count[h] > 0) visit(t.a[h], t.b[h], t.count[h]);
}

/**
 * Each row's entries of a table (source a), sorted (count desc, b asc): `visit(a, bs, counts)`
 * once per source in the table, in ascending order of a (views, reused: copy what is kept).
 * The rows are a counting sort of the entries by a; each row sorts as one number per entry,
 * -count * (max b + 1) + b, exact while that stays within 2^53 (else a comparison sort).
 * Typed arrays throughout, no comparator over the shard: a shard holds millions of entries, and
 * a comparison sort of them copied them into the JS heap several times over.
 */
export function forEachRow(t: PairTable, visit: (a: number, bs: Int32Array, counts: Int32Array) => void): void {
  const { a: A, b: B, count: C } = t;
  let n = 0;
  let lo = Infinity;
  let hi = -1;
  let maxB = 0;
  let maxC = 0;
  for (let h = 0; h < C.length; h++)
    if (C[h] > 0) {
      n++;
      if (A[h] < lo) lo = A[h];
      if (A[h] > hi) hi = A[h];
      if (B[h] > maxB) maxB = B[h];
      if (C[h] > maxC) maxC = C[h];
    }
  if (!n) return;
  const rows = hi - lo + 1;
  const first = new Int32Array(rows + 1);
  for (let h = 0; h < C.length; h++) if (C[h] > 0) first[A[h] - lo + 1]++;
  let longest = 0;
  for (let r = 0; r < rows; r++) (longest = Math.max(longest, first[r + 1])), (first[r + 1] += first[r]);
  const M = maxB + 1;
  const exact = maxC * M + M < 2 ** 53;
  const key = new Float64Array(n);
  const next = first.slice(0, rows);
  for (let h = 0; h < C.length; h++) if (C[h] > 0) key[next[A[h] - lo]++] = exact ? -C[h] * M + B[h] : h;
  const bs = new Int32Array(longest);
  const counts = new Int32Array(longest);
  for (let r = 0; r < rows; r++) {
    const i = first[r];
    const j = first[r + 1];
    if (i === j) continue;
    const row = key.subarray(i, j);
    if (exact) {
      row.sort();
      for (let k = 0; k < row.length; k++) {
        const c = Math.ceil(-row[k] / M);
        counts[k] = c;
        bs[k] = row[k] + c * M;
      }
    } else {
      row.sort((x, y) => C[y] - C[x] || B[x] - B[y]);
      for (let k = 0; k < row.length; k++) (counts[k] = C[row[k]]), (bs[k] = B[row[k]]);
    }
    visit(lo + r, bs.subarray(0, j - i), counts.subarray(0, j - i));
  }
}

/** Co-visitation: the sessions holding both of two distinct items; `both` counts each pair under both items (neighbour lists), else under its lower item only. */
export function countCovisits(d: DistinctItems, both: boolean, reduce: (table: PairTable) => void, shardPairs = SHARD_PAIRS): void {
  const { items, start } = d;
  const sessions = start.length - 1;
  const occurrences = new Float64Array(d.nItems);
  for (let s = 0; s < sessions; s++) {
    const k = start[s + 1] - start[s];
    for (let i = 0; i < k; i++) occurrences[items[start[s] + i]] += both ? k - 1 : k - 1 - i;
  }
  countInShards(
    occurrences,
    (lo, hi, add) => {
      for (let s = 0; s < sessions; s++) {
        const from = start[s];
        const to = start[s + 1];
        for (let i = from; i < to; i++) {
          const x = items[i];
          if (x >= hi) break;
          if (x < lo) continue;
          if (both) for (let j = from; j < to; j++) j !== i && add(x, items[j]);
          else for (let j = i + 1; j < to; j++) add(x, items[j]);
        }
      }
    },
    reduce,
    shardPairs,
  );
}

/** Successors: each step a -> the item right after it in a session (repeats a -> a kept), counted. */
export function countSuccessors(sessions: Sessions | Iterable<Session>, nItems: number, reduce: (table: PairTable) => void, shardPairs = SHARD_PAIRS): Float64Array {
  const log = asLog(sessions);
  const occurrences = new Float64Array(nItems);
  const steps = (f: (a: number, b: number) => void) => {
    for (let s = 0; s < log.length; s++) for (let e = log.begin(s) + 1; e < log.end(s); e++) f(log.items[e - 1], log.items[e]);
  };
  steps((a) => occurrences[a]++);
  countInShards(occurrences, (lo, hi, add) => steps((a, b) => a >= lo && a < hi && add(a, b)), reduce, shardPairs);
  return occurrences;
}

/** `x` if it holds `need` values, else a copy of its first `used` values in an array of at least twice its length. */
function room(x: Int32Array<ArrayBuffer>, need: number, used: number): Int32Array<ArrayBuffer> {
  if (need <= x.length) return x;
  const y = new Int32Array(Math.max(need, 2 * x.length));
  y.set(x.subarray(0, used));
  return y;
}

/**
 * Neighbour lists of items in flat arrays: item a's are items[first[a]..first[a+1]) with their
 * counts. (A Map of two small typed arrays per item took ~300 bytes per item of JS heap.)
 */
export class Neighbours {
  private first = new Int32Array(1);
  private rowOf = 0;
  private n = 0;
  private itemsBuf = new Int32Array(1024);
  private countsBuf = new Int32Array(1024);
  /** Items with a list. */
  size = 0;

  /** Appends item a's list (items in ascending order of a, each once). */
  push(a: number, items: Int32Array, counts: Int32Array): void {
    this.first = room(this.first, a + 2, this.rowOf + 1);
    this.first.fill(this.n, this.rowOf + 1, a + 1);
    this.itemsBuf = room(this.itemsBuf, this.n + items.length, this.n);
    this.countsBuf = room(this.countsBuf, this.n + items.length, this.n);
    this.itemsBuf.set(items, this.n);
    this.countsBuf.set(counts, this.n);
    this.n += items.length;
    this.first[a + 1] = this.n;
    this.rowOf = a + 1;
    this.size++;
  }

  /** Item a's list (views), or undefined when it has none. */
  get(a: number): { items: Int32Array; counts: Int32Array } | undefined {
    if (a < 0 || a >= this.rowOf || this.first[a] === this.first[a + 1]) return undefined;
    const i = this.first[a];
    const j = this.first[a + 1];
    return { items: this.itemsBuf.subarray(i, j), counts: this.countsBuf.subarray(i, j) };
  }

  has(a: number): boolean {
    return this.get(a) !== undefined;
  }

  /** The items with a list, ascending. */
  *keys(): IterableIterator<number> {
    for (let a = 0; a < this.rowOf; a++) if (this.first[a] !== this.first[a + 1]) yield a;
  }
}

/**
 * Each item's co-visitation neighbours with at least `minSupport` sessions, most first (ties:
 * lower index), at most `top`; with their counts.
 */
export function covisitNeighbours(sessions: Sessions | Iterable<Session>, top = Infinity, minSupport = 1, shardPairs = SHARD_PAIRS): Neighbours {
  return covisitRows(distinctItems(sessions), top, minSupport, shardPairs);
}

/** covisitNeighbours of sessions already reduced to their distinct items. */
export function covisitRows(d: DistinctItems, top = Infinity, minSupport = 1, shardPairs = SHARD_PAIRS): Neighbours {
  const out = new Neighbours();
  countCovisits(d, true, (t) =>
    forEachRow(t, (a, bs, counts) => {
      let k = 0;
      while (k < bs.length && k < top && counts[k] >= minSupport) k++;
      if (k) out.push(a, bs.subarray(0, k), counts.subarray(0, k));
    }), shardPairs);
  return out;
}
