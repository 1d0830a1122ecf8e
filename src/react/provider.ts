import { createElement, useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { createVitrine, type TrackEvent, type Vitrine, type VitrineOptions } from '../app/index';
import { VitrineContext, type VitrineContextValue } from './context';
import { HOLD_KEYFRAMES } from './hold';

export interface VitrineProviderProps extends VitrineOptions {
  /** An instance you created yourself (with `createVitrine`, on the client); the provider then creates none and never destroys it. */
  instance?: Vitrine | null;
  children?: ReactNode;
}

/** Most `track()` calls kept while the instance does not exist yet; older ones are dropped first. */
const MAX_PENDING = 100;

/** Options as a stable key: the provider makes a new instance only when a value changes, not when the props object does. */
const optionsKey = (options: VitrineOptions): string =>
  JSON.stringify(Object.entries(options).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Makes a Vitrine instance available to the hooks below it. With `instance`, that one is
 * used; otherwise the provider creates one from its props (every `VitrineOptions`) in an
 * effect, so never during server rendering, and destroys it on unmount or when an option
 * changes. It renders one `<style>` element (the keyframes that hold a list until its order is
 * known, see `usePersonalizedList`), so place it inside `<body>`.
 */
export function VitrineProvider(props: VitrineProviderProps): ReactElement {
  const { instance, children, ...options } = props;
  const [own, setOwn] = useState<Vitrine | null>(null);
  const key = instance ? null : optionsKey(options);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    if (key === null) return;
    const created = createVitrine(optionsRef.current);
    setOwn(created);
    return () => {
      created.destroy();
      setOwn((current) => (current === created ? null : current));
    };
  }, [key]);

  const vitrine = instance ?? (key === null ? null : own);
  const current = useRef<Vitrine | null>(null);
  const pending = useRef<{ event: TrackEvent; done: () => void }[]>([]);

  useEffect(() => {
    current.current = vitrine;
    if (!vitrine) return;
    const queued = pending.current.splice(0);
    for (const { event, done } of queued) void vitrine.track(event).then(done);
    return () => {
      if (current.current === vitrine) current.current = null;
    };
  }, [vitrine]);

  const track = useCallback((event: TrackEvent): Promise<void> => {
    const v = current.current;
    if (v) return v.track(event);
    return new Promise<void>((done) => {
      pending.current.push({ event, done });
      if (pending.current.length > MAX_PENDING) pending.current.shift()!.done();
    });
  }, []);

  const known = instance ? instance.options : optionsRef.current;
  const knownKey = instance ? `instance:${optionsKey(instance.options)}` : key!;
  const value = useMemo<VitrineContextValue>(() => ({ vitrine, track, options: known ?? null, optionsKey: knownKey }), [vitrine, track, knownKey]);
  return createElement(VitrineContext.Provider, { value }, createElement('style', { nonce: options.nonce }, HOLD_KEYFRAMES), children);
}
