import type { RuntimeModule } from '../core/load-runtime';

let runtimeUrl: string | undefined;

/** The script-tag build loads the ML runtime from a URL beside the script (see rollup.config.mjs `swapModule`). */
export function setRuntimeUrl(url: string): void {
  runtimeUrl = url;
}

export const loadRuntime = (): Promise<RuntimeModule> =>
  runtimeUrl ? import(/* webpackIgnore: true */ /* @vite-ignore */ runtimeUrl) : Promise.reject(new Error('ML runtime URL unknown (the script could not locate itself)'));
