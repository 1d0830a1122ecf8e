import { besideRuntime } from '../model/runtime/beside';

/** The worker's file beside the ML runtime (a Shopify theme's flat assets folder renames it, and its `?v=`, like the other chunks). */
const WORKER_FILE = './vitrine-rec-worker.mjs';

/**
 * Starts the recommendation worker (src/recommend/worker.ts) from beside the ML runtime, or
 * returns null where there is none (the npm build swaps this module for
 * src/entries/spawn-none.ts: a bundler would resolve `new Worker` itself). A runtime served from
 * another origin (a store's asset CDN) is started through a same-origin blob module that imports
 * it: a worker's script must be same-origin, and the CDN already serves the runtime's modules
 * with CORS. Throws where the page may not start workers (a CSP `worker-src`, no Worker).
 */
export function spawnWorker(): Worker | null {
  const folder = besideRuntime();
  if (!folder || typeof Worker !== 'function') return null;
  const url = new URL(WORKER_FILE, folder);
  if (url.origin === location.origin) return new Worker(url, { type: 'module' });
  // one small blob per page, kept: revoking it could race the worker's own fetch of it
  return new Worker(URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' })), { type: 'module' });
}
