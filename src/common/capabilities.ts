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

/** A probe that throws (storage blocked in a sandboxed iframe, a hostile getter) means "not available". */
const probe = (check: () => boolean): boolean => {
  try {
    return check();
  } catch {
    return false;
  }
};

export function capabilities(): Readonly<Capabilities> {
  if (probed) return probed;
  const g = globalThis as typeof globalThis & { crossOriginIsolated?: boolean };
  probed = Object.freeze({
    browser: probe(() => typeof window !== 'undefined' && typeof document !== 'undefined'),
    indexedDB: probe(() => typeof indexedDB !== 'undefined' && !!indexedDB && typeof indexedDB.open === 'function'),
    cacheStorage: probe(() => typeof caches !== 'undefined' && !!caches && typeof caches.open === 'function'),
    subtleCrypto: probe(() => typeof crypto !== 'undefined' && typeof crypto.subtle?.digest === 'function'),
    webAssembly: probe(() => typeof WebAssembly === 'object'),
    webgpu: probe(() => typeof navigator !== 'undefined' && 'gpu' in navigator),
    crossOriginIsolated: probe(() => g.crossOriginIsolated === true),
  });
  return probed;
}
