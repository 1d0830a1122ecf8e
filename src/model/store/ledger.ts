import type { StoreKind } from './backend';

/**
 * What this device stored where, so that a store that loses entries between page views is
 * noticed: the ledger says a store holds the model of a URL, the store has nothing. A copy is kept
 * in every store that opens (IndexedDB and the Cache API), so a store that drops everything is
 * caught by the other's copy (read only where the best store's copy is missing); of the copies
 * read, the newest counts, and a store seen losing entries in any of them stays lost. (Not localStorage: the SDK sets no cookie and no web-storage key.) With a single
 * store, only losses inside it (a manifest whose files are gone) can be seen.
 */
const KINDS: readonly StoreKind[] = ['indexeddb', 'cache-api'];
/** Manifest URLs remembered (a page uses one or two models). */
const MAX_URLS = 16;

export interface Ledger {
  /** When it was written (ms since epoch): the newest copy is the one read. */
  at: number;
  /** Stores seen losing entries on this device: not used again. */
  lost: StoreKind[];
  /** Per manifest URL, the store its last good manifest was committed to. */
  holds: Record<string, StoreKind>;
}

export const emptyLedger = (): Ledger => ({ at: 0, lost: [], holds: {} });

const isKind = (k: unknown): k is StoreKind => KINDS.includes(k as StoreKind);

/** A copy as stored; anything damaged or foreign reads as empty (validated here, trusted inside). */
export function parseLedger(value: unknown): Ledger {
  const raw = value as Partial<Ledger> | null | undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return emptyLedger();
  const lost = Array.isArray(raw.lost) ? [...new Set(raw.lost.filter(isKind))] : [];
  const holds: Record<string, StoreKind> = {};
  if (raw.holds && typeof raw.holds === 'object')
    for (const [url, kind] of Object.entries(raw.holds).slice(-MAX_URLS)) if (isKind(kind) && url.length <= 2048) holds[url] = kind;
  return { at: Number.isFinite(raw.at) ? Number(raw.at) : 0, lost, holds };
}

/** One ledger from the copies of every store: the newest copy's URLs, every store any copy saw losing entries. */
export function mergeLedgers(copies: readonly unknown[]): Ledger {
  const parsed = copies.map(parseLedger);
  const newest = parsed.reduce((a, b) => (b.at > a.at ? b : a), emptyLedger());
  return { at: newest.at, lost: KINDS.filter((k) => parsed.some((l) => l.lost.includes(k))), holds: { ...newest.holds } };
}

/** Sets the holder of `url`, as the most recent URL (the oldest are dropped past MAX_URLS). */
export function setHolder(ledger: Ledger, url: string, kind: StoreKind): void {
  delete ledger.holds[url];
  ledger.holds[url] = kind;
  const urls = Object.keys(ledger.holds);
  for (const old of urls.slice(0, Math.max(0, urls.length - MAX_URLS))) delete ledger.holds[old];
}
