/** Two small segment trees for the guardrails: each operation is O(log n). */

/** The value of an empty leaf of a {@link PrefixMin}. */
export const NONE = 0x7fffffff;

/** Integers at positions 0..n-1 (NONE when empty): set one, read the smallest of a prefix. */
export class PrefixMin {
  private readonly size: number;
  private readonly t: Int32Array;

  constructor(n: number) {
    let size = 1;
    while (size < n) size <<= 1;
    this.size = size;
    this.t = new Int32Array(2 * size).fill(NONE);
  }

  set(i: number, value: number): void {
    const t = this.t;
    let p = i + this.size;
    t[p] = value;
    for (p >>= 1; p > 0; p >>= 1) t[p] = Math.min(t[2 * p], t[2 * p + 1]);
  }

  /** The smallest value at positions 0..hi (NONE if all are empty). */
  prefix(hi: number): number {
    const t = this.t;
    let best = NONE;
    for (let l = this.size, r = hi + this.size + 1; l < r; l >>= 1, r >>= 1) {
      if (l & 1) best = Math.min(best, t[l++]);
      if (r & 1) best = Math.min(best, t[--r]);
    }
    return best;
  }
}

/** Integers at positions 0..n-1: add to a range, find the first position from some point whose value is at most a bound. */
export class RangeAddMin {
  private readonly n: number;
  private readonly min: Int32Array;
  private readonly lazy: Int32Array;

  constructor(values: ArrayLike<number>) {
    this.n = values.length;
    this.min = new Int32Array(4 * Math.max(1, this.n));
    this.lazy = new Int32Array(4 * Math.max(1, this.n));
    if (this.n > 0) this.build(1, 0, this.n - 1, values);
  }

  private build(node: number, lo: number, hi: number, values: ArrayLike<number>): void {
    if (lo === hi) {
      this.min[node] = values[lo];
      return;
    }
    const mid = (lo + hi) >> 1;
    this.build(2 * node, lo, mid, values);
    this.build(2 * node + 1, mid + 1, hi, values);
    this.min[node] = Math.min(this.min[2 * node], this.min[2 * node + 1]);
  }

  private push(node: number): void {
    const z = this.lazy[node];
    if (z === 0) return;
    this.min[2 * node] += z;
    this.lazy[2 * node] += z;
    this.min[2 * node + 1] += z;
    this.lazy[2 * node + 1] += z;
    this.lazy[node] = 0;
  }

  /** Adds `value` at positions from..to (inclusive). */
  add(from: number, to: number, value: number, node = 1, lo = 0, hi = this.n - 1): void {
    if (from > hi || to < lo || from > to) return;
    if (from <= lo && hi <= to) {
      this.min[node] += value;
      this.lazy[node] += value;
      return;
    }
    this.push(node);
    const mid = (lo + hi) >> 1;
    this.add(from, to, value, 2 * node, lo, mid);
    this.add(from, to, value, 2 * node + 1, mid + 1, hi);
    this.min[node] = Math.min(this.min[2 * node], this.min[2 * node + 1]);
  }

  /** The first position >= `from` whose value is <= `bound`, or -1. */
  firstAtMost(from: number, bound: number, node = 1, lo = 0, hi = this.n - 1): number {
    if (hi < from || this.min[node] > bound || this.n === 0) return -1;
    if (lo === hi) return lo;
    this.push(node);
    const mid = (lo + hi) >> 1;
    const left = this.firstAtMost(from, bound, 2 * node, lo, mid);
    return left !== -1 ? left : this.firstAtMost(from, bound, 2 * node + 1, mid + 1, hi);
  }
}
