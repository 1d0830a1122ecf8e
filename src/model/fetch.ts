import { capabilities } from '../common/capabilities';
import type { Logger } from '../common/log';
import { checkManifest, type ModelManifest } from './format';
import { verifyFile } from './verify';

/** A model folder whose every file was checked against its manifest's SHA-256. */
export interface VerifiedModel {
  manifest: ModelManifest;
  manifestUrl: string;
  files: Map<string, ArrayBuffer>;
  bytes: number;
  /** 'cache' when nothing was downloaded. */
  source: 'network' | 'cache';
}

export interface FetchOptions {
  cache: boolean;
  /** Milliseconds a cached manifest is used without asking the server. */
  maxAge: number;
  log: Logger;
}

const CACHE_NAME = 'vitrine-models-v1';
const FETCHED_AT = 'x-vitrine-fetched-at';

async function openCache(enabled: boolean, log: Logger): Promise<Cache | null> {
  if (!enabled) return null;
  try {
    // inside the try: reading `caches` itself throws where storage is blocked (opaque origins)
    if (!capabilities().cacheStorage) return null;
    return await caches.open(CACHE_NAME);
  } catch (error) {
    log.debug('Cache API unavailable; model files will be downloaded on every load', error);
    return null;
  }
}

async function put(cache: Cache | null, key: string, body: ArrayBuffer | string, headers: Record<string, string>, log: Logger) {
  try {
    await cache?.put(key, new Response(body, { headers }));
  } catch (error) {
    log.warn('could not cache the model (storage quota?): it will be downloaded again next time', error);
  }
}

async function download(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The manifest: from cache while younger than maxAge (no request at all), else from the server (cache as offline fallback). */
async function loadManifest(url: string, cache: Cache | null, opts: FetchOptions): Promise<{ manifest: ModelManifest; fromCache: boolean }> {
  const cached = await cache?.match(url).catch(() => undefined);
  const age = cached ? Date.now() - Number(cached.headers.get(FETCHED_AT)) : Infinity;
  let text: string | undefined;
  let fromCache = false;
  if (cached && age >= 0 && age < opts.maxAge) {
    text = await cached.text();
    fromCache = true;
  } else {
    try {
      text = new TextDecoder().decode(await download(url));
      await put(cache, url, text, { 'content-type': 'application/json', [FETCHED_AT]: String(Date.now()) }, opts.log);
    } catch (error) {
      if (!cached) throw error;
      opts.log.debug('model manifest unreachable; using the cached copy', error);
      text = await cached.text();
      fromCache = true;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${url}: not JSON`);
  }
  const checked = checkManifest(parsed);
  if (!checked.ok) throw new Error(`${url}: ${checked.reason}`);
  return { manifest: checked.value, fromCache };
}

/**
 * Loads a model folder: manifest, then every file it lists, each verified (size and
 * SHA-256) before use. Verified files are cached under a key that includes their
 * digest, so a new model version never reads an old file and a returning page with a
 * fresh manifest makes no request. Throws with a reason on any failure.
 */
export async function fetchModel(manifestUrl: string, opts: FetchOptions): Promise<VerifiedModel> {
  const base = new URL(manifestUrl, typeof location !== 'undefined' ? location.href : undefined).href;
  const cache = await openCache(opts.cache, opts.log);
  const { manifest, fromCache } = await loadManifest(base, cache, opts);
  const files = new Map<string, ArrayBuffer>();
  let downloaded = false;
  for (const file of manifest.files) {
    const url = new URL(file.path, base).href;
    const key = `${url}?vitrine-sha256=${file.sha256}`;
    const hit = await cache?.match(key).catch(() => undefined);
    let data = hit ? await hit.arrayBuffer() : undefined;
    let check = data ? await verifyFile(file, data) : undefined;
    if (!check?.ok) {
      if (check) opts.log.debug(`cached ${file.path} is damaged; downloading it again`);
      data = await download(url);
      downloaded = true;
      check = await verifyFile(file, data);
      if (!check.ok) throw new Error(check.reason);
      await put(cache, key, data, { 'content-type': 'application/octet-stream' }, opts.log);
    }
    files.set(file.path, check.value);
  }
  const bytes = [...files.values()].reduce((sum, b) => sum + b.byteLength, 0);
  return { manifest, manifestUrl: base, files, bytes, source: fromCache && !downloaded ? 'cache' : 'network' };
}
