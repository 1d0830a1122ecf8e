import { capabilities } from '../../common/capabilities';
import type { Logger } from '../../common/log';
import { listedFiles, type StoreBackend, type StoredManifest } from './backend';

/**
 * Model files in the Cache API: the fallback where IndexedDB cannot be opened. Files are
 * written first, the manifest last (the commit point), then files no manifest lists are evicted.
 * Beside them, this store's copy of the ledger (ledger.ts). (WebKit was seen dropping these
 * entries between page views while keeping IndexedDB's.)
 */
const CACHE_NAME = 'vitrine-models-v3';
/**
 * Caches of older SDKs: v1 stored a manifest before checking it (it may hold an error page);
 * v2 was the only store before IndexedDB (a returning shopper downloads the model once more).
 */
export const OLD_CACHES = ['vitrine-models-v1', 'vitrine-models-v2'];
const H_URL = 'x-vitrine-manifest-url';
const H_CHECKED = 'x-vitrine-checked-at';
const H_ETAG = 'x-vitrine-etag';
const H_MODIFIED = 'x-vitrine-last-modified';

const manifestKey = (url: string) => `${url}${url.includes('?') ? '&' : '?'}vitrine-manifest`;
const isManifestKey = (key: string) => /[?&]vitrine-manifest$/.test(key);
const isFileKey = (key: string) => /\?vitrine-sha256=[0-9a-f]{64}$/.test(key);
/** This store's copy of the ledger (ledger.ts): a key no request of the page can have. */
const LEDGER_KEY = 'https://vitrine.invalid/ledger';

/** Deletes the caches older SDKs wrote (best effort). */
export function dropOldCaches(): Promise<unknown> {
  try {
    return Promise.all(OLD_CACHES.map((name) => caches.delete(name))).catch(() => {});
  } catch {
    return Promise.resolve(); // `caches` itself throws where storage is blocked
  }
}

export async function openCacheApiStore(log: Logger): Promise<StoreBackend | null> {
  let cache: Cache;
  try {
    // inside the try: reading `caches` itself throws where storage is blocked (opaque origins)
    if (!capabilities().cacheStorage) return null;
    cache = await caches.open(CACHE_NAME);
  } catch (error) {
    log.debug('Cache API unavailable for the model', error);
    return null;
  }
  const putManifest = (url: string, m: StoredManifest) =>
    cache.put(
      manifestKey(url),
      new Response(m.bytes as BodyInit, {
        headers: {
          'content-type': 'application/json',
          [H_URL]: url,
          [H_CHECKED]: String(m.checkedAt),
          ...(m.etag ? { [H_ETAG]: m.etag } : {}),
          ...(m.lastModified ? { [H_MODIFIED]: m.lastModified } : {}),
        },
      }),
    );

  /** Deletes files that no stored manifest lists (older versions), and stored manifests that no longer read. */
  async function evict(): Promise<void> {
    const keys = (await cache.keys()).map((r) => r.url);
    const manifests: { url: string; bytes: Uint8Array; key: string }[] = [];
    for (const key of keys.filter(isManifestKey)) {
      const entry = await cache.match(key);
      manifests.push({ key, url: entry?.headers.get(H_URL) ?? key, bytes: entry ? new Uint8Array(await entry.arrayBuffer()) : new Uint8Array(0) });
    }
    const { keep, unreadable } = listedFiles(manifests);
    await Promise.all(manifests.filter((m) => unreadable.includes(m.url)).map((m) => cache.delete(m.key)));
    await Promise.all(keys.filter((k) => isFileKey(k) && !keep.has(k)).map((k) => cache.delete(k)));
  }

  return {
    kind: 'cache-api',
    async manifest(url) {
      const entry = await cache.match(manifestKey(url));
      if (!entry) return undefined;
      return {
        bytes: new Uint8Array(await entry.arrayBuffer()),
        checkedAt: Number(entry.headers.get(H_CHECKED)),
        etag: entry.headers.get(H_ETAG),
        lastModified: entry.headers.get(H_MODIFIED),
      };
    },
    async file(key) {
      return (await cache.match(key))?.arrayBuffer();
    },
    async commit(url, manifest, files) {
      for (const [key, data] of files) await cache.put(key, new Response(data, { headers: { 'content-type': 'application/octet-stream' } }));
      await putManifest(url, manifest);
      await evict().catch((error) => log.debug('could not evict old model files', error));
    },
    touch: (url, manifest) => putManifest(url, manifest),
    async remove(url) {
      await cache.delete(manifestKey(url));
      await evict();
    },
    async clear() {
      const keys = (await cache.keys()).map((r) => r.url).filter((k) => isManifestKey(k) || isFileKey(k));
      await Promise.all(keys.map((k) => cache.delete(k)));
    },
    async ledger() {
      const entry = await cache.match(LEDGER_KEY);
      return entry ? JSON.parse(await entry.text()) : undefined;
    },
    saveLedger: (value) => cache.put(LEDGER_KEY, new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } })),
  };
}
