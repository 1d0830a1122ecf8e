/**
 * Reads a Parquet file (a warehouse export) row group by row group, only the columns asked for,
 * as rows of strings like a CSV row: numbers as their shortest round-trip text, nulls as '',
 * timestamps (INT64 millis/micros/nanos, INT96) and dates as unix seconds, so the CSV path's
 * readers (readTime, parsePrice, ids) apply unchanged. Memory: one row group's columns at a time.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CliError } from './errors';

/** Whether the file starts with the Parquet magic `PAR1`. */
export function isParquet(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === 'PAR1';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

const NANOS = 1_000_000_000n;
/** Timestamps and dates as unix seconds (what readTime reads from a CSV's unix-seconds column). */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => Number(v) / 1000,
  timestampFromMicroseconds: (v: bigint) => Number(v) / 1e6,
  timestampFromNanoseconds: (v: bigint) => Number(v / NANOS) + Number(v % NANOS) / 1e9,
  dateFromDays: (d: number) => d * 86400,
};

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : v instanceof Date ? String(v.getTime() / 1000) : String(v));

/**
 * Like readCsv: `onHeader` gets the top-level column names and returns the column indices it
 * needs (-1: absent); `onRow` gets each row (cells of the needed columns, '' elsewhere) and its
 * 1-based row number.
 */
export async function readParquet(
  path: string,
  onHeader: (header: string[]) => Record<string, number> | void,
  onRow: (row: string[], line: number) => void,
): Promise<{ rows: number }> {
  let metadata;
  const file = await asyncBufferFromFile(path);
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new CliError(`not a readable Parquet file (${(e as Error).message}): export it again`, { file: path });
  }
  const header = parquetSchema(metadata).children.map((c) => c.element.name);
  const wanted = onHeader(header);
  const cols = [...new Set(Object.values(wanted ?? {}).filter((i) => i >= 0))];
  const names = cols.map((i) => header[i]);
  const row = header.map(() => '');
  let start = 0;
  let n = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const data: unknown[][] = cols.map(() => []);
    try {
      await parquetRead({
        file, metadata, compressors, parsers: PARSERS, columns: names, rowStart: start, rowEnd: end,
        onChunk: (c) => {
          const k = names.indexOf(c.columnName);
          if (k >= 0 && c.rowStart >= start && c.rowEnd <= end) for (let r = 0; r < c.columnData.length; r++) data[k][c.rowStart - start + r] = c.columnData[r];
        },
      });
    } catch (e) {
      throw new CliError(`cannot read Parquet row group at row ${start + 1} (${(e as Error).message})`, { file: path });
    }
    for (let r = 0; r < end - start; r++) {
      for (let k = 0; k < cols.length; k++) row[cols[k]] = cell(data[k][r]);
      onRow(row, start + r + 1);
    }
    n += end - start;
    start = end;
  }
  return { rows: n };
}
