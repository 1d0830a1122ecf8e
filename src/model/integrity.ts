import type { Result } from './format';
import { sha256 } from './verify';

/**
 * Pinning a model like Subresource Integrity: `modelIntegrity` / `data-model-integrity` is
 * `sha256-` followed by the base64 SHA-256 of the manifest's bytes, and any other manifest is
 * refused (from the network or from the cache). Every file is pinned through the manifest's digests.
 */
const PIN = /^sha256-([A-Za-z0-9+/]{43})=?$/;

/** The canonical pin (with its `=`), or why the value is not one. A malformed pin fails closed: the loader refuses every manifest. */
export function parseIntegrity(value: unknown): Result<string> {
  const match = typeof value === 'string' ? PIN.exec(value.trim()) : null;
  // 43 base64 digits carry 258 bits: the last one must leave the 2 unused bits at zero to be 32 bytes
  if (match && 'AEIMQUYcgkosw048'.includes(match[1][42])) return { ok: true, value: `sha256-${match[1]}=` };
  return {
    ok: false,
    reason: `modelIntegrity ${JSON.stringify(value)} is malformed: expected 'sha256-' followed by the base64 SHA-256 of manifest.json (44 characters); no model is loaded (a malformed pin fails closed)`,
  };
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** The pin of these bytes, `sha256-<base64>`. */
export const integrityOf = async (bytes: Uint8Array): Promise<string> => `sha256-${base64(await sha256(bytes))}`;
