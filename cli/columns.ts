/** Maps logical fields to CSV columns, by flag or by well-known names (case-insensitive). */
export interface ColumnWant {
  field: string;
  flag: string;
  /** Names tried in order when the flag is not given; the first is the contract name. */
  names: readonly string[];
  required: boolean;
}

export function resolveColumns(header: readonly string[], wants: readonly ColumnWant[], given: Record<string, string | undefined>, file: string): Record<string, number> {
  const lower = header.map((h) => h.toLowerCase());
  const out: Record<string, number> = {};
  for (const w of wants) {
    const flagValue = given[w.flag];
    if (flagValue !== undefined) {
      const i = header.indexOf(flagValue) >= 0 ? header.indexOf(flagValue) : lower.indexOf(flagValue.toLowerCase());
      if (i < 0) throw new Error(`${file}: --${w.flag} "${flagValue}" is not a column; columns are: ${header.join(', ')}`);
      out[w.field] = i;
      continue;
    }
    const i = w.names.map((n) => lower.indexOf(n)).find((j) => j >= 0);
    if (i !== undefined) out[w.field] = i;
    else if (w.required) {
      throw new Error(`${file}: no "${w.field}" column (looked for ${w.names.join(', ')}); columns are: ${header.join(', ')}. Name it with --${w.flag} COLUMN`);
    } else out[w.field] = -1;
  }
  return out;
}
