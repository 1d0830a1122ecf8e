import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Rewrites one generated block of BENCHMARKS.md, between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->`, leaving the rest of the file as it is. A block not there yet is
 * added under `heading`, before the ranking-quality section (or at the end).
 */
export function writeBlock(file: string, name: string, heading: string, block: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  const section = `<!-- ${name}:start -->\n${block}\n<!-- ${name}:end -->`;
  const headed = `${heading}\n\n${section}\n`;
  if (marked.test(text)) writeFileSync(file, text.replace(marked, () => section));
  else if (text.includes('<!-- quality:start -->')) writeFileSync(file, text.replace('<!-- quality:start -->', () => `${headed}\n<!-- quality:start -->`));
  else writeFileSync(file, `${text.trimEnd()}\n\n${headed}`);
}
