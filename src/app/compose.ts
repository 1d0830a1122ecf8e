import { createCore } from '../core/vitrine';
import type { VitrineOptions } from '../core/options';
import { attachGrids, type FirstViewHandoff } from '../dom/index';
import { attachProfile } from '../dom/profile';
import { disabledVitrine } from './disabled';
import type { Vitrine } from './index';
import type { OwnOutbox } from '../history/outbox';

/** The core instance with the DOM layer on top; `handoff`: what the script-tag loader already did of the first view. Never throws. */
export function composeVitrine(options: VitrineOptions = {}, handoff?: FirstViewHandoff & { outbox?: OwnOutbox }): Vitrine {
  try {
    return attachProfile(attachGrids(createCore(options, handoff?.outbox), handoff));
  } catch (error) {
    return disabledVitrine(`could not start (${error instanceof Error ? error.message : String(error)})`);
  }
}
