/**
 * localStorage, guarded: it is the one synchronous store every engine keeps (Chromium, Gecko,
 * WebKit), so the first view can read it before the page paints. Every call fails soft (storage
 * disabled, sandboxed frame, quota, a hostile getter): reads give null, writes give false.
 */
const storage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

export function readLocal(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Writes and reads back: false when the value did not stick (unavailable, quota, a store that drops writes). */
export function writeLocal(key: string, value: string): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(key, value);
    return s.getItem(key) === value;
  } catch {
    return false;
  }
}

export function removeLocal(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing stored, nothing to remove
  }
}
