/**
 * Events as they are read, in bounded memory: columns in fixed-size typed-array chunks (no
 * slack, no copies as they grow; 13 bytes an event, times as 32-bit offsets where they fit),
 * session ids as 64-bit hashes in an open-addressing table (no id strings kept: two ids collide
 * with probability ~ n^2 / 2^65, about 2e-7 for 2.7 M sessions), then grouped into a SessionLog
 * sorted by time, in shared memory (training threads read it without a copy).
 */
import { SessionLog, sharedArray } from './sessions';

const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

type Typed = Int32Array | Uint8Array;

class Column<T extends Typed> {
  chunks: T[] = [];
  length = 0;
  constructor(private readonly make: (n: number) => T) {}
  push(v: number): void {
    const c = this.length >>> CHUNK_BITS;
    if (c === this.chunks.length) this.chunks.push(this.make(CHUNK));
    this.chunks[c][this.length & (CHUNK - 1)] = v;
    this.length++;
  }
  get(e: number): number {
    return this.chunks[e >>> CHUNK_BITS][e & (CHUNK - 1)];
  }
  /** Lets the chunks go (finish: each column as soon as it is read for the last time). */
  free(): void {
    this.chunks = [];
  }
}

/**
 * Event times (unix seconds), a chunk at a time as whole milliseconds after the chunk's first
 * time in an Int32Array (a warehouse export spans minutes to weeks per million rows); a chunk
 * switches to Float64Array the first time a value would not come back exactly (Object.is), so
 * every time reads back as it was parsed.
 */
class TimeColumn {
  private chunks: (Int32Array | Float64Array)[] = [];
  private bases: number[] = [];
  length = 0;
  push(v: number): void {
    const c = this.length >>> CHUNK_BITS;
    const at = this.length & (CHUNK - 1);
    if (c === this.chunks.length) {
      this.chunks.push(new Int32Array(CHUNK));
      this.bases.push(v);
    }
    let chunk = this.chunks[c];
    if (chunk instanceof Int32Array) {
      const base = this.bases[c];
      const k = Math.round((v - base) * 1000);
      if (Math.abs(k) <= 0x7fffffff && Object.is(base + k / 1000, v)) {
        chunk[at] = k;
        this.length++;
        return;
      }
      const wide = new Float64Array(CHUNK);
      for (let i = 0; i < at; i++) wide[i] = base + chunk[i] / 1000;
      chunk = this.chunks[c] = wide;
    }
    chunk[at] = v;
    this.length++;
  }
  get(e: number): number {
    const chunk = this.chunks[e >>> CHUNK_BITS];
    const v = chunk[e & (CHUNK - 1)];
    return chunk instanceof Int32Array ? this.bases[e >>> CHUNK_BITS] + v / 1000 : v;
  }
  free(): void {
    this.chunks = [];
    this.bases = [];
  }
}

/** Session id -> dense index (first-seen order), keyed by two 32-bit hashes of the id. */
export class IdIndex {
  private keys = new Uint32Array(2 * 1024);
  private vals = new Int32Array(1024).fill(-1);
  size = 0;

  index(id: string): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    h1 = (h1 ^ (h1 >>> 16)) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
    const found = this.find(h1, h2);
    if (this.vals[found] >= 0) return this.vals[found];
    this.keys[2 * found] = h1;
    this.keys[2 * found + 1] = h2;
    this.vals[found] = this.size++;
    if (this.size * 4 > this.vals.length * 3) this.grow(); // linear probing stays short up to 3/4 full
    return this.size - 1;
  }

  private find(h1: number, h2: number): number {
    const mask = this.vals.length - 1;
    let at = h1 & mask;
    while (this.vals[at] >= 0 && (this.keys[2 * at] !== h1 || this.keys[2 * at + 1] !== h2)) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.vals = new Int32Array(vals.length * 2).fill(-1);
    for (let i = 0; i < vals.length; i++)
      if (vals[i] >= 0) {
        const at = this.find(keys[2 * i], keys[2 * i + 1]);
        this.keys[2 * at] = keys[2 * i];
        this.keys[2 * at + 1] = keys[2 * i + 1];
        this.vals[at] = vals[i];
      }
  }
}

export class EventBuffer {
  private sessions = new IdIndex();
  private readonly session = new Column((n) => new Int32Array(n));
  private readonly item = new Column((n) => new Int32Array(n));
  private readonly time = new TimeColumn();
  private readonly type = new Column((n) => new Uint8Array(n));
  /** Session ids (copies), first-seen order: only when asked for (the demo's personas name theirs). */
  private readonly ids?: string[];
  constructor(keepIds = false) {
    if (keepIds) this.ids = [];
  }

  get events(): number {
    return this.item.length;
  }

  add(session: string, item: number, time: number, type: number): void {
    const s = this.sessions.index(session);
    if (this.ids && s === this.ids.length) this.ids.push(Buffer.from(session, 'utf8').toString('utf8'));
    this.session.push(s);
    this.item.push(item);
    this.time.push(time);
    this.type.push(type);
  }

  /**
   * The sessions (first-seen order), each one's events by time, events that share a time in file order. Once only: the buffer is emptied.
   * `freed` runs where a large part of the buffer has just become garbage (the caller may collect it: cli/memory.ts releaseGarbage).
   */
  finish(freed: () => void = () => {}): SessionLog {
    const S = this.sessions.size;
    const E = this.events;
    this.sessions = new IdIndex();
    freed(); // the id table and the reader's leftovers, before the grouping's arrays are made
    const start = sharedArray(Int32Array, S + 1);
    for (let e = 0; e < E; e++) start[this.session.get(e) + 1]++;
    for (let s = 0; s < S; s++) start[s + 1] += start[s];
    const order = new Int32Array(E);
    const fill = start.slice(0, S);
    for (let e = 0; e < E; e++) order[fill[this.session.get(e)]++] = e;
    this.session.free();
    freed(); // the session column, before the log's arrays are made
    const items = sharedArray(Int32Array, E);
    const types = sharedArray(Uint8Array, E);
    const ends = sharedArray(Float64Array, S);
    const firsts = sharedArray(Float64Array, S);
    for (let s = 0; s < S; s++) {
      const a = start[s];
      const b = start[s + 1];
      let sorted = true;
      for (let k = a + 1; k < b && sorted; k++) sorted = this.time.get(order[k - 1]) <= this.time.get(order[k]);
      if (!sorted) order.subarray(a, b).sort((x, y) => this.time.get(x) - this.time.get(y) || x - y);
      for (let k = a; k < b; k++) {
        items[k] = this.item.get(order[k]);
        types[k] = this.type.get(order[k]);
      }
      ends[s] = b > a ? this.time.get(order[b - 1]) : -Infinity;
      firsts[s] = b > a ? this.time.get(order[a]) : -Infinity;
    }
    this.item.free();
    this.type.free();
    this.time.free();
    return new SessionLog(items, types, start, firsts, ends, this.ids);
  }
}
