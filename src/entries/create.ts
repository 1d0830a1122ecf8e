import { createCore, type VitrineCore } from '../core/vitrine';
import type { VitrineOptions } from '../core/options';
import { attachDom, type DomMethods } from '../dom/index';

export type Vitrine = VitrineCore & DomMethods;

/** Creates a Vitrine instance: history, model, ranking and (in a browser) the DOM layer. Never throws. */
export function createVitrine(options: VitrineOptions = {}): Vitrine {
  return attachDom(createCore(options));
}
