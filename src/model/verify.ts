import type { ModelFile, Result } from './format';
import { sha256Sliced } from './sha256';

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * SHA-256 of bytes: SubtleCrypto where the page has it (secure contexts; it hashes off the main
 * thread), else plain JS in chunks that yield, so no task of ours runs long either way.
 */
export async function sha256(data: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  const subtle = typeof crypto !== 'undefined' ? crypto.subtle : undefined;
  if (subtle?.digest) return new Uint8Array(await subtle.digest('SHA-256', data as BufferSource));
  return sha256Sliced(data);
}

/** Hex SHA-256 of bytes. */
export const sha256Hex = async (data: ArrayBuffer | Uint8Array): Promise<string> => toHex(await sha256(data));

/** Checks downloaded bytes against the manifest's size and digest before anything uses them. */
export async function verifyFile(file: ModelFile, data: ArrayBuffer): Promise<Result<ArrayBuffer>> {
  if (data.byteLength !== file.bytes) return { ok: false, reason: `${file.path}: expected ${file.bytes} bytes, got ${data.byteLength}` };
  const digest = await sha256Hex(data);
  if (digest !== file.sha256) return { ok: false, reason: `${file.path}: sha256 mismatch (expected ${file.sha256}, got ${digest})` };
  return { ok: true, value: data };
}

/** The bytes of a file served as a JSON string of base64 (`encoding: 'base64'` in the manifest). */
export function fromBase64Json(data: ArrayBuffer): ArrayBuffer {
  // atob refuses anything but a string of base64 (a number, an object: not a string of it)
  const raw = atob(JSON.parse(new TextDecoder().decode(data)));
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out.buffer;
}
