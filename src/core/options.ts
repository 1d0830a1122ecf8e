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

/**
 * Merges options over the defaults. Invalid values fall back to the default and are
 * reported (the SDK must not throw into the host page because of a typo).
 */
export function resolveOptions(input: VitrineOptions = {}): { options: ResolvedOptions; problems: string[] } {
  const problems: string[] = [];
  const options: ResolvedOptions = { ...DEFAULT_OPTIONS };
  const set = <K extends keyof ResolvedOptions>(key: K, ok: (v: unknown) => boolean, expected: string) => {
    const v = input[key as keyof VitrineOptions];
    if (v === undefined) return;
    if (ok(v)) options[key] = v as ResolvedOptions[K];
    else problems.push(`option ${String(key)}: expected ${expected}, got ${JSON.stringify(v)}; using ${JSON.stringify(DEFAULT_OPTIONS[key])}`);
  };
  const unit = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  const str = (v: unknown) => typeof v === 'string' && v.length > 0;
  const bool = (v: unknown) => typeof v === 'boolean';
  set('model', str, 'a URL string');
  set('backend', (v) => BACKENDS.includes(v as BackendChoice), `one of ${BACKENDS.join(', ')}`);
  set('blend', unit, 'a number from 0 to 1');
  set('maxDisplacement', (v) => v === null || (Number.isInteger(v) && (v as number) >= 0), 'a whole number of slots >= 0, or null');
  set('diversity', (v) => {
    const d = v as { by?: unknown; max?: unknown; window?: unknown } | null;
    return d === null || (!!d && (d.by === 'category' || d.by === 'brand') && Number.isInteger(d.max) && (d.max as number) >= 1 && Number.isInteger(d.window) && (d.window as number) >= 1);
  }, "{ by: 'category' | 'brand', max: integer >= 1, window: integer >= 1 }, or null");
  set('holdout', unit, 'a number from 0 to 1');
  set('onEvent', (v) => typeof v === 'function', 'a function');
  set('dataLayer', bool, 'true or false');
  set('consent', (v) => (CONSENTS as readonly unknown[]).includes(v), `one of ${CONSENTS.join(', ')}`);
  set('historyLimit', (v) => Number.isInteger(v) && (v as number) > 0, 'a positive integer');
  set('historyTtlDays', (v) => typeof v === 'number' && v > 0, 'a number of days > 0');
  set('respectGPC', bool, 'true or false');
  set('autoTrack', bool, 'true or false');
  set('autoReorder', bool, 'true or false');
  set('reorderStrategy', (v) => v === 'move' || v === 'css-order', "'move' or 'css-order'");
  set('sortParam', (v) => typeof v === 'string', 'a string');
  set('defaultSort', str, 'a non-empty string');
  set('antiFlicker', (v) => typeof v === 'number' && v >= 0 && v <= 5000, 'milliseconds from 0 to 5000');
  set('modelMaxAge', (v) => typeof v === 'number' && v >= 0, 'milliseconds >= 0');
  // any value is kept, even a malformed one: the loader refuses it (model/integrity.ts), so a typo never turns pinning off
  if (input.modelIntegrity !== undefined) options.modelIntegrity = input.modelIntegrity;
  set('cache', bool, 'true or false');
  set('preload', bool, 'true or false');
  set('wasmPaths', str, 'a URL string');
  set('nonce', str, 'a non-empty string');
  set('dbName', str, 'a non-empty string');
  set('debug', bool, 'true or false');
  return { options, problems };
}

/** Recommendations per `recommend()` call when `k` is not given (and per script-tag slot without `data-vitrine-limit`). */
export const RECOMMEND_DEFAULT_K = 8;
/** Most recommendations one call returns. */
export const RECOMMEND_MAX_K = 100;
