/**
 * `spawnWorker` of the npm build (rollup.config.mjs swaps src/recommend/spawn.ts for this): an
 * app's bundler moves the chunks, so there is no worker file beside them to start, and a
 * bundler treats `new Worker(…)` as an entry of its own. Recommendations run on the main thread,
 * in slices that yield.
 */
export const spawnWorker = (): Worker | null => null;
