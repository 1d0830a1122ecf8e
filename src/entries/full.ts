/**
 * The full SDK for the script tag (dist/browser/vitrine-full.mjs): history in IndexedDB, the
 * model, every API method and the DOM layer after the first view. The loader
 * (vitrine.iife.js, src/loader/) imports it when it can help: at once for a returning shopper
 * whose first view needs the model, in idle time after the page's load otherwise.
 */
import type { VitrineOptions } from '../core/options';
import type { FirstViewHandoff } from '../dom/index';
import { composeVitrine } from '../app/compose';
import type { Vitrine } from '../app/index';
import { setRuntimeUrl } from './load-runtime-url';
import type { OwnOutbox } from '../history/outbox';

export function start(options: VitrineOptions, handoff: FirstViewHandoff & { outbox?: OwnOutbox }, runtimeUrl: string): Vitrine {
  setRuntimeUrl(runtimeUrl);
  return composeVitrine(options, handoff);
}
