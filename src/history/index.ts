import type { Logger } from '../common/log';
import { capabilities } from '../common/capabilities';
import { indexedDBStore } from './indexeddb';
import type { HistoryPolicy } from './policy';
import { memoryStore, type HistoryStore } from './store';

export type { HistoryStore } from './store';
export type { HistoryPolicy } from './policy';
export { memoryStore } from './store';

/** Opens the persistent history, or falls back to memory for this page (one warning) when IndexedDB is unavailable or broken. */
/** `onLost`: the browser dropped the stored data (site data cleared): counts and caches must be re-read. */
export async function openHistory(dbName: string, policy: HistoryPolicy, log: Logger, onLost?: () => void): Promise<HistoryStore> {
  if (!capabilities().indexedDB) {
    log.warn('IndexedDB is not available: history is kept in memory for this page only');
    return memoryStore(policy);
  }
  try {
    return await indexedDBStore(dbName, policy, log, onLost);
  } catch (error) {
    log.warn('IndexedDB could not be opened: history is kept in memory for this page only', error);
    return memoryStore(policy);
  }
}
