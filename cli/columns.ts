import { CliError, quote } from './errors';

/** Maps logical fields to CSV columns, by flag or by well-known names (case-insensitive). */
export interface ColumnWant {
  field: string;
  /** The flag that names the column; none when the format is fixed. */
  flag?: string;
  /** Names tried in order when the flag is not given; the first is the contract name. */
  names: readonly string[];
  required: boolean;
}

/** The header's columns for a message: the first few, each cut short (a hostile header can be huge). */
function columnList(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => quote(h, 24).slice(1, -1));
  return shown.join(', ') + (header.length > 12 ? `, … (${header.length} columns)` : '');
}

/**
 * Column index per field (-1 for an absent optional one). `format` names the expected file
 * format in the message when a column is missing and no flag can name it (e.g. "a REES46 export").
 */
export function resolveColumns(header: readonly string[], wants: readonly ColumnWant[], given: Record<string, string | undefined>, file: string, format?: string): Record<string, number> {
  const lower = header.map((h) => h.toLowerCase());
  const out: Record<string, number> = {};
  for (const w of wants) {
    const flagValue = w.flag !== undefined ? given[w.flag] : undefined;
    if (flagValue !== undefined) {
      const i = header.indexOf(flagValue) >= 0 ? header.indexOf(flagValue) : lower.indexOf(flagValue.toLowerCase());
      if (i < 0) throw new CliError(`--${w.flag} ${quote(flagValue)} is not a column; columns are: ${columnList(header)}`, { file, line: 1 });
      out[w.field] = i;
      continue;
    }
    const i = w.names.map((n) => lower.indexOf(n)).find((j) => j >= 0);
    if (i !== undefined) out[w.field] = i;
    else if (w.required) {
      const fix = w.flag !== undefined ? `name it with --${w.flag} COLUMN` : `expected ${format ?? 'other columns'}`;
      throw new CliError(`no "${w.field}" column (looked for ${w.names.join(', ')}); columns are: ${columnList(header)}; ${fix}`, { file, line: 1 });
    } else out[w.field] = -1;
  }
  return out;
}
