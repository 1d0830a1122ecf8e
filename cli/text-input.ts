/**
 * Reads a text file as decoded chunks, deliberately: UTF-8 (a BOM is skipped), UTF-16 LE/BE
 * with a BOM; everything else is refused with the file, the line and what to do. Invalid
 * byte sequences are never replaced with U+FFFD (two different ids would become one).
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CliError, errnoText } from './errors';

/** Bytes read at a time. */
export const CHUNK_BYTES = 1 << 20;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const SAVE_AS_UTF8 = 'save the file as UTF-8';

/** What the first bytes say: the encoding and the BOM length, or a refusal naming the format. */
export function sniffEncoding(head: Uint8Array, file: string): { encoding: TextEncoding; skip: number } {
  const starts = (...bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
  const refuse = (what: string) => new CliError(what, { file });
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) throw refuse(`looks like UTF-32 text: ${SAVE_AS_UTF8} (or UTF-16 with a byte-order mark)`);
  if (starts(0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', skip: 3 };
  if (starts(0xff, 0xfe)) return { encoding: 'utf-16le', skip: 2 };
  if (starts(0xfe, 0xff)) return { encoding: 'utf-16be', skip: 2 };
  if (starts(0x50, 0x4b, 0x03, 0x04)) throw refuse('is a zip archive (an .xlsx workbook?): export or extract the data as a CSV/TSV file (UTF-8)');
  if (starts(0x50, 0x41, 0x52, 0x31)) throw refuse('is a Parquet file: this CLI reads CSV/TSV text; export it as CSV (UTF-8)');
  // UTF-16 without a BOM: ASCII text has a zero byte in every other position
  const n = Math.min(head.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (head[i] === 0) i % 2 ? odd++ : even++;
  if (n >= 8 && (odd > n / 8) !== (even > n / 8) && Math.min(odd, even) < Math.max(odd, even) / 8) {
    throw refuse(`looks like UTF-16 without a byte-order mark: ${SAVE_AS_UTF8} (or as UTF-16 with a byte-order mark)`);
  }
  return { encoding: 'utf-8', skip: 0 };
}

/** Whether the file starts with the gzip magic bytes (false when it cannot be read: the stream says why). */
function isGzip(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(2);
      return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Length of the prefix of `buf` that ends on a character boundary (the rest waits for the next chunk). */
function wholeChars(buf: Uint8Array, encoding: TextEncoding): number {
  const len = buf.length;
  if (encoding === 'utf-8') {
    for (let k = 1; k <= Math.min(3, len); k++) {
      const b = buf[len - k];
      if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
      if (b < 0xc0) return len; // ASCII
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return k < need ? len - k : len;
    }
    return len;
  }
  let even = len & ~1;
  if (even >= 2) {
    const unit = encoding === 'utf-16le' ? buf[even - 2] | (buf[even - 1] << 8) : (buf[even - 2] << 8) | buf[even - 1];
    if (unit >= 0xd800 && unit <= 0xdbff) even -= 2; // a high surrogate waits for its pair
  }
  return even;
}

export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The first bad byte of `buf` (which does not decode), found by bisection with streaming decoders. */
function firstBadByte(buf: Uint8Array, encoding: TextEncoding): number {
  let lo = 0; // buf[0..lo) decodes as a prefix
  let hi = buf.length; // buf[0..hi) does not
  const prefixOk = (k: number) => {
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(buf.subarray(0, k), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (prefixOk(hi)) return hi; // only the end is incomplete
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (prefixOk(mid)) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

function invalidText(buf: Uint8Array, encoding: TextEncoding, linesBefore: number, file: string): CliError {
  const bad = firstBadByte(buf, encoding);
  const prefix = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(buf.subarray(0, bad), { stream: true });
  const line = linesBefore + countNewlines(prefix) + 1;
  const name = encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase().replace('UTF-16', 'UTF-16 ');
  let what: string;
  if (bad >= buf.length) what = 'the file ends in the middle of a character';
  else if (encoding === 'utf-8') {
    // name the byte that starts the bad sequence, not the byte that revealed it
    let at = buf[bad] < 0x80 && bad > 0 ? bad - 1 : bad;
    while (at > 0 && (buf[at] & 0xc0) === 0x80 && bad - at < 3 && buf[at - 1] >= 0x80) at--;
    what = `byte 0x${buf[at].toString(16).toUpperCase().padStart(2, '0')}`;
  } else what = 'an unpaired surrogate';
  const hint = encoding === 'utf-8' ? `${SAVE_AS_UTF8} (from Windows/Latin-1: iconv -f cp1252 -t utf-8 IN > OUT)` : SAVE_AS_UTF8;
  return new CliError(`not valid ${name} (${what}): ${hint}`, { file, line });
}

function binaryText(file: string, line: number): CliError {
  return new CliError('a NUL byte: this looks like a binary file, not CSV/TSV text: give a CSV/TSV text file (UTF-8)', { file, line });
}

/**
 * The file's text, in chunks that end on character boundaries. Throws a CliError (with the
 * file, and the line where there is one) for a missing file, a folder, a binary, compressed
 * or spreadsheet file, UTF-32, UTF-16 without a BOM, or invalid UTF-8 / UTF-16.
 */
export async function* readText(file: string): AsyncGenerator<string> {
  let encoding: TextEncoding | undefined;
  let decoder: TextDecoder | undefined;
  let carry: Uint8Array = new Uint8Array(0);
  let lines = 0;
  const decode = (buf: Uint8Array): string => {
    if (encoding === 'utf-8') {
      const nul = buf.indexOf(0);
      if (nul >= 0) {
        let nl = 0;
        for (let i = buf.indexOf(10); i >= 0 && i < nul; i = buf.indexOf(10, i + 1)) nl++;
        throw binaryText(file, lines + nl + 1);
      }
    }
    let text: string;
    try {
      text = (decoder as TextDecoder).decode(buf);
    } catch {
      throw invalidText(buf, encoding as TextEncoding, lines, file);
    }
    if (encoding !== 'utf-8') {
      const nul = text.indexOf('\0');
      if (nul >= 0) throw binaryText(file, lines + countNewlines(text, 0, nul) + 1);
    }
    lines += countNewlines(text);
    return text;
  };
  // a gzipped CSV/TSV (a warehouse export) is read through gunzip, streaming
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream = isGzip(file) ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })).on('error', () => {}) : raw;
  if (stream !== raw) raw.on('error', (e) => stream.destroy(e));
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      let buf: Uint8Array = carry.length ? Buffer.concat([carry, raw]) : raw;
      if (!encoding) {
        if (buf.length < 4) {
          carry = buf;
          continue;
        }
        const sniffed = sniffEncoding(buf, file);
        encoding = sniffed.encoding;
        decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
        buf = buf.subarray(sniffed.skip);
      }
      const cut = wholeChars(buf, encoding);
      carry = buf.slice(cut);
      const text = decode(buf.subarray(0, cut));
      if (text) yield text;
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e instanceof CliError || typeof e.code !== 'string') throw err;
    if (e.code.startsWith('Z_')) throw new CliError(`not valid gzip (${e.message}): the file is damaged or cut short; export it again`, { file });
    if (e.code === 'EISDIR') throw new CliError('a folder, not a file: give a CSV/TSV file', { file });
    if (e.code === 'ENOENT') throw new CliError('no such file', { file });
    throw new CliError(`cannot read: ${errnoText(e.code)}`, { file });
  }
  if (!encoding) {
    const sniffed = sniffEncoding(carry, file);
    encoding = sniffed.encoding;
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    carry = carry.subarray(sniffed.skip);
  }
  if (carry.length) {
    const text = decode(carry);
    if (text) yield text;
  }
}
