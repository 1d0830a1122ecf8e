/**
 * Files and folders named on the command line, checked before any work: inputs exist and are
 * files, outputs are writable (proved with a probe file), a non-empty model folder is only
 * written over with --force.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { CliError, errnoText, quote } from './errors';

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return undefined;
    throw new CliError(`cannot read: ${errnoText(code(err))}`, { file: p });
  }
}

/** An input file given to --flag exists and is a file (a folder or a missing path is refused). */
export function checkInputFile(file: string, flag: string): void {
  const st = statOrUndefined(file);
  if (!st) throw new CliError(`no such file (given to --${flag}): check the path`, { file });
  if (st.isDirectory()) throw new CliError(`a folder, not a file (given to --${flag}): give a CSV/TSV file`, { file });
}

/** The model folder given to --flag exists and is a folder. */
export function checkModelFolder(dir: string, flag: string): void {
  const st = statOrUndefined(dir);
  if (!st) throw new CliError(`no such folder (given to --${flag}): give the folder vitrine train --out wrote`, { file: dir });
  if (!st.isDirectory()) throw new CliError(`not a model folder but a file (given to --${flag}): give the folder vitrine train --out wrote`, { file: dir });
}

function cannotWrite(dir: string, err: unknown, flag: string): CliError {
  const c = code(err);
  const fix = c === 'EACCES' || c === 'EPERM' ? `choose another --${flag} or change its permissions` : `choose another --${flag}`;
  return new CliError(`cannot write to ${dir}: ${errnoText(c)} (${fix})`);
}

/**
 * Creates `dir` and its missing parents and proves it writable (a probe file is written and
 * removed). Returns the folders it created, outermost first, for `removeCreated`.
 */
export function ensureWritableDir(dir: string, flag: string): string[] {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!statOrUndefined(cur)) {
    missing.unshift(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  if (!statSync(cur).isDirectory()) {
    throw new CliError(`not a folder, so --${flag} ${quote(dir, 80)} cannot be made inside it: choose another --${flag}`, { file: path.relative(process.cwd(), cur) || cur });
  }
  const created: string[] = [];
  try {
    for (const m of missing) {
      mkdirSync(m);
      created.push(m);
    }
    const probe = path.join(dir, `.vitrine-write-probe-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    removeCreated(created);
    if (err instanceof CliError) throw err;
    throw cannotWrite(dir, err, flag);
  }
  return created;
}

/** Removes folders `ensureWritableDir` created, innermost first, where they are still empty. */
export function removeCreated(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // not empty or gone: leave it
    }
  }
}

/**
 * The --out model folder: refused when it is a file, or a non-empty folder without `force`;
 * then created and proved writable. Returns the folders created (see ensureWritableDir).
 */
export function prepareModelFolder(dir: string, force: boolean, flag = 'out'): string[] {
  const st = statOrUndefined(dir);
  if (st && !st.isDirectory()) throw new CliError(`not a folder but a file: --${flag} needs a folder for the model; choose another --${flag}`, { file: dir });
  if (st) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (err) {
      throw cannotWrite(dir, err, flag);
    }
    if (entries.length && !force) {
      const shown = entries.slice(0, 3).map((e) => quote(e, 30).slice(1, -1)).join(', ') + (entries.length > 3 ? ', …' : '');
      throw new CliError(`not empty (holds ${shown}): pass --force to write the model over it, or choose a new --${flag} folder`, { file: dir });
    }
  }
  return ensureWritableDir(dir, flag);
}

/** An output file given to --flag: not a folder, its folder writable (created if missing). Returns the folders created. */
export function prepareOutputFile(file: string, flag: string): string[] {
  const st = statOrUndefined(file);
  if (st?.isDirectory()) throw new CliError(`a folder, not a file (given to --${flag}): give a file name`, { file });
  const created = ensureWritableDir(path.dirname(file), flag);
  if (st) {
    try {
      closeSync(openSync(file, 'r+'));
    } catch (err) {
      removeCreated(created);
      throw cannotWrite(file, err, flag);
    }
  }
  return created;
}
