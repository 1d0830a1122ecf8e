/**
 * Compact session storage: every event of a log in flat typed arrays, sessions as ranges of
 * them (5 bytes per event and 20 per session: a 10 M-event log of 2.8 M sessions is ~110 MB),
 * in shared memory (sharedArray). A Session object is a view made on demand (`at`, iteration)
 * and not kept.
 */

/** One session: its events ordered by time (stable), as item indices into an ItemTable and type codes. */
export interface Session {
  items: Int32Array;
  types: Uint8Array;
  /** Times of its first and last events (unix seconds; -Infinity when empty). */
  first: number;
  end: number;
  /** Its id in the file, where the log keeps ids (readEvents keepIds). */
  id?: string;
}

export type ArrayKind<T> = { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
/**
 * A zeroed typed array in shared memory: a log's arrays are made there, so the training
 * threads (cli/train/threads.ts) read them without a copy; one thread reads them as any array.
 */
export function sharedArray<T>(Kind: ArrayKind<T>, n: number): T {
  return new Kind(new SharedArrayBuffer(n * Kind.BYTES_PER_ELEMENT));
}

/** Sessions as an array or a log: what the readers of sessions take. */
export type Sessions = SessionLog | readonly Session[];

export class SessionLog implements Iterable<Session> {
  /** Events in the log's sessions (a selection holds fewer than its arrays). */
  readonly events: number;

  /**
   * `start`: session s of the arrays is events start[s]..start[s+1]; `firsts`, `ends`: the
   * times of each session's first and last events; `ids`: kept only when asked for.
   * `order`: a selection (select): session k of this log is session order[k] of the arrays,
   * which it shares with the log it was selected from; absent: every session of the arrays, in order.
   * Events are indexed in the arrays, so an event's index means the same in a log and its selections.
   */
  constructor(
    readonly items: Int32Array,
    readonly types: Uint8Array,
    readonly start: Int32Array,
    readonly firsts: Float64Array,
    readonly ends: Float64Array,
    readonly ids?: readonly string[],
    readonly order?: Int32Array,
  ) {
    let n = order ? 0 : items.length;
    if (order) for (const s of order) n += start[s + 1] - start[s];
    this.events = n;
  }

  get length(): number {
    return this.order ? this.order.length : this.ends.length;
  }

  /** Session k's row in the arrays. */
  row(k: number): number {
    return this.order ? this.order[k] : k;
  }

  /** Session k's events are begin(k)..end(k) (exclusive) of `items` and `types`. */
  begin(k: number): number {
    return this.start[this.row(k)];
  }

  end(k: number): number {
    return this.start[this.row(k) + 1];
  }

  /** The time of session k's last event. */
  endTime(k: number): number {
    return this.ends[this.row(k)];
  }

  at(k: number): Session {
    const s = this.row(k);
    const a = this.start[s];
    const b = this.start[s + 1];
    return { items: this.items.subarray(a, b), types: this.types.subarray(a, b), first: this.firsts[s], end: this.ends[s], id: this.ids?.[s] };
  }

  *[Symbol.iterator](): Iterator<Session> {
    for (let s = 0; s < this.length; s++) yield this.at(s);
  }

  some(f: (s: Session) => boolean): boolean {
    for (const s of this) if (f(s)) return true;
    return false;
  }

  /** The given sessions (indices into this log), in that order: a selection sharing this log's arrays (no copy of its events). */
  select(sessions: ArrayLike<number>): SessionLog {
    // a loop: TypedArray.from(a typed array, f) makes a JS array of every value first
    const order = new Int32Array(sessions.length);
    for (let k = 0; k < order.length; k++) order[k] = this.row(sessions[k]);
    return new SessionLog(this.items, this.types, this.start, this.firsts, this.ends, this.ids, order);
  }

  static of(list: Sessions): SessionLog {
    if (list instanceof SessionLog) return list;
    let n = 0;
    for (const s of list) n += s.items.length;
    const items = sharedArray(Int32Array, n);
    const types = sharedArray(Uint8Array, n);
    const start = sharedArray(Int32Array, list.length + 1);
    list.forEach((s, k) => {
      items.set(s.items, start[k]);
      types.set(s.types, start[k]);
      start[k + 1] = start[k] + s.items.length;
    });
    const ids = list.every((s) => s.id !== undefined) ? list.map((s) => s.id as string) : undefined;
    const firsts = sharedArray(Float64Array, list.length);
    const ends = sharedArray(Float64Array, list.length);
    list.forEach((s, k) => ((firsts[k] = s.first), (ends[k] = s.end)));
    return new SessionLog(items, types, start, firsts, ends, ids);
  }
}

/**
 * A sample of sessions with at most about `predictions` predictions (events after the first of
 * their session): every k-th session, k = ceil(all predictions / predictions), those with 2 or
 * more events; all of them (as given) when they hold no more.
 */
export function everyKth(sessions: Sessions, predictions: number): Sessions {
  let total = 0;
  for (const s of sessions) total += Math.max(0, s.items.length - 1);
  const k = Math.ceil(total / predictions);
  if (k <= 1) return sessions;
  const sample: Session[] = [];
  let i = 0;
  for (const s of sessions) if (i++ % k === 0 && s.items.length >= 2) sample.push(s);
  return sample;
}

/**
 * Session indices in the order of their last event's time (file order on ties). A stable
 * argsort without a comparator: a comparator sort of 2.8 M indices took 1.2 s and 125 MB of
 * heap; here the times are sorted natively and each session, in file order, takes the next slot
 * of its time's run.
 */
export function byEndTime(sessions: Sessions): Int32Array {
  const n = sessions.length;
  const ends = sessions instanceof SessionLog ? Float64Array.from({ length: n }, (_, k) => sessions.endTime(k)) : Float64Array.from(sessions, (s) => s.end);
  const sorted = ends.slice().sort();
  const taken = new Int32Array(n);
  const order = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    // the first slot of this time in `sorted` (NaN sorts last, and equals nothing: its own run)
    const v = ends[s];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v || (v !== v && sorted[mid] === sorted[mid])) lo = mid + 1;
      else hi = mid;
    }
    order[lo + taken[lo]++] = s;
  }
  return order;
}
