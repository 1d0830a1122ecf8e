/**
 * JSON.parse of a large document without one long task (a catalog pack of tens of MB took 77 ms
 * at 100k items and 355 ms at 500k as one `JSON.parse`): the bytes of an object whose large
 * members are arrays are scanned in time slices (src/common/slices.ts), each top-level array is
 * cut between its elements into pieces of about `pieceBytes`, and each piece is decoded and
 * parsed on its own. The bytes are scanned as they are: JSON's structural characters are ASCII
 * and no byte of a multi-byte UTF-8 character is below 0x80. The result is what
 * `JSON.parse(new TextDecoder().decode(bytes))` gives; invalid JSON throws a SyntaxError as it does.
 */
import { pause } from './slices';

/** Bytes parsed per piece: a millisecond or so of JSON.parse. */
export const PIECE_BYTES = 64 * 1024;
/** Bytes scanned between two checks of the slice clock. */
const SCAN_STEP = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Whether bytes[from, to) holds only JSON whitespace. */
function blank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x0a && bytes[i] !== 0x0d && bytes[i] !== 0x09) return false;
  return true;
}

export async function parseJsonInPieces(bytes: Uint8Array, pieceBytes = PIECE_BYTES): Promise<unknown> {
  const decoder = new TextDecoder();
  const text = (from: number, to: number) => decoder.decode(bytes.subarray(from, to));
  let first = 0;
  while (first < bytes.length && blank(bytes, first, first + 1)) first++;
  // a small document, or one that is not an object: JSON.parse itself (and its errors)
  if (bytes.length <= pieceBytes || bytes[first] !== OPEN_OBJECT) return JSON.parse(text(0, bytes.length));
  const out: Record<string, unknown> = {};
  // what the scan rejects, JSON.parse of the whole document rejects too: its SyntaxError says where
  const invalid = (): never => {
    JSON.parse(text(0, bytes.length));
    throw new SyntaxError('JSON: unexpected structure');
  };
  let members = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let member = first + 1; // where the current member of the top object starts
  let key: string | undefined;
  let value = -1; // where its value starts
  let list: unknown[] | undefined; // its elements so far, when the value is an array
  let piece = -1; // where the current piece of that array starts
  let end = -1;
  let cut = false; // whether the current array has been cut at a comma
  /** The elements of bytes[piece, to): `to` is a comma (`end` false) or the array's closing bracket. */
  const piecesOf = (to: number, end: boolean) => {
    // only `[]` has an empty piece: `[,` and `,]` are errors
    if (blank(bytes, piece, to)) {
      if (!end || cut) invalid();
    } else for (const v of JSON.parse(`[${text(piece, to)}]`) as unknown[]) list!.push(v);
    cut ||= !end;
    piece = to + 1;
  };
  /** The member that ends at `at` (a comma or, `last`, the closing brace). */
  const close = (at: number, last: boolean) => {
    if (key === undefined) {
      // only `{}` has no member: `{,` and `,}` are errors
      if (!last || members > 0 || !blank(bytes, member, at)) invalid();
      return;
    }
    if (list && !blank(bytes, piece, at)) invalid();
    // an own property even for "__proto__", and the last of a repeated key, as JSON.parse makes them
    Object.defineProperty(out, key, { value: list ?? JSON.parse(text(value, at)), enumerable: true, writable: true, configurable: true });
    members++;
    key = undefined;
    list = undefined;
  };
  for (let i = first; i < bytes.length && end < 0; ) {
    const stop = Math.min(bytes.length, i + SCAN_STEP);
    for (; i < stop; i++) {
      const b = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth++;
        if (depth === 2 && b === OPEN_ARRAY && key !== undefined && blank(bytes, value, i)) {
          list = [];
          piece = i + 1;
          cut = false;
        }
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        if (depth === 2 && list && b === CLOSE_ARRAY) {
          piecesOf(i, true);
          piece = i + 1; // only whitespace may follow before the member ends
        }
        depth--;
        if (depth === 0) {
          if (b !== CLOSE_OBJECT) break;
          close(i, true);
          end = i + 1;
          break;
        }
      } else if (b === COLON && depth === 1 && key === undefined) {
        const name: unknown = JSON.parse(text(member, i));
        if (typeof name !== 'string') invalid();
        key = name as string;
        value = i + 1;
      } else if (b === COMMA) {
        if (depth === 1) {
          close(i, false);
          member = i + 1;
        } else if (depth === 2 && list && i - piece >= pieceBytes) piecesOf(i, false);
      }
    }
    await pause();
  }
  // unbalanced, cut short, a key that is not a string, or anything after the object: JSON.parse says what
  if (end < 0 || !blank(bytes, end, bytes.length)) invalid();
  return out;
}
