/**
 * A table file of the CLI's inputs: Parquet (by its `PAR1` magic) or CSV/TSV text (gzipped or
 * not). Both stream rows of strings to the same callbacks; see cli/csv.ts and cli/parquet.ts.
 */
import { readCsv, type CsvOptions } from './csv';
import { isParquet, readParquet } from './parquet';

export async function readTable(
  path: string,
  onHeader: (header: string[]) => Record<string, number> | void,
  onRow: (row: string[], line: number) => void,
  opts: CsvOptions = {},
): Promise<{ rows: number }> {
  if (isParquet(path)) return readParquet(path, onHeader, onRow);
  return readCsv(path, onHeader, onRow, opts);
}
