/**
 * What --events names: one file, a folder of part files (a warehouse export: part-00000.csv.gz,
 * ...), or a glob of them (`exports/events-*.tsv`, wildcards * and ? in the last path part).
 * Parts are read in name order (code-point order of the file names), each with its own header;
 * in a folder, the files whose names end in .csv, .tsv or .txt (gzipped or not: .gz) or .parquet are the
 * parts, hidden files and other names (_SUCCESS, .crc) are left out.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './errors';

/** Names that are part files in a folder. */
export const PART_NAME = /^[^._].*(\.(csv|tsv|txt)(\.gz)?|\.parquet)$/i;

const hasWildcard = (s: string) => /[*?]/.test(s);

function globRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isFile = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The files to read for `arg`, in order; a CliError when there are none (flag: for the message). */
export function eventFiles(arg: string, flag = 'events'): string[] {
  if (hasWildcard(path.basename(arg))) {
    const dir = path.dirname(arg);
    if (hasWildcard(dir)) throw new CliError(`--${flag}: wildcards only in the file name (the last part of the path)`, { file: arg });
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      throw new CliError(`no such folder for the pattern given to --${flag}`, { file: dir });
    }
    const re = globRegex(path.basename(arg));
    const files = names.filter((n) => re.test(n)).sort(byName).map((n) => path.join(dir, n)).filter(isFile);
    if (!files.length) throw new CliError(`no file matches the pattern given to --${flag}`, { file: arg });
    return files;
  }
  let st;
  try {
    st = statSync(arg);
  } catch {
    throw new CliError(`no such file (given to --${flag}): check the path`, { file: arg });
  }
  if (!st.isDirectory()) return [arg];
  const files = readdirSync(arg).filter((n) => PART_NAME.test(n)).sort(byName).map((n) => path.join(arg, n)).filter(isFile);
  if (!files.length) throw new CliError(`a folder with no part files (given to --${flag}): expected files ending in .csv, .tsv or .txt, gzipped or not (.gz), or .parquet`, { file: arg });
  return files;
}
