import type { AnalyticsEvent } from './analytics';
import type { BackendChoice } from './types';

/** Every option of `createVitrine` and of the script tag, with its default. The one place defaults live. */
export interface VitrineOptions {
  /** URL of the model's manifest.json. Default: none for `createVitrine` (page order is kept); the script tag defaults to the base model beside the script. */
  model?: string;
  /**
   * Engine: 'auto' runs small jobs (a page's grids) on the plain JS engine, without loading tfjs,
   * and large ones on tfjs (WebGPU on a real GPU, then WASM, WebGL, CPU), by the measured policy
   * of src/model/runtime/policy.ts. 'js' never loads tfjs; 'webgpu' | 'wasm' | 'webgl' | 'cpu'
   * force that tfjs backend (falling back through the others, then JS). A software WebGPU
   * adapter is used only with 'webgpu'.
   */
  backend?: BackendChoice;
  /** 0..1: how far the personalised score may move items from the page's own order (0 = page order, 1 = model order). */
  blend?: number;
  /** Most slots the model may move any item up or down (null: no limit beyond `blend`). */
  maxDisplacement?: number | null;
  /** At most `max` items of one category (top two levels) or brand among the top `window` slots (null: no cap). */
  diversity?: { by: 'category' | 'brand'; max: number; window: number } | null;
  /** 0..1: share of browsers kept on the page order (the control arm of an on-device A/B test), stable per browser. */
  holdout?: number;
  /** Called with exposure and click/add_to_cart/purchase events (with the arm) for the store's analytics. */
  onEvent?: (event: AnalyticsEvent) => void;
  /** Also push those events to `window.dataLayer` when the page has one. */
  dataLayer?: boolean;
  /** 'granted' stores history; 'pending' and 'denied' keep events in memory for this page only. */
  consent?: 'granted' | 'pending' | 'denied';
  /** Most events kept on the device; the oldest are pruned beyond it. */
  historyLimit?: number;
  /** Days an event is kept before it is pruned. */
  historyTtlDays?: number;
  /** Treat the browser's Global Privacy Control signal as consent 'denied' (history stays on the device either way). */
  respectGPC?: boolean;
  /** Record clicks on `[data-vitrine-item]` elements automatically (browser only). */
  autoTrack?: boolean;
  /** Reorder every `[data-vitrine-grid]` once the model is ready, and grids added later (script tag: on). */
  autoReorder?: boolean;
  /** 'move' reorders DOM nodes; 'css-order' sets CSS `order` on flex/grid containers and moves no node (for DOM owned by a framework; other containers fall back to 'move'). */
  reorderStrategy?: 'move' | 'css-order';
  /** URL parameter holding the shopper's own sort (`?sort_by=price-ascending`): a grid on such a page keeps the page's order. '' : none. */
  sortParam?: string;
  /** The value of `sortParam` that is the store's own order (Shopify: the collection's `default_sort_by`): with it, grids are still personalised. */
  defaultSort?: string;
  /** With autoReorder: most milliseconds grids stay hidden waiting for their personalised order; after that the page order shows and stays for this page view (0: never hide). */
  antiFlicker?: number;
  /**
   * How often, at most, the server is asked whether the model changed (milliseconds). Within it a
   * returning page makes no model request; after it, the cached model is still used at once and
   * the manifest is revalidated in the background (If-None-Match), so a new model is used from the
   * next page view on. 0: check on every page view. A failed check is retried on the next view.
   */
  modelMaxAge?: number;
  /** Load the model at once even for a shopper without history (by default nothing is downloaded until the first event). */
  preload?: boolean;
  /**
   * Pin the model like Subresource Integrity: `'sha256-<base64 SHA-256 of manifest.json>'`; any
   * other manifest is refused, from the network or from the cache (the manifest pins every file
   * by its digest). Several values separated by spaces accept any of them, as in SRI. A malformed
   * value fails closed: no model is loaded (one warning, stats().reason).
   */
  modelIntegrity?: string;
  /** Cache verified model files (Cache API) so a returning shopper downloads nothing. */
  cache?: boolean;
  /** Folder URL of tfjs's .wasm files. Default: beside the ML runtime. */
  wasmPaths?: string;
  /** CSP nonce for the one `<style>` element the SDK may add (only where constructed stylesheets are missing). The script tag uses its own `nonce` unless `data-nonce` is given. */
  nonce?: string;
  /** IndexedDB database name. */
  dbName?: string;
  /** Log detail to the console (one warning per failure is always logged). */
  debug?: boolean;
}

type Unset = 'model' | 'modelIntegrity' | 'wasmPaths' | 'onEvent' | 'nonce' | 'defaultSort';
export type ResolvedOptions = Required<Omit<VitrineOptions, Unset>> & Pick<VitrineOptions, Unset>;

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  model: undefined,
  backend: 'auto',
  blend: 0.7,
  maxDisplacement: null,
  diversity: null,
  holdout: 0,
  onEvent: undefined,
  dataLayer: true,
  consent: 'granted',
  historyLimit: 500,
  historyTtlDays: 90,
  respectGPC: false,
  autoTrack: true,
  autoReorder: false,
  antiFlicker: 150,
  reorderStrategy: 'move',
  sortParam: 'sort_by',
  defaultSort: undefined,
  preload: false,
  modelMaxAge: 10 * 60 * 1000,
  modelIntegrity: undefined,
  nonce: undefined,
  cache: true,
  wasmPaths: undefined,
  dbName: 'vitrine',
  debug: false,
});

const BACKENDS: readonly BackendChoice[] = ['auto', 'js', 'webgpu', 'wasm', 'webgl', 'cpu'];
const CONSENTS = ['granted', 'pending', 'denied'] as const;

type Check = (v: unknown) => boolean;
const unit: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const str: Check = (v) => typeof v === 'string' && v.length > 0;
const bool: Check = (v) => typeof v === 'boolean';
const int = (min: number): Check => (v) => Number.isInteger(v) && (v as number) >= min;
const ms = (max: number): Check => (v) => typeof v === 'number' && v >= 0 && v <= max;

/**
 * Each option's check. `modelIntegrity` has none: any value is kept, even a malformed one (the
 * model loader refuses it, model/integrity.ts), so a typo never turns pinning off.
 */
const CHECKS: { [K in keyof VitrineOptions]?: Check } = {
  model: str,
  backend: (v) => BACKENDS.includes(v as BackendChoice),
  blend: unit,
  maxDisplacement: (v) => v === null || int(0)(v),
  diversity: (v) => {
    const d = v as { by?: unknown; max?: unknown; window?: unknown } | null;
    return d === null || (!!d && (d.by === 'category' || d.by === 'brand') && int(1)(d.max) && int(1)(d.window));
  },
  holdout: unit,
  onEvent: (v) => typeof v === 'function',
  dataLayer: bool,
  consent: (v) => (CONSENTS as readonly unknown[]).includes(v),
  historyLimit: int(1),
  historyTtlDays: (v) => typeof v === 'number' && v > 0,
  respectGPC: bool,
  autoTrack: bool,
  autoReorder: bool,
  reorderStrategy: (v) => v === 'move' || v === 'css-order',
  sortParam: (v) => typeof v === 'string',
  defaultSort: str,
  antiFlicker: ms(5000),
  modelMaxAge: ms(Infinity),
  modelIntegrity: () => true,
  cache: bool,
  preload: bool,
  wasmPaths: str,
  nonce: str,
  dbName: str,
  debug: bool,
};

/** What each option expects, for its warning (the npm build's core says it; the script-tag loader, kept small, names the value and the default). */
export const EXPECTED: { [K in keyof VitrineOptions]?: string } = {
  model: 'a URL string',
  backend: 'one of auto, js, webgpu, wasm, webgl, cpu',
  blend: 'a number from 0 to 1',
  maxDisplacement: 'a whole number of slots >= 0, or null',
  diversity: "{ by: 'category' | 'brand', max: integer >= 1, window: integer >= 1 }, or null",
  holdout: 'a number from 0 to 1',
  onEvent: 'a function',
  consent: 'one of granted, pending, denied',
  historyLimit: 'a positive integer',
  historyTtlDays: 'a number of days > 0',
  reorderStrategy: "'move' or 'css-order'",
  sortParam: 'a string',
  defaultSort: 'a non-empty string',
  antiFlicker: 'milliseconds from 0 to 5000',
  modelMaxAge: 'milliseconds >= 0',
  wasmPaths: 'a URL string',
  nonce: 'a non-empty string',
  dbName: 'a non-empty string',
};

/**
 * Merges options over the defaults. Invalid values fall back to the default and are
 * reported (the SDK must not throw into the host page because of a typo); with `expected`
 * (EXPECTED) each warning also says what the option takes.
 */
export function resolveOptions(input: VitrineOptions = {}, expected: { [K in keyof VitrineOptions]?: string } = {}): { options: ResolvedOptions; problems: string[] } {
  const problems: string[] = [];
  const options: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const [key, ok] of Object.entries(CHECKS) as [keyof VitrineOptions, Check][]) {
    const v = input[key];
    if (v === undefined) continue;
    if (ok(v)) options[key] = v;
    else problems.push(`option ${key}: expected ${expected[key] ?? (ok === bool ? 'true or false' : 'another value')}, got ${JSON.stringify(v)}; using ${JSON.stringify(DEFAULT_OPTIONS[key as keyof ResolvedOptions])}`);
  }
  return { options: options as ResolvedOptions, problems };
}

/** Recommendations per `recommend()` call when `k` is not given (and per script-tag slot without `data-vitrine-limit`). */
export const RECOMMEND_DEFAULT_K = 8;
/** Most recommendations one call returns. */
export const RECOMMEND_MAX_K = 100;
/**
 * Catalog packs of at least this many bytes (manifest `catalog.bytes`) are parsed, decoded,
 * encoded and scored in a Web Worker (src/recommend/worker.ts), so the page's main thread sees
 * no long task; smaller ones on the main thread in slices that yield. Measured in BENCHMARKS.md
 * ("Recommendations: the Web Worker"): on the main thread a pack of ~0.5 MB (2,500 synthetic items)
 * ran without a task over 50 ms, 10k items (1.8 MB) did not. Bytes, not items: the one task
 * that cannot be sliced, JSON.parse of the pack, grows with them. Applies with `backend` 'auto'
 * or 'js' (the worker runs the JS engine); the npm build has no worker file to start (a
 * bundler moves the chunks), so there it is always the main thread.
 */
export const RECOMMEND_WORKER_MIN_BYTES = 512 * 1024;
/** Most ms a recommendation worker may take to start before the main thread does its work instead. */
export const RECOMMEND_WORKER_START_MS = 10_000;
