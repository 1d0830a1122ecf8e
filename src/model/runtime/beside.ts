/**
 * The folder of the ML runtime's own file: where the script-tag build ships tfjs's `.wasm` files
 * (dist/browser/, loaded by URL, never bundled). The npm build swaps this module for
 * src/entries/beside-none.ts (rollup.config.mjs): a bundler resolves `new URL(…, import.meta.url)`
 * statically, and Turbopack fails the build on it ("Can't resolve './'").
 */
export const besideRuntime = (): string | undefined => new URL('./', import.meta.url).href;
