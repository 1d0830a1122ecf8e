import type { Result } from './format';

const MAX_PATH = 1024;
/** Control characters (C0, DEL, C1): the URL parser strips tabs and newlines anywhere, even inside a scheme. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Percent-decodes until nothing changes, so that `%252e` is seen as the `.` a server decoding twice would see. */
function decodeFully(segment: string): Result<string> {
  let s = segment;
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return { ok: false, reason: 'has malformed percent-encoding' };
    }
    if (next === s) return { ok: true, value: s };
    s = next;
  }
  return { ok: false, reason: 'is percent-encoded more than 3 times' };
}

/** The reason a path is not a plain relative path inside its folder, or null. Decode-aware, so it holds for servers that decode. */
function problem(path: string): string | null {
  if (!path) return 'is empty';
  if (path.length > MAX_PATH) return `is longer than ${MAX_PATH} characters`;
  if (CONTROL.test(path)) return 'contains a control character';
  if (!/^[\x21-\x7e]*$/.test(path)) return 'contains whitespace or characters other than printable ASCII';
  if (path.includes('\\')) return 'contains a backslash (browsers read it as "/")';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'is a URL with a scheme; only paths relative to the manifest are allowed';
  if (path.startsWith('/')) return 'is absolute (starts with "/"); only paths relative to the manifest are allowed';
  if (/[?#]/.test(path)) return 'has a query or fragment';
  for (const raw of path.split('/')) {
    if (!raw) return 'has an empty segment';
    const decoded = decodeFully(raw);
    if (!decoded.ok) return decoded.reason;
    const s = decoded.value;
    if (CONTROL.test(s)) return 'has an encoded control character';
    if (s.includes('/')) return 'has an encoded "/" (%2f)';
    if (s.includes('\\')) return 'has an encoded "\\" (%5c)';
    // servers such as Tomcat drop ";params" before resolving dot segments ("..;/x" is "../x" there)
    const name = s.split(';')[0];
    if (name === '..') return 'has a ".." segment (plain, percent-encoded or with ";")';
    if (name === '.') return 'has a "." segment (plain, percent-encoded or with ";")';
  }
  return null;
}

/**
 * Where a model file listed in a manifest may be fetched from: `path` resolved against the
 * manifest's URL, accepted only when it is a plain relative path that stays on the manifest's
 * origin and under its folder. The reason names what is wrong.
 */
export function resolveModelPath(path: unknown, manifestUrl: string): Result<string> {
  if (typeof path !== 'string') return { ok: false, reason: 'expected a string' };
  const why = problem(path);
  if (why) return { ok: false, reason: `${JSON.stringify(path)} ${why}` };
  const base = new URL(manifestUrl);
  const url = new URL(path, base);
  const folder = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
  // the syntax above already rules these out; this is the property itself, checked on the URL that is fetched
  if (url.origin !== base.origin) return { ok: false, reason: `${JSON.stringify(path)} resolves to another origin (${url.origin})` };
  if (!url.pathname.startsWith(folder) || url.pathname === folder || url.search || url.hash)
    return { ok: false, reason: `${JSON.stringify(path)} resolves outside the manifest's folder (${url.pathname})` };
  return { ok: true, value: url.href };
}
