/**
 * Replaces the browser globals with getters that record each access and return
 * undefined, to prove that code run in Node (SSR) never touches them. Returns the list
 * of names touched, filled as accesses happen.
 */
export function trapBrowserGlobals(): string[] {
  const touched: string[] = [];
  for (const name of ['window', 'document', 'navigator', 'indexedDB', 'localStorage', 'caches']) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  return touched;
}
