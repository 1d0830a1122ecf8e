import { useMemo } from 'react';
import type { VitrineStats } from '../app/index';
import { useVersion } from './use-version';
import { useVitrine } from './use-vitrine';

/**
 * The instance's `stats()`, refreshed whenever it notifies (state, history, consent).
 * null on the server, while hydrating, and until the provider's instance exists.
 */
export function useVitrineStats(): VitrineStats | null {
  const vitrine = useVitrine();
  const version = useVersion(vitrine);
  return useMemo(() => (vitrine && version >= 0 ? vitrine.stats() : null), [vitrine, version]);
}
