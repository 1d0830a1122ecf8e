/** What this environment offers, probed once without touching anything in SSR (every global is guarded). */
export interface Capabilities {
  browser: boolean;
  indexedDB: boolean;
  cacheStorage: boolean;
  subtleCrypto: boolean;
  webAssembly: boolean;
  webgpu: boolean;
  crossOriginIsolated: boolean;
}

let probed: Readonly<Capabilities> | undefined;

export function capabilities(): Readonly<Capabilities> {
  if (probed) return probed;
  const g = globalThis as typeof globalThis & { crossOriginIsolated?: boolean };
  probed = Object.freeze({
    browser: typeof window !== 'undefined' && typeof document !== 'undefined',
    indexedDB: typeof indexedDB !== 'undefined',
    cacheStorage: typeof caches !== 'undefined',
    subtleCrypto: typeof crypto !== 'undefined' && typeof crypto.subtle?.digest === 'function',
    webAssembly: typeof WebAssembly === 'object',
    webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator,
    crossOriginIsolated: g.crossOriginIsolated === true,
  });
  return probed;
}
