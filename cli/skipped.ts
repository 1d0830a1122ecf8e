import { CliError } from './errors';

/** The first row of a file that could not be read: its line and why. */
export interface BadRow {
  line: number;
  reason: string;
}

/**
 * Rows that cannot be read are skipped and counted in one warning (by the caller); a file with
 * no data row, with no readable row, or with more unreadable rows than readable ones is
 * refused: it is the wrong file, the wrong column or the wrong format.
 */
export function checkSkipped(path: string, rows: number, skipped: number, firstBad: BadRow | undefined, say: { none: string; hint: string }): void {
  if (rows === 0) throw new CliError(`${say.none}: only a header row; add data rows below it`, { file: path });
  if (!firstBad) return;
  const where = { file: path, line: firstBad.line };
  if (skipped === rows) throw new CliError(`${say.none}: all ${rows} rows were skipped; the first, on this line: ${firstBad.reason}`, where);
  if (skipped * 2 > rows) throw new CliError(`${skipped} of ${rows} rows were skipped (the first, on this line: ${firstBad.reason}): ${say.hint}`, where);
}

/** The warning for skipped rows, naming the first. */
export function skippedWarning(path: string, rows: number, skipped: number, firstBad: BadRow): string {
  return `${path}:${firstBad.line}: skipped ${skipped} of ${rows} rows (the first, on this line: ${firstBad.reason})`;
}
