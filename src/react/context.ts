import { createContext } from 'react';
import type { TrackEvent, Vitrine } from '../app/index';

/** What a `<VitrineProvider>` shares with the hooks below it. */
export interface VitrineContextValue {
  /** The running instance; null on the server and until the provider has created it on the client. */
  vitrine: Vitrine | null;
  /** Records an event; buffered until the instance exists, so early clicks are not lost. Stable for the provider's lifetime. */
  track(event: TrackEvent): Promise<void>;
}

export const VitrineContext = createContext<VitrineContextValue | null>(null);
