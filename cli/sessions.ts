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
  /**
   * `start`: session s is events start[s]..start[s+1] (length sessions + 1); `firsts`, `ends`:
   * the times of each session's first and last events; `ids`: kept only when asked for.
   */
  constructor(
    readonly items: Int32Array,
    readonly types: Uint8Array,
    readonly start: Int32Array,
    readonly firsts: Float64Array,
    readonly ends: Float64Array,
    readonly ids?: readonly string[],
  ) {}

  get length(): number {
    return this.ends.length;
  }

  get events(): number {
    return this.items.length;
  }

  at(s: number): Session {
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

  /** A new log of the given sessions, in that order (copied). */
  select(sessions: ArrayLike<number>): SessionLog {
    let n = 0;
    for (let k = 0; k < sessions.length; k++) n += this.start[sessions[k] + 1] - this.start[sessions[k]];
    const items = sharedArray(Int32Array, n);
    const types = sharedArray(Uint8Array, n);
    const start = sharedArray(Int32Array, sessions.length + 1);
    const ends = sharedArray(Float64Array, sessions.length);
    const firsts = sharedArray(Float64Array, sessions.length);
    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[k];
      const a = this.start[s];
      const b = this.start[s + 1];
      items.set(this.items.subarray(a, b), start[k]);
      types.set(this.types.subarray(a, b), start[k]);
      start[k + 1] = start[k] + b - a;
      ends[k] = this.ends[s];
      firsts[k] = this.firsts[s];
    }
    return new SessionLog(items, types, start, firsts, ends, this.ids && Array.from(sessions, (s) => this.ids![s]));
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

/** Session indices in the order of their last event's time (file order on ties). */
export function byEndTime(sessions: Sessions): Int32Array {
  const ends = sessions instanceof SessionLog ? sessions.ends : Float64Array.from(sessions, (s) => s.end);
  return Int32Array.from(ends.keys()).sort((a, b) => ends[a] - ends[b] || a - b);
}
