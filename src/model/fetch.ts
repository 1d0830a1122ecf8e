import type { Logger } from '../common/log';
import type { ModelManifest } from './format';
import { openModelCache, type ModelCache, type StoredManifest } from './cache';
import { download } from './download';
import { whenIdle } from '../common/idle';
import { integrityOf, parseIntegrity } from './integrity';
import { readManifest } from './manifest';
import { verifyFile } from './verify';

/** The background check of the manifest on this page view (see `modelMaxAge`). */
export interface ModelUpdate {
  /** 'checking' (scheduled or running); 'current' (the server has the same manifest); 'downloaded' (a new version verified and cached: the next page view uses it); 'failed'. */
  status: 'checking' | 'current' | 'downloaded' | 'failed';
  /** Why it failed: the model in use is then the last verified one, and the next page view checks again. */
  reason: string | null;
}

/** A model folder whose every file was checked against its manifest's SHA-256. */
export interface VerifiedModel {
  manifest: ModelManifest;
  manifestUrl: string;
  files: Map<string, ArrayBuffer>;
  bytes: number;
  /** 'cache' when nothing was downloaded. */
  source: 'network' | 'cache';
  /** This page view's background check for a newer manifest; null when none runs. */
  update(): ModelUpdate | null;
}

export interface FetchOptions {
  cache: boolean;
  /** Milliseconds after a check of the manifest during which a cached model is used without asking the server. */
  maxAge: number;
  /** `sha256-<base64>` of the only manifest to accept (see integrity.ts). */
  integrity?: string;
  log: Logger;
}

/** A sane bound for manifest.json (a few KB in practice); files are bounded by their declared size. */
const MANIFEST_LIMIT = 1024 * 1024;

interface Loaded {
  manifest: ModelManifest;
  files: Map<string, ArrayBuffer>;
  downloaded: boolean;
}

/**
 * Checks manifest bytes (pin, JSON, checkManifest, paths) and gets every file it lists: from
 * the cache when present and intact, else downloaded (at most its declared size). Each file
 * is verified (size + SHA-256) and stored before the next; throws with a reason on any failure.
 */
async function load(url: string, bytes: Uint8Array, pins: string[] | undefined, cache: ModelCache | null, log: Logger): Promise<Loaded> {
  if (pins) {
    const actual = await integrityOf(bytes);
    if (!pins.includes(actual)) throw new Error(`${url}: does not match modelIntegrity (expected ${pins.join(' or ')}, got ${actual})`);
  }
  const listed = readManifest(bytes, url);
  if (!listed.ok) throw new Error(listed.reason);
  const files = new Map<string, ArrayBuffer>();
  let downloaded = false;
  for (const { file, url: fileUrl, key } of listed.value.files) {
    const hit = await cache?.file(key);
    let check = hit ? await verifyFile(file, hit) : undefined;
    if (!check?.ok) {
      if (check) log.debug(`cached ${file.path} is damaged; downloading it again`);
      const data = (await download(fileUrl, file.bytes)).bytes;
      check = await verifyFile(file, data.buffer as ArrayBuffer);
      if (!check.ok) throw new Error(check.reason);
      downloaded = true;
      await cache?.putFile(key, check.value);
    }
    files.set(file.path, check.value);
  }
  return { manifest: listed.value.manifest, files, downloaded };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/**
 * Asks the server whether the manifest changed: conditionally (If-None-Match / If-Modified-Since)
 * on the page's own origin; elsewhere with `cache: 'no-cache'` (custom headers would need a CORS
 * preflight). A changed manifest is committed only once every one of its files verified.
 */
async function refresh(url: string, stored: StoredManifest, cache: ModelCache, log: Logger): Promise<ModelUpdate> {
  const sameOrigin = typeof location !== 'undefined' && new URL(url).origin === location.origin;
  const validators: Record<string, string> = {};
  if (sameOrigin && stored.etag) validators['if-none-match'] = stored.etag;
  if (sameOrigin && stored.lastModified) validators['if-modified-since'] = stored.lastModified;
  const fresh = await download(url, MANIFEST_LIMIT, validators, sameOrigin ? undefined : 'no-cache');
  if (fresh.status === 304 || sameBytes(fresh.bytes, stored.bytes)) {
    await cache.touch(url, stored, fresh.headers);
    return { status: 'current', reason: null };
  }
  await load(url, fresh.bytes, undefined, cache, log);
  if (!(await cache.commit(url, fresh.bytes, fresh.headers))) throw new Error(`${url}: the new model verified but could not be stored`);
  return { status: 'downloaded', reason: null };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Loads a model folder: the last verified one from the cache when there is one (checked again:
 * pin, manifest, every file's digest), else the network. A cached model older than `maxAge` is
 * used at once and the manifest is revalidated in the background; a new version is used from
 * the next page view on. With a pin the manifest is fixed, so there is nothing to revalidate.
 * Throws with a reason when no verified model can be had.
 */
export async function fetchModel(manifestUrl: string, opts: FetchOptions): Promise<VerifiedModel> {
  const url = new URL(manifestUrl, typeof location !== 'undefined' ? location.href : undefined).href;
  let pins: string[] | undefined;
  if (opts.integrity !== undefined) {
    const parsed = parseIntegrity(opts.integrity);
    if (!parsed.ok) throw new Error(parsed.reason);
    pins = parsed.value;
  }
  const cache = await openModelCache(opts.cache, opts.log);
  const stored = await cache?.manifest(url).catch(() => undefined);
  let update: ModelUpdate | null = null;
  const done = (loaded: Loaded, fromCache: boolean): VerifiedModel => ({
    manifest: loaded.manifest,
    manifestUrl: url,
    files: loaded.files,
    bytes: [...loaded.files.values()].reduce((sum, b) => sum + b.byteLength, 0),
    source: fromCache && !loaded.downloaded ? 'cache' : 'network',
    update: () => update,
  });

  if (cache && stored) {
    try {
      const loaded = await load(url, stored.bytes, pins, cache, opts.log);
      const age = Date.now() - stored.checkedAt;
      if (!pins && !(age >= 0 && age < opts.maxAge)) {
        update = { status: 'checking', reason: null };
        whenIdle(() => {
          refresh(url, stored, cache, opts.log).then(
            (result) => void (update = result),
            (error) => {
              update = { status: 'failed', reason: message(error) };
              opts.log.warn(`the model could not be updated; still using the last verified one (${loaded.manifest.modelVersion}), and the next page view tries again: ${message(error)}`);
            },
          );
        });
      }
      return done(loaded, true);
    } catch (error) {
      opts.log.debug('the cached model cannot be used; downloading it', error);
    }
  }
  const fresh = await download(url, MANIFEST_LIMIT);
  const loaded = await load(url, fresh.bytes, pins, cache, opts.log);
  await cache?.commit(url, fresh.bytes, fresh.headers);
  return done(loaded, false);
}
