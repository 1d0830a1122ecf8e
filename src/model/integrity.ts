import type { Result } from './format';
import { sha256 } from './verify';

/**
 * Pinning a model like Subresource Integrity: `modelIntegrity` / `data-model-integrity` is
 * `sha256-` followed by the base64 SHA-256 of the manifest's bytes, and any other manifest is
 * refused (from the network or from the cache). Every file is pinned through the manifest's
 * digests. As in SRI, several values separated by spaces accept any of them (a page can list the
 * old and the new manifest while a deploy rolls out).
 */
const PIN = /^sha256-([A-Za-z0-9+/]{43})=?$/;
// 43 base64 digits carry 258 bits: the last one must leave the 2 unused bits at zero to be 32 bytes
const LAST_DIGIT = 'AEIMQUYcgkosw048';

/** The canonical pins (with their `=`), or why the value is not a pin. A malformed value fails closed: the loader refuses every manifest. */
export function parseIntegrity(value: unknown): Result<string[]> {
  const tokens = typeof value === 'string' ? value.trim().split(/\s+/) : [];
  const pins = tokens.map((t) => PIN.exec(t)).map((m) => (m && LAST_DIGIT.includes(m[1][42]) ? `sha256-${m[1]}=` : null));
  if (pins.length && pins.every((p) => p)) return { ok: true, value: pins as string[] };
  return {
    ok: false,
    reason: `modelIntegrity ${JSON.stringify(value)} is malformed: expected 'sha256-' followed by the base64 SHA-256 of manifest.json (44 characters), or several separated by spaces; no model is loaded (a malformed pin fails closed)`,
  };
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** The pin of these bytes, `sha256-<base64>`. */
export const integrityOf = async (bytes: Uint8Array): Promise<string> => `sha256-${base64(await sha256(bytes))}`;
