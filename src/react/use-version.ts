import { useCallback, useSyncExternalStore } from 'react';
import type { Vitrine } from '../app/index';

const noop = () => {};
const noSubscription = () => noop;
const SERVER = -1;
const server = () => SERVER;

/**
 * The instance's snapshot version (changes whenever history, consent or state change, in
 * any tab), through `useSyncExternalStore` over the core's `subscribe` / `getSnapshot`.
 * -1 on the server, while hydrating, and without an instance.
 */
export function useVersion(vitrine: Vitrine | null): number {
  const subscribe = useCallback((listener: () => void) => (vitrine ? vitrine.subscribe(listener) : noop), [vitrine]);
  const snapshot = useCallback(() => (vitrine ? vitrine.getSnapshot() : SERVER), [vitrine]);
  return useSyncExternalStore(vitrine ? subscribe : noSubscription, snapshot, server);
}
