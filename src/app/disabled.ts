import { DEFAULT_OPTIONS } from '../core/options';
import { createLogger } from '../common/log';
import { EMPTY_STATS } from '../core/empty-stats';
import type { Vitrine } from './index';

/**
 * The instance handed out when the SDK cannot start at all: every method is a harmless
 * no-op (rank returns the items as given), so host code calling it never throws.
 */
export function disabledVitrine(reason: string): Vitrine {
  const log = createLogger(false);
  log.warn(`personalisation is off, the page keeps its own order: ${reason}`);
  const none = Promise.resolve();
  return {
    firstViewSource: () => 'model' as const,
    ready: () => none,
    track: () => none,
    rank: async (items) => (Array.isArray(items) ? items.slice() : []),
    profile: () => ({ categories: [], brands: [], price: null, recent: [], events: 0, remove: () => none }),
    explain: async (id) => ({ item: String(id), score: null, because: [], text: null }),
    history: async () => [],
    recommend: async () => [],
    forget: () => none,
    consent: () => none,
    stats: () => ({ ...EMPTY_STATS, state: 'failed', consent: DEFAULT_OPTIONS.consent, reason }),
    subscribe: () => () => {},
    getSnapshot: () => 0,
    destroy() {},
    reorder: () => none,
    restore() {},
    renderProfile: () => () => {},
    firstReorder: () => null,
    options: DEFAULT_OPTIONS,
    log,
  };
}
