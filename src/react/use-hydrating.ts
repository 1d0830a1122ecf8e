import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/** True on the server and in the render that hydrates server HTML; false in every client render after (and in a client-only mount). */
export const useHydrating = (): boolean =>
  useSyncExternalStore(
    noop,
    () => false,
    () => true,
  );
