import type { Logger } from '../common/log';
import type { ModelManifest } from './format';
import { openModelStore, sameBytes, type ModelStore, type ModelStoreReport, type StoredManifest } from './store/index';
import { download } from './download';
import { whenIdle } from '../common/idle';
import { integrityOf, parseIntegrity } from './integrity';
import { readManifest } from './manifest';
import { fromBase64Json, verifyFile } from './verify';

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
  /** Where the model is kept on this device (null with `cache: false`). */
  storage(): ModelStoreReport | null;
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
  /** Verified bytes by path (what the runtime reads). */
  files: Map<string, ArrayBuffer>;
  /** The same bytes by store key (what a commit writes). */
  byKey: Map<string, ArrayBuffer>;
  downloaded: boolean;
}

/**
 * Checks manifest bytes (pin, JSON, checkManifest, paths) and gets every file it lists: from
 * the store when present and intact, else downloaded (at most its declared size). Each file
 * is verified (size + SHA-256); throws with a reason on any failure. `stored`: the manifest came
 * from the store, so a file it lists that the store does not have is a loss (store/index.ts).
 */
async function load(url: string, bytes: Uint8Array, pins: string[] | undefined, store: ModelStore | null, stored: StoredManifest | undefined, log: Logger): Promise<Loaded> {
  if (pins) {
    const actual = await integrityOf(bytes);
    if (!pins.includes(actual)) throw new Error(`${url}: does not match modelIntegrity (expected ${pins.join(' or ')}, got ${actual})`);
  }
  const listed = readManifest(bytes, url);
  if (!listed.ok) throw new Error(listed.reason);
  const files = new Map<string, ArrayBuffer>();
  const byKey = new Map<string, ArrayBuffer>();
  let downloaded = false;
  for (const { file, url: fileUrl, key } of listed.value.files) {
    const hit = await store?.file(key);
    if (!hit && stored) await store?.lost(url, stored, file.path);
    let check = hit ? await verifyFile(file, hit) : undefined;
    if (!check?.ok) {
      if (check) log.debug(`cached ${file.path} is damaged; downloading it again`);
      const data = (await download(fileUrl, file.bytes, { exact: true })).bytes;
      check = await verifyFile(file, data.buffer as ArrayBuffer);
      if (!check.ok) throw new Error(check.reason);
      downloaded = true;
    }
    // kept (and cached) as served, verified as served; what the runtime reads is the decoded bytes
    files.set(file.path, file.encoding === 'base64' ? fromBase64Json(check.value) : check.value);
    byKey.set(key, check.value);
  }
  return { manifest: listed.value.manifest, files, byKey, downloaded };
}

/** A manifest as the server just sent it: checked now, with its validators. */
const asStored = (bytes: Uint8Array, headers: Headers, previous?: StoredManifest): StoredManifest => ({
  bytes,
  checkedAt: Date.now(),
  etag: headers.get('etag') ?? previous?.etag ?? null,
  lastModified: headers.get('last-modified') ?? previous?.lastModified ?? null,
});

/**
 * Asks the server whether the manifest changed: conditionally (If-None-Match / If-Modified-Since)
 * on the page's own origin; elsewhere with `cache: 'no-cache'` (custom headers would need a CORS
 * preflight). A changed manifest is committed only once every one of its files verified.
 */
async function refresh(url: string, stored: StoredManifest, store: ModelStore, log: Logger): Promise<ModelUpdate> {
  const sameOrigin = typeof location !== 'undefined' && new URL(url).origin === location.origin;
  const validators: Record<string, string> = {};
  if (sameOrigin && stored.etag) validators['if-none-match'] = stored.etag;
  if (sameOrigin && stored.lastModified) validators['if-modified-since'] = stored.lastModified;
  const fresh = await download(url, MANIFEST_LIMIT, { headers: validators, cache: sameOrigin ? undefined : 'no-cache' });
  if (fresh.status === 304 || sameBytes(fresh.bytes, stored.bytes)) {
    await store.touch(url, asStored(stored.bytes, fresh.headers, stored));
    return { status: 'current', reason: null };
  }
  const loaded = await load(url, fresh.bytes, undefined, store, undefined, log);
  if (!(await store.commit(url, asStored(fresh.bytes, fresh.headers), loaded.byKey))) throw new Error(`${url}: the new model verified but could not be stored`);
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
  const store = openModelStore(opts.cache, opts.log);
  const stored = await store?.manifest(url);
  let update: ModelUpdate | null = null;
  const done = (loaded: Loaded, fromStore: boolean): VerifiedModel => ({
    manifest: loaded.manifest,
    manifestUrl: url,
    files: loaded.files,
    bytes: [...loaded.files.values()].reduce((sum, b) => sum + b.byteLength, 0),
    source: fromStore && !loaded.downloaded ? 'cache' : 'network',
    update: () => update,
    storage: () => store?.report() ?? null,
  });

  if (store && stored) {
    try {
      const loaded = await load(url, stored.bytes, pins, store, stored, opts.log);
      // files that were damaged or lost were downloaded again: store the whole model again (in the next store if this one lost them)
      if (loaded.downloaded) await store.commit(url, stored, loaded.byKey);
      const age = Date.now() - stored.checkedAt;
      if (!pins && !(age >= 0 && age < opts.maxAge)) {
        update = { status: 'checking', reason: null };
        whenIdle(() => {
          refresh(url, stored, store, opts.log).then(
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
      opts.log.debug('the stored model cannot be used; downloading it', error);
    }
  }
  const fresh = await download(url, MANIFEST_LIMIT);
  const loaded = await load(url, fresh.bytes, pins, store, undefined, opts.log);
  await store?.commit(url, asStored(fresh.bytes, fresh.headers), loaded.byKey);
  return done(loaded, false);
}
