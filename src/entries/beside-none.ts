/**
 * `besideRuntime` of the npm build (rollup.config.mjs swaps src/model/runtime/beside.ts for this):
 * once an app's bundler has moved the runtime into its own chunks there is no folder beside it
 * that holds the `.wasm` files, so only the `wasmPaths` option says where they are.
 */
export const besideRuntime = (): string | undefined => undefined;
