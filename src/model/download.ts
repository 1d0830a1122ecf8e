/** Downloads with a byte limit: a body is read as a stream and dropped as soon as it is larger than it may be. */

/**
 * Reads a response body, failing (and cancelling the stream) once it exceeds `limit` bytes. The result owns its whole buffer.
 * With `exact` (the size is known, as a manifest lists it), each chunk is copied into a buffer of that size as it arrives:
 * no copy of the whole body at the end, which for a pack of tens of MB was one main-thread task of 70-100 ms.
 */
export async function readCapped(response: Response, limit: number, url: string, exact = false): Promise<Uint8Array> {
  const tooLarge = () => new Error(`GET ${url}: more than the ${limit} bytes expected; download stopped`);
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.byteLength > limit) throw tooLarge();
    return whole;
  }
  const reader = response.body.getReader();
  const into = exact ? new Uint8Array(limit) : undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    if (into) into.set(value, total);
    else chunks.push(value);
    total += value.byteLength;
  }
  if (into) return total === limit ? into : into.slice(0, total); // shorter than listed: its SHA-256 check fails next
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface Downloaded {
  status: number;
  headers: Headers;
  /** Empty for a 304. */
  bytes: Uint8Array;
}

/**
 * GET `url` and read at most `limit` bytes of it. Resolves with the status for 200 and 304;
 * throws with a reason for any other status, a network error, or a body over the limit. `exact`: `limit`
 * is the body's known size (a file the manifest lists), so the body is read straight into a buffer of it.
 */
export async function download(url: string, limit: number, { headers = {}, cache, exact = false }: { headers?: Record<string, string>; cache?: RequestCache; exact?: boolean } = {}): Promise<Downloaded> {
  const abort = typeof AbortController === 'undefined' ? undefined : new AbortController();
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers, cache, signal: abort?.signal });
    if (response.status === 304) return { status: 304, headers: response.headers, bytes: new Uint8Array(0) };
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return { status: response.status, headers: response.headers, bytes: await readCapped(response, limit, url, exact) };
  } catch (error) {
    abort?.abort();
    if (error instanceof Error && error.message.startsWith(`GET ${url}:`)) throw error;
    throw new Error(`GET ${url}: network error (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A file the manifest lists (its size known), downloaded straight into a buffer of that size: the ArrayBuffer it owns, no copy. */
export async function downloadListed(url: string, bytes: number): Promise<ArrayBuffer> {
  const { bytes: got } = await download(url, bytes, { exact: true });
  return (got.byteOffset === 0 && got.byteLength === got.buffer.byteLength ? got.buffer : got.slice().buffer) as ArrayBuffer;
}
