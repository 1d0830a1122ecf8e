/** A tiny flag parser: `--name value` and boolean `--flag`, with errors that list the valid flags. */
export interface FlagSpec {
  /** Flags that take a value, with a one-line description. */
  values: Record<string, string>;
  /** Flags without a value. */
  booleans?: Record<string, string>;
  /** Flags that must be given. */
  required?: string[];
}

export type Flags = Record<string, string | true>;

export class UsageError extends Error {}

export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): Flags {
  const flags: Flags = {};
  const booleans = spec.booleans ?? {};
  const valid = () => [...Object.keys(spec.values), ...Object.keys(booleans)].map((f) => `--${f}`).join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument "${arg}"; valid flags: ${valid()}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    if (name in booleans) {
      flags[name] = true;
    } else if (name in spec.values) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${command}: --${name} needs a value`);
      flags[name] = value;
    } else {
      throw new UsageError(`${command}: unknown flag --${name}; valid flags: ${valid()}`);
    }
  }
  for (const r of spec.required ?? []) if (!(r in flags)) throw new UsageError(`${command}: --${r} is required (${spec.values[r]})`);
  return flags;
}

export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function num(flags: Flags, name: string, fallback: number, opts: { int?: boolean; min?: number; max?: number } = {}): number {
  const raw = str(flags, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  const bad = !Number.isFinite(v) || (opts.int && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max);
  if (bad) {
    const range = [opts.min !== undefined ? `>= ${opts.min}` : '', opts.max !== undefined ? `<= ${opts.max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--${name}: expected ${opts.int ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}, got "${raw}"`);
  }
  return v;
}

export function choice<T extends string>(flags: Flags, name: string, options: readonly T[], fallback: T): T {
  const raw = str(flags, name);
  if (raw === undefined) return fallback;
  if (!(options as readonly string[]).includes(raw)) throw new UsageError(`--${name}: expected one of ${options.join(', ')}, got "${raw}"`);
  return raw as T;
}
