import { createReadStream } from 'node:fs';

/**
 * Incremental CSV/TSV parser. Feed text chunks with `push`, call `end` at the end.
 * The delimiter (tab or comma) is detected from the header line: tab if it holds one.
 * Double-quoted fields may hold delimiters, newlines and doubled quotes ("").
 */
export class CsvParser {
  delimiter: string | undefined;
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  private quoteClosed = false;
  private pending = '';
  private out: string[][] = [];

  constructor(delimiter?: string) {
    this.delimiter = delimiter;
  }

  push(chunk: string): string[][] {
    let text = this.pending + chunk;
    this.pending = '';
    if (this.delimiter === undefined) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.pending = text;
        return [];
      }
      this.delimiter = text.slice(0, nl).includes('\t') ? '\t' : ',';
    }
    if (text.charCodeAt(0) === 0xfeff && this.record.length === 0 && this.field === '') text = text.slice(1);
    this.scan(text);
    return this.take();
  }

  end(): string[][] {
    if (this.delimiter === undefined) {
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
    if (this.field !== '' || this.record.length > 0 || this.quoteClosed) this.endRecord();
    return this.take();
  }

  private take(): string[][] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private endRecord(): void {
    this.record.push(this.field);
    this.field = '';
    this.quoteClosed = false;
    // skip blank lines
    if (!(this.record.length === 1 && this.record[0] === '')) this.out.push(this.record);
    this.record = [];
  }

  private scan(text: string): void {
    const d = this.delimiter as string;
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, q);
        if (q + 1 >= n) {
          // cannot tell "" from a closing quote yet
          this.pending = '"';
          return;
        }
        if (text[q + 1] === '"') {
          this.field += '"';
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
        this.record.push(this.field);
        this.field = '';
        this.quoteClosed = false;
        i++;
      } else if (c === '\n') {
        if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
        this.endRecord();
        i++;
      } else if (c === '"' && this.field === '' && !this.quoteClosed) {
        this.inQuotes = true;
        i++;
      } else {
        // plain run up to the next special character
        let j = i + 1;
        while (j < n) {
          const cj = text[j];
          if (cj === d || cj === '\n' || cj === '"') break;
          j++;
        }
        this.field += text.slice(i, j);
        if (j < n && text[j] === '"') {
          this.field += '"'; // a quote inside an unquoted field is literal
          j++;
        }
        i = j;
      }
    }
  }
}

/**
 * Streams a CSV/TSV file: calls `onHeader` with the header row, then `onRow` for each
 * data row with its 1-based line number in records (header = 1). Memory: one chunk at a time.
 */
export async function readCsv(path: string, onHeader: (header: string[]) => void, onRow: (row: string[], recordNo: number) => void): Promise<{ rows: number; delimiter: string }> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  let n = 0;
  const handle = (records: string[][]) => {
    for (const r of records) {
      if (!header) {
        header = r.map((h) => h.trim());
        onHeader(header);
      } else onRow(r, ++n + 1);
    }
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream) handle(parser.push(chunk as string));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`file not found: ${path}`);
    throw err;
  }
  handle(parser.end());
  if (!header) throw new Error(`${path}: empty file (expected a header row)`);
  return { rows: n, delimiter: parser.delimiter ?? ',' };
}

/** Quotes a value for CSV output when needed. */
export function csvField(value: string): string {
  return /[",\n\r\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
