/**
 * The script-tag build (dist/browser/vitrine.iife.js): reads its own data-* attributes,
 * creates `window.vitrine` (the loader's instance, src/loader/), replays calls queued before it
 * loaded. The full SDK (vitrine-full.mjs) and the ML runtime (vitrine-ml.mjs) are imported from
 * beside this file, when they can help.
 */
import type { VitrineOptions } from '../core/options';
import type { Vitrine } from '../app/index';
import { createLoader } from '../loader/index';
import { describeElement } from '../dom/items';

export { DEFAULT_OPTIONS } from '../core/options';

type Command = [string, ...unknown[]];

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const base = script?.src || location.href;
const beside = (file: string) => new URL(file, base).href;

/** `window.Vitrine.createVitrine`: an instance that loads the full SDK when a call needs it. */
export function createVitrine(options: VitrineOptions = {}): Vitrine {
  try {
    return createLoader(options, beside('vitrine-full.mjs'), beside('vitrine-ml.mjs'));
  } catch (error) {
    return createLoader({}, '', '', `could not start (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** `data-diversity="category:2:8"`: at most 2 items of one category among the top 8. */
function diversity(value: string | undefined): VitrineOptions['diversity'] {
  if (!value) return undefined;
  const [by, max, window] = value.split(':');
  return { by: by as 'category' | 'brand', max: Number(max), window: Number(window) };
}

/** A boolean attribute: present and not "false". */
const flag = (v: string | undefined) => v !== undefined && v !== 'false';

function scriptOptions(el: HTMLScriptElement | null): VitrineOptions {
  const d = el?.dataset ?? {};
  const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v));
  return {
    model: d.model ? new URL(d.model, location.href).href : beside('models/base/manifest.json'),
    modelIntegrity: d.modelIntegrity || undefined,
    consent: d.consent as VitrineOptions['consent'],
    blend: num(d.blend),
    holdout: num(d.holdout),
    backend: d.backend as VitrineOptions['backend'],
    debug: flag(d.debug),
    autoReorder: d.autoReorder !== 'false',
    antiFlicker: num(d.antiFlicker),
    reorderStrategy: d.reorder as VitrineOptions['reorderStrategy'],
    sortParam: d.sortParam,
    defaultSort: d.defaultSort || undefined,
    respectGPC: flag(d.respectGpc),
    preload: flag(d.preload),
    // the script's own nonce (a nonce-based policy already trusts it), unless data-nonce says otherwise
    nonce: d.nonce || el?.nonce || undefined,
    maxDisplacement: num(d.maxDisplacement),
    diversity: diversity(d.diversity),
  };
}

function run(instance: Vitrine, command: unknown): void {
  try {
    if (!Array.isArray(command) || typeof command[0] !== 'string') return instance.log.warn('vitrine.push() expects [method, ...args]');
    const [method, ...args] = command as Command;
    const fn = (instance as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function' || method === 'destroy') return instance.log.warn(`vitrine.push(): unknown method ${JSON.stringify(method)}`);
    const result = (fn as (...a: unknown[]) => unknown).apply(instance, args);
    if (result instanceof Promise) result.catch(() => {});
  } catch (error) {
    instance.log.warn('a queued call failed', error);
  }
}

/** Marks the instance this script puts on `window.vitrine` (Symbol.for: the same mark across builds). */
const INSTANCE = Symbol.for('vitrine.instance');
const isInstance = (value: unknown): value is Vitrine => !!value && typeof value === 'object' && (value as Record<symbol, unknown>)[INSTANCE] === true;

function start(): void {
  const w = window as unknown as { vitrine?: unknown };
  const options = scriptOptions(script);
  const existing = w.vitrine;
  if (isInstance(existing)) {
    // the script is included twice: the first instance keeps running
    if (existing.options.model !== options.model) existing.log.warn(`a second Vitrine script tag asks for model ${options.model}; keeping ${existing.options.model} (include the script once)`);
    return;
  }
  const queued = Array.isArray(existing) ? (existing as unknown[]) : [];
  const instance = Object.assign(createVitrine(options), { push: (command: unknown) => run(instance, command), [INSTANCE]: true });
  if (existing !== undefined && existing !== null && !Array.isArray(existing)) {
    // e.g. an element with id="vitrine": the browser exposes it as window.vitrine
    instance.log.warn(`window.vitrine was already set (${describeGlobal(existing)}); replacing it with the Vitrine instance`);
  }
  w.vitrine = instance;
  queued.forEach((command) => run(instance, command));
}

const describeGlobal = (value: unknown) => (value instanceof Element ? `${describeElement(value)}, an element of the page` : typeof value);

try {
  start();
} catch (error) {
  console.warn('[vitrine] could not start; the page keeps its own order', error);
}
