import { capabilities } from '../common/capabilities';
import type { Logger } from '../common/log';
import { readManifest } from './manifest';

/**
 * The model cache (Cache API). Two kinds of entries:
 * - verified files, keyed by URL + SHA-256 (content-addressed: shared by versions that list the same bytes);
 * - per manifest URL, the last known good manifest: bytes that parsed, passed the checks and whose
 *   every file verified and was stored first. It is the commit point: nothing else replaces it.
 * After a commit, files that no stored manifest lists are evicted.
 */
const CACHE_NAME = 'vitrine-models-v2';
/** Caches of older SDKs: v1 stored a manifest before checking it, so it may hold an error page. */
const OLD_CACHES = ['vitrine-models-v1'];
const H_URL = 'x-vitrine-manifest-url';
const H_CHECKED = 'x-vitrine-checked-at';
const H_ETAG = 'x-vitrine-etag';
const H_MODIFIED = 'x-vitrine-last-modified';

const manifestKey = (url: string) => `${url}${url.includes('?') ? '&' : '?'}vitrine-manifest`;
const isManifestKey = (key: string) => /[?&]vitrine-manifest$/.test(key);
const isFileKey = (key: string) => /\?vitrine-sha256=[0-9a-f]{64}$/.test(key);

export interface StoredManifest {
  bytes: Uint8Array;
  /** When the server last confirmed it (ms since epoch). */
  checkedAt: number;
  etag: string | null;
  lastModified: string | null;
}

export interface ModelCache {
  manifest(url: string): Promise<StoredManifest | undefined>;
  file(key: string): Promise<ArrayBuffer | undefined>;
  putFile(key: string, data: ArrayBuffer): Promise<boolean>;
  /**
   * Makes `bytes` the last known good manifest of `url` (its files must be stored already), then
   * evicts what no manifest lists. False when it could not be stored (quota: already warned).
   */
  commit(url: string, bytes: Uint8Array, validators: Headers): Promise<boolean>;
  /** The server confirmed the stored manifest (304 or the same bytes): it counts as checked now. */
  touch(url: string, stored: StoredManifest, validators: Headers): Promise<boolean>;
}

export async function openModelCache(enabled: boolean, log: Logger): Promise<ModelCache | null> {
  if (!enabled) return null;
  let cache: Cache;
  try {
    // inside the try: reading `caches` itself throws where storage is blocked (opaque origins)
    if (!capabilities().cacheStorage) return null;
    cache = await caches.open(CACHE_NAME);
  } catch (error) {
    log.debug('Cache API unavailable; model files will be downloaded on every load', error);
    return null;
  }
  const put = async (key: string, body: ArrayBuffer | Uint8Array, headers: Record<string, string>): Promise<boolean> => {
    try {
      await cache.put(key, new Response(body as BodyInit, { headers }));
      return true;
    } catch (error) {
      log.warn('could not cache the model (storage quota?): it will be downloaded again next time', error);
      return false;
    }
  };
  const match = (key: string) => cache.match(key).catch(() => undefined);
  const putManifest = (url: string, bytes: Uint8Array, etag: string | null, lastModified: string | null) =>
    put(manifestKey(url), bytes, {
      'content-type': 'application/json',
      [H_URL]: url,
      [H_CHECKED]: String(Date.now()),
      ...(etag ? { [H_ETAG]: etag } : {}),
      ...(lastModified ? { [H_MODIFIED]: lastModified } : {}),
    });

  /** Deletes files that no stored manifest lists (older versions), and stored manifests that no longer read. */
  async function evict(): Promise<void> {
    const keys = (await cache.keys()).map((r) => r.url);
    const keep = new Set<string>();
    for (const key of keys.filter(isManifestKey)) {
      const entry = await match(key);
      const url = entry?.headers.get(H_URL);
      const listed = entry && url ? readManifest(new Uint8Array(await entry.arrayBuffer()), url) : undefined;
      if (listed?.ok) listed.value.files.forEach((f) => keep.add(f.key));
      else await cache.delete(key);
    }
    await Promise.all(keys.filter((k) => isFileKey(k) && !keep.has(k)).map((k) => cache.delete(k)));
  }

  return {
    async manifest(url) {
      const entry = await match(manifestKey(url));
      if (!entry) return undefined;
      return {
        bytes: new Uint8Array(await entry.arrayBuffer()),
        checkedAt: Number(entry.headers.get(H_CHECKED)),
        etag: entry.headers.get(H_ETAG),
        lastModified: entry.headers.get(H_MODIFIED),
      };
    },
    async file(key) {
      return (await match(key))?.arrayBuffer();
    },
    putFile: (key, data) => put(key, data, { 'content-type': 'application/octet-stream' }),
    async commit(url, bytes, validators) {
      if (!(await putManifest(url, bytes, validators.get('etag'), validators.get('last-modified')))) return false;
      try {
        await evict();
        await Promise.all(OLD_CACHES.map((name) => caches.delete(name)));
      } catch (error) {
        log.debug('could not evict old model files', error);
      }
      return true;
    },
    touch: (url, stored, validators) =>
      putManifest(url, stored.bytes, validators.get('etag') ?? stored.etag, validators.get('last-modified') ?? stored.lastModified),
  };
}
