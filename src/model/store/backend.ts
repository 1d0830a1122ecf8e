import { readManifest } from '../manifest';

/** Where model files are kept on the device. */
export type StoreKind = 'indexeddb' | 'cache-api';

/** The last known good manifest of a URL, as stored. */
export interface StoredManifest {
  bytes: Uint8Array;
  /** When the server last confirmed it (ms since epoch). */
  checkedAt: number;
  etag: string | null;
  lastModified: string | null;
}

/**
 * One place that keeps model files (IndexedDB, the Cache API). Two kinds of entries:
 * - verified files, keyed by URL + SHA-256 (`fileKey`: content-addressed, shared by versions that list the same bytes);
 * - per manifest URL, the last known good manifest with its validators. It is the commit point: it
 *   is written only together with (IndexedDB) or after (Cache API) every file it lists.
 * Every method rejects when the store fails; the caller (store/index.ts) decides what to do.
 */
export interface StoreBackend {
  readonly kind: StoreKind;
  manifest(url: string): Promise<StoredManifest | undefined>;
  file(key: string): Promise<ArrayBuffer | undefined>;
  /** Stores `files` (key -> verified bytes), then makes `manifest` the last known good one of `url`, then evicts files no stored manifest lists. */
  commit(url: string, manifest: StoredManifest, files: ReadonlyMap<string, ArrayBuffer>): Promise<void>;
  /** Rewrites the stored manifest of `url` (new checkedAt / validators); its files are already there. */
  touch(url: string, manifest: StoredManifest): Promise<void>;
  /** Drops the manifest of `url` and the files no other manifest lists. */
  remove(url: string): Promise<void>;
  /** Drops every manifest and file (a store that lost entries is not trusted with the rest); its ledger copy stays. */
  clear(): Promise<void>;
  /** This store's copy of the ledger (ledger.ts), as stored (validated by the caller). */
  ledger(): Promise<unknown>;
  saveLedger(ledger: unknown): Promise<void>;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/**
 * What eviction keeps: the file keys listed by the stored manifests that still read, and the
 * manifests that do not (stored by an older SDK, damaged) to delete.
 */
export function listedFiles(manifests: readonly { url: string; bytes: Uint8Array }[]): { keep: Set<string>; unreadable: string[] } {
  const keep = new Set<string>();
  const unreadable: string[] = [];
  for (const m of manifests) {
    const listed = readManifest(m.bytes, m.url);
    if (listed.ok) listed.value.files.forEach((f) => keep.add(f.key));
    else unreadable.push(m.url);
  }
  return { keep, unreadable };
}
