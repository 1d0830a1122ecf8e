import { useContext } from 'react';
import type { Vitrine } from '../app/index';
import { VitrineContext } from './context';

/** The instance of the nearest `<VitrineProvider>`: null on the server, outside a provider, and until the provider has created it. */
export function useVitrine(): Vitrine | null {
  return useContext(VitrineContext)?.vitrine ?? null;
}
