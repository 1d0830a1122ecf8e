/**
 * A large, deterministic store log for the training bench: `events` rows of session,item,time,type
 * (sessions interleaved in time, as a warehouse export sorted by time is), a catalog, and a test
 * file of the sessions that start last. Items have Zipf popularity inside categories; a session
 * browses mostly within a category and returns to items it saw, so a model has something to learn.
 * Usage: tsx bench/train/gen-log.ts [--events N] [--items N] [--seed N] [--out DIR]
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../../cli/train/rng';

export interface LogSpec {
  events: number;
  items: number;
  seed: number;
  out: string;
}

export const DEFAULT_LOG: LogSpec = { events: 10_000_000, items: 200_000, seed: 7, out: '.cache/bench-train/log-10m' };
/** Share of the events (of the sessions that start last) written to test.csv. */
const TEST_SHARE = 0.0005;
/** Sessions open at once (their events interleave). */
const OPEN = 64;
const CATEGORIES = 400;
const TYPES = ['view', 'view', 'view', 'view', 'view', 'view', 'click', 'add_to_cart', 'purchase'];

/** Writes text through a 1 MiB buffer. */
class Out {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  constructor(file: string, header: string) {
    this.fd = openSync(file, 'w');
    this.line(header);
  }
  line(s: string): void {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Zipf-like draw in [0, n): floor(n * u^a), a > 1 skews to low ranks. */
const skewed = (rng: Rng, n: number, a: number) => Math.min(n - 1, Math.floor(n * Math.pow(rng.next(), a)));

export function generateLog(spec: LogSpec): { events: number; testEvents: number; sessions: number; dir: string } {
  const rng = new Rng(spec.seed);
  mkdirSync(spec.out, { recursive: true });
  const perCat = Math.ceil(spec.items / CATEGORIES);
  const catalog = new Out(path.join(spec.out, 'catalog.csv'), 'item,title,category,brand,price');
  for (let i = 0; i < spec.items; i++) {
    const c = Math.floor(i / perCat);
    catalog.line(`p${i},item ${i % 97} of line ${c % 31},cat${c % 40}.sub${c},brand${(c * 7 + (i % 5)) % 900},${(5 + ((i * 37) % 400)).toFixed(2)}`);
  }
  catalog.close();
  const train = new Out(path.join(spec.out, 'train.csv'), 'session,item,time,type');
  const test = new Out(path.join(spec.out, 'test.csv'), 'session,item,time,type');
  const testFrom = Math.floor(spec.events * (1 - TEST_SHARE));
  interface Open { id: number; test: boolean; left: number; cat: number; seen: number[] }
  let next = 0;
  let written = 0;
  let testEvents = 0;
  // sessions that start once the train share is written are test sessions
  const start = (): Open => ({ id: next++, test: written >= testFrom, left: 1 + Math.floor(-Math.log(1 - rng.next()) * 3), cat: skewed(rng, CATEGORIES, 1.6), seen: [] });
  const open: Open[] = Array.from({ length: OPEN }, start);
  let time = 1_700_000_000;
  while (written + testEvents < spec.events) {
    const k = Math.floor(rng.next() * OPEN);
    const s = open[k];
    const r = rng.next();
    let item: number;
    if (s.seen.length && r < 0.2) item = s.seen[Math.floor(rng.next() * s.seen.length)];
    else if (r < 0.85) item = s.cat * perCat + skewed(rng, perCat, 2);
    else item = skewed(rng, spec.items, 3);
    if (r > 0.95) s.cat = skewed(rng, CATEGORIES, 1.6);
    item = Math.min(item, spec.items - 1);
    s.seen.push(item);
    time += rng.next() * 0.5;
    const row = `s${s.id},p${item},${time.toFixed(1)},${TYPES[Math.floor(rng.next() * TYPES.length)]}`;
    if (s.test) (test.line(row), testEvents++);
    else (train.line(row), written++);
    if (--s.left <= 0) open[k] = start();
  }
  train.close();
  test.close();
  return { events: written, testEvents, sessions: next, dir: spec.out };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('gen-log.ts')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const spec: LogSpec = { events: Number(arg('events') ?? DEFAULT_LOG.events), items: Number(arg('items') ?? DEFAULT_LOG.items), seed: Number(arg('seed') ?? DEFAULT_LOG.seed), out: arg('out') ?? DEFAULT_LOG.out };
  const t0 = Date.now();
  const r = generateLog(spec);
  console.log(`wrote ${r.events} train + ${r.testEvents} test events, ${r.sessions} sessions into ${r.dir} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
