import { CliError } from './errors';
import { readText } from './text-input';

/** Longest row (and so longest field) read: a stray quote or a binary file never buffers a whole file. */
export const MAX_ROW_CHARS = 1 << 20;
/** Characters parsed at a time (readCsv). */
const PARSE_PIECE = 1 << 16;
const MAX_ROW_TEXT = `${MAX_ROW_CHARS / (1 << 20)} MiB`;

const crOnly = () => new CliError('line breaks are CR only (an old Mac export): save the file with LF or CRLF line breaks', { line: 1 });

/**
 * Incremental CSV/TSV parser. Feed text chunks with `push`, call `end` at the end.
 * The delimiter (tab or comma) is detected from the header line: tab if it holds one.
 * Double-quoted fields may hold delimiters, newlines and doubled quotes ("").
 * After each `push`/`end`, `lines[k]` is the 1-based line on which returned record k starts.
 * Throws a CliError with the line for an unterminated quote or a row over MAX_ROW_CHARS.
 */
export class CsvParser {
  delimiter: string | undefined;
  /** Start lines of the records returned by the last push/end. */
  lines: number[] = [];
  private field = '';
  private record: string[] = [];
  private recordChars = 0;
  private inQuotes = false;
  private quoteClosed = false;
  private pending = '';
  private out: string[][] = [];
  private outLines: number[] = [];
  /** Line of the scan position, of the current record's start, and of the open quote. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(delimiter?: string) {
    this.delimiter = delimiter;
  }

  push(chunk: string): string[][] {
    let text = this.pending + chunk;
    this.pending = '';
    if (this.delimiter === undefined) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        if (/\r[^\r]/.test(text)) throw crOnly();
        if (text.length > MAX_ROW_CHARS) throw this.tooLong();
        this.pending = text;
        return [];
      }
      this.delimiter = text.slice(0, nl).includes('\t') ? '\t' : ',';
    }
    if (text.charCodeAt(0) === 0xfeff && this.record.length === 0 && this.field === '' && this.line === 1) text = text.slice(1);
    this.scan(text);
    return this.take();
  }

  end(): string[][] {
    if (this.delimiter === undefined) {
      if (/\r[^\r]/.test(this.pending)) throw crOnly();
      this.delimiter = this.pending.includes('\t') ? '\t' : ',';
      const rest = this.pending;
      this.pending = '';
      this.scan(rest);
    }
    if (this.pending === '"' && this.inQuotes) {
      this.pending = '';
      this.inQuotes = false;
      this.quoteClosed = true;
    }
    if (this.inQuotes) throw new CliError('a quoted field opened on this line never closes (a stray "?): close the quote or remove it', { line: this.quoteLine });
    if (this.field !== '' || this.record.length > 0 || this.quoteClosed) this.endRecord();
    return this.take();
  }

  private take(): string[][] {
    const out = this.out;
    this.lines = this.outLines;
    this.out = [];
    this.outLines = [];
    return out;
  }

  private tooLong(): CliError {
    if (this.inQuotes) return new CliError(`a quoted field opened on this line runs past ${MAX_ROW_TEXT} with no closing quote (a stray "?): close the quote or remove it`, { line: this.quoteLine });
    return new CliError(`a row longer than ${MAX_ROW_TEXT} starts on this line: expected one CSV/TSV row per line`, { line: this.recordLine });
  }

  private grow(piece: string): void {
    this.field += piece;
    if (this.recordChars + this.field.length > MAX_ROW_CHARS) throw this.tooLong();
  }

  private endField(): void {
    this.record.push(this.field);
    this.recordChars += this.field.length;
    this.field = '';
    this.quoteClosed = false;
  }

  private endRecord(): void {
    this.endField();
    // skip blank lines
    if (!(this.record.length === 1 && this.record[0] === '')) {
      this.out.push(this.record);
      this.outLines.push(this.recordLine);
    }
    this.record = [];
    this.recordChars = 0;
  }

  private scan(text: string): void {
    const d = this.delimiter as string;
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        for (let nl = text.indexOf('\n', i); nl >= 0 && nl < stop; nl = text.indexOf('\n', nl + 1)) this.line++;
        this.grow(text.slice(i, stop));
        if (q < 0) return;
        if (q + 1 >= n) {
          // cannot tell "" from a closing quote yet
          this.pending = '"';
          return;
        }
        if (text[q + 1] === '"') {
          this.grow('"');
          i = q + 2;
        } else {
          this.inQuotes = false;
          this.quoteClosed = true;
          i = q + 1;
        }
        continue;
      }
      const c = text[i];
      if (c === d) {
        this.endField();
        i++;
      } else if (c === '\n') {
        if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        i++;
      } else if (c === '"' && this.field === '' && !this.quoteClosed) {
        this.inQuotes = true;
        this.quoteLine = this.line;
        i++;
      } else {
        // plain run up to the next special character
        let j = i + 1;
        while (j < n) {
          const cj = text[j];
          if (cj === d || cj === '\n' || cj === '"') break;
          j++;
        }
        let piece = text.slice(i, j);
        if (j < n && text[j] === '"') {
          piece += '"'; // a quote inside an unquoted field is literal
          j++;
        }
        this.grow(piece);
        i = j;
      }
    }
  }
}

export interface CsvOptions {
  /** What the header row should hold, for the "empty file" message (e.g. "session,item,time[,type]"). */
  expect?: string;
}

/**
 * Streams a CSV/TSV file: calls `onHeader` with the header row, then `onRow` for each data
 * row with the 1-based line it starts on. Memory: one chunk and one row at a time. Every
 * problem is a CliError naming the file (and line).
 */
export async function readCsv(
  path: string,
  onHeader: (header: string[]) => void,
  onRow: (row: string[], line: number) => void,
  opts: CsvOptions = {},
): Promise<{ rows: number; delimiter: string }> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  let n = 0;
  const handle = (records: string[][]) => {
    const lines = parser.lines;
    records.forEach((r, k) => {
      if (!header) {
        header = r.map((h) => h.trim());
        onHeader(header);
      } else {
        n++;
        onRow(r, lines[k]);
      }
    });
  };
  try {
    // parsed a piece at a time: one piece's rows die young (a whole chunk's would outlive a
    // scavenge and pile up in the old generation: +200 MB at 10 M rows)
    for await (const chunk of readText(path)) for (let i = 0; i < chunk.length; i += PARSE_PIECE) handle(parser.push(chunk.slice(i, i + PARSE_PIECE)));
    handle(parser.end());
  } catch (err) {
    if (err instanceof CliError && err.file === undefined) err.file = path;
    throw err;
  }
  if (!header) throw new CliError(`empty: no header row and no data${opts.expect ? `; expected a header row (${opts.expect}) and data rows` : ''}`, { file: path });
  return { rows: n, delimiter: parser.delimiter ?? ',' };
}

/** Quotes a value for CSV output when needed. */
export function csvField(value: string): string {
  return /[",\n\r\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
