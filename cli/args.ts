/** A tiny flag parser: `--name value`, `--name=value` and boolean `--flag`; every refusal says what is valid. */
import { quote, UsageError } from './errors';

export { UsageError } from './errors';

export interface FlagSpec {
  /** Flags that take a value, with a one-line description. */
  values: Record<string, string>;
  /** Flags without a value. */
  booleans?: Record<string, string>;
  /** Flags that must be given. */
  required?: string[];
}

export type Flags = Record<string, string | true>;

/** Flags every command accepts (cli/index.ts acts on them). */
export const GLOBAL_BOOLEANS: Readonly<Record<string, string>> = { debug: 'print the stack trace of an error (also VITRINE_DEBUG=1)' };

/** Edit distance with transpositions (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The closest of `options` to `word` when it is close enough to be a typo. */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): Flags {
  const flags: Flags = {};
  const booleans = { ...spec.booleans, ...GLOBAL_BOOLEANS };
  const help = `run "vitrine ${command} --help" for its flags`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`${command}: unexpected argument ${quote(arg)}: values follow their flag (--events FILE); ${help}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    if (name in flags) throw new UsageError(`${command}: --${name} given twice: give it once`);
    if (name in booleans) {
      if (eq > 0) throw new UsageError(`${command}: --${name} takes no value (got ${quote(arg.slice(eq + 1))}): write just --${name}`);
      flags[name] = true;
    } else if (name in spec.values) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) {
        throw new UsageError(`${command}: --${name} needs a value${value ? `, not the flag ${value}` : ''} (${spec.values[name]})`);
      }
      flags[name] = value;
    } else {
      const guess = closest(name, [...Object.keys(spec.values), ...Object.keys(booleans)]);
      throw new UsageError(`${command}: unknown flag --${name}${guess ? ` (did you mean --${guess}?)` : ''}; ${help}`);
    }
  }
  for (const r of spec.required ?? []) if (!(r in flags)) throw new UsageError(`${command}: --${r} is required: ${spec.values[r]}`);
  for (const [name, value] of Object.entries(flags)) if (value === '') throw new UsageError(`${command}: --${name} is empty: give it a value (${spec.values[name]})`);
  return flags;
}

export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export interface NumRange {
  int?: boolean;
  min: number;
  max: number;
}

/** Plain decimal numbers only: no hex, no "Infinity", no blank (Number() would take all three). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A numeric flag within its valid range, or a UsageError that names the range. */
export function num(flags: Flags, name: string, fallback: number, range: NumRange): number {
  const raw = str(flags, name);
  if (raw === undefined) return fallback;
  const v = DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
  const ok = Number.isFinite(v) && (!range.int || Number.isInteger(v)) && v >= range.min && v <= range.max;
  if (!ok) throw new UsageError(`--${name}: expected ${range.int ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, got ${quote(raw)}`);
  return v;
}

export function choice<T extends string>(flags: Flags, name: string, options: readonly T[], fallback: T): T {
  const raw = str(flags, name);
  if (raw === undefined) return fallback;
  if (!(options as readonly string[]).includes(raw)) throw new UsageError(`--${name}: expected one of ${options.join(', ')}, got ${quote(raw)}`);
  return raw as T;
}
