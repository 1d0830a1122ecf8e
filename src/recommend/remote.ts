/** The page's side of the recommendation worker (src/recommend/worker.ts): a catalog source whose work runs off the main thread (a chunk of its own, vitrine-rec-remote-*.mjs, imported only for packs above the crossover). */
import type { FeatureSpec } from '../features/spec';
import type { TowerTables } from '../model/arch/types';
import type { ModelFile } from '../model/format';
import { RECOMMEND_WORKER_START_MS } from '../core/options';
import type { Found, Query } from './catalog';
import type { CatalogItem } from './pack';

export { spawnWorker } from './spawn';

/** Where a page's catalog is answered from (stats().recommender), and its queries. */
export interface Source {
  where: 'worker' | 'main';
  items: number;
  query(q: Query, keep?: (item: CatalogItem) => boolean): Promise<Found[]>;
}

/**
 * Sends the pack's URL (the worker downloads and verifies it) and the model's tables to a started worker and resolves
 * once it has the catalog; rejects if it fails to start (CSP, a missing file: its `error`
 * event), does not say it started within RECOMMEND_WORKER_START_MS, or cannot download or read the pack.
 * The worker is ended on any failure; the caller then does the work on the main thread.
 */
export async function workerSource(worker: Worker, url: string, file: ModelFile, features: FeatureSpec, tables: TowerTables): Promise<Source> {
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  let broken: Error | undefined;
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const fail = (error: Error) => {
    broken ??= error;
    worker.terminate();
    waiting.forEach((w) => w.reject(broken!));
    waiting.clear();
  };
  worker.onmessage = ({ data }: MessageEvent) => {
    if (data?.ready) return started();
    const w = waiting.get(data?.id);
    waiting.delete(data?.id);
    if (data?.ok) w?.resolve(data.value as never);
    else w?.reject(new Error(String(data?.error)));
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    fail(new Error(`the recommendation worker failed (${event.message || 'it could not be started'})`));
  };
  worker.onmessageerror = () => fail(new Error('a message from the recommendation worker could not be read'));
  let seq = 0;
  const call = <T>(message: Record<string, unknown>, transfer: Transferable[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (broken) return reject(broken);
      waiting.set(++seq, { resolve: resolve as (v: never) => void, reject });
      worker.postMessage({ ...message, id: seq }, transfer);
    });
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the recommendation worker did not start within ${RECOMMEND_WORKER_START_MS} ms`)), RECOMMEND_WORKER_START_MS));
  try {
    await Promise.race([ready, timer, new Promise((_, reject) => waiting.set(0, { resolve: () => {}, reject }))]);
    waiting.delete(0);
    const items = await call<number>({ op: 'load', url, file, features, tables });
    return {
      where: 'worker',
      items,
      async query(q, keep) {
        if (!keep) return call<Found[]>({ op: 'query', q });
        // `keep` is the page's function: ask for more until enough pass it, or the catalog has no more
        for (let n = q.n; ; n *= 4) {
          const found = await call<Found[]>({ op: 'query', q: { ...q, n } });
          const kept = found.filter((f) => keep(f.item) === true);
          if (kept.length >= q.n || found.length < n || n >= items) return kept.slice(0, q.n);
        }
      },
    };
  } catch (error) {
    fail(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
