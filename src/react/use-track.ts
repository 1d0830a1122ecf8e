import { useContext } from 'react';
import type { TrackEvent } from '../app/index';
import { VitrineContext } from './context';

let warned = false;
const outside = (): Promise<void> => {
  if (!warned && typeof console !== 'undefined') console.warn('[vitrine] useTrack() is used outside <VitrineProvider>; events are not recorded');
  warned = true;
  return Promise.resolve();
};

/**
 * A stable `track({ item, type, attrs })` for event handlers. Calls made before the
 * provider's instance exists are buffered and recorded once it does. Never throws.
 */
export function useTrack(): (event: TrackEvent) => Promise<void> {
  return useContext(VitrineContext)?.track ?? outside;
}
