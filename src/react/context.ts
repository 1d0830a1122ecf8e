import { createContext } from 'react';
import type { TrackEvent, Vitrine, VitrineOptions } from '../app/index';

/** What a `<VitrineProvider>` shares with the hooks below it. */
export interface VitrineContextValue {
  /** The running instance; null on the server and until the provider has created it on the client. */
  vitrine: Vitrine | null;
  /** Records an event; buffered until the instance exists, so early clicks are not lost. Stable for the provider's lifetime. */
  track(event: TrackEvent): Promise<void>;
  /** The options the instance is (or will be) created with, known while rendering, on the server too: the hooks read the shopper snapshot with them before any instance exists. Null with an `instance` prop not created yet. */
  options: VitrineOptions | null;
  /** The options as a stable string (changes only when a value does). */
  optionsKey: string;
}

export const VitrineContext = createContext<VitrineContextValue | null>(null);
