/**
 * Errors the CLI reports to a person: one line, naming the file (and line) and what to do.
 * cli/index.ts prints them; the stack only with --debug or VITRINE_DEBUG=1.
 */
export interface Where {
  /** The file or folder the problem is in, as the user gave it. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
}

export class CliError extends Error {
  file?: string;
  line?: number;
  /** Process exit status: 1 for bad input, 2 for bad usage. */
  readonly exitCode: number;

  constructor(message: string, where: Where = {}, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.file = where.file;
    this.line = where.line;
    this.exitCode = exitCode;
  }
}

/** Bad command line (flags, values, commands): exit status 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, {}, 2);
    this.name = 'UsageError';
  }
}

/** Longest line printed for one error: a message never dumps an input file. */
export const MAX_ERROR_CHARS = 360;

/** A value quoted for a message, cut to `max` characters (rows and fields of hostile files can be huge). */
export function quote(value: string, max = 40): string {
  const v = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(v);
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** Text for a Node errno code ("permission denied"), or the code itself when unknown. */
export function errnoText(code: string | undefined): string {
  return (code && ERRNO_TEXT[code]) ?? (code ? code.toLowerCase() : 'unknown error');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > MAX_ERROR_CHARS ? `${flat.slice(0, MAX_ERROR_CHARS - 1)}…` : flat;
}

/**
 * What the CLI prints for an error: `vitrine: FILE:LINE: message`, one line. Errors of the
 * file system name their path; anything else is an internal error, shown with its stack
 * only when `debug`.
 */
export function describeError(err: unknown, debug: boolean): { text: string; exitCode: number } {
  const e = err instanceof Error ? err : new Error(String(err));
  const stack = debug && e.stack ? `\n${e.stack.split('\n').slice(1).join('\n')}` : '';
  if (e instanceof CliError) {
    const where = e.file !== undefined ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : '';
    return { text: `vitrine: ${oneLine(where + e.message)}${stack}`, exitCode: e.exitCode };
  }
  const sys = e as NodeJS.ErrnoException;
  if (typeof sys.code === 'string' && typeof sys.path === 'string') {
    return { text: `vitrine: ${oneLine(`${sys.path}: ${errnoText(sys.code)}`)}${stack}`, exitCode: 1 };
  }
  if (e instanceof RangeError && /array length|allocation failed|buffer size/i.test(e.message)) {
    return { text: `vitrine: out of memory for the model tables: lower --buckets or --dim${stack}`, exitCode: 1 };
  }
  const hint = debug ? '' : ' (an internal error: run again with --debug for the stack trace, and report it)';
  return { text: `vitrine: ${oneLine(e.message || e.name)}${hint}${stack}`, exitCode: 1 };
}
