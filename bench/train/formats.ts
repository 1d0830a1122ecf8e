/**
 * Warehouse formats against plain CSV (issue 13, item 3): the same generated log as CSV, gzipped
 * CSV and Parquet (snappy, 100k-row groups, as hyparquet-writer writes them), each read by the
 * CLI's loader in its own process (bench/train/load-once.ts), the formats alternated RUNS times;
 * prints file size, load seconds (median), events/s and peak RSS, and with --write puts the table
 * into BENCHMARKS.md (bench/markdown-block.ts, block `formats`). Usage: tsx bench/train/formats.ts [--events N] [--runs N] [--write]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { writeBlock } from '../markdown-block';
import { generateLog } from './gen-log';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const events = arg('events', 1_000_000);
const runs = arg('runs', 3);
const dir = `.cache/bench-train/log-${events}`;
const csv = `${dir}/train.csv`;
if (!existsSync(csv)) console.log(generateLog({ events, items: Math.max(1000, events / 50), seed: 7, out: dir }));
if (!existsSync(`${csv}.gz`)) await pipeline(createReadStream(csv), createGzip(), createWriteStream(`${csv}.gz`));
const parquet = `${dir}/train.parquet`;
if (!existsSync(parquet)) execFileSync('npx', ['tsx', 'bench/train/to-parquet.mts', csv, parquet, 'SNAPPY', '100000'], { stdio: 'inherit' });

const formats = [
  { name: 'CSV', file: csv },
  { name: 'CSV, gzip', file: `${csv}.gz` },
  { name: 'Parquet (snappy, 100k-row groups)', file: parquet },
];
// the CLI reads logs with a fixed mmap threshold (cli/memory.ts): so do these
const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072' };
const got = new Map<string, { seconds: number; peakMB: number; events: number }[]>();
for (let r = 0; r < runs; r++)
  for (const f of formats) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/train/load-once.ts', f.file], { env, encoding: 'utf8' });
    const res = JSON.parse(out.trim().split('\n').pop()!);
    got.set(f.name, [...(got.get(f.name) ?? []), res]);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = formats.map((f) => {
  const rs = got.get(f.name)!;
  const s = median(rs.map((x) => x.seconds));
  const mb = (statSync(f.file).size / 1048576).toFixed(1);
  return `| ${f.name} | ${mb} | ${s.toFixed(2)} | ${Math.round(rs[0].events / s / 1000)}k | ${Math.max(...rs.map((x) => x.peakMB))} | ${rs.map((x) => x.seconds.toFixed(2)).join(', ')} |`;
});
const table = ['| format | file MB | load s (median) | events/s | peak RSS MB | runs (s) |', '|---|---:|---:|---:|---:|---|', ...rows].join('\n');
console.log(table);
if (process.argv.includes('--write'))
  writeBlock('BENCHMARKS.md', 'formats', '### Issue 13: warehouse formats against CSV (`npx tsx bench/train/formats.ts`)', `${table}\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; \`npx tsx bench/train/formats.ts --events ${events} --runs ${runs} --write\`; ${got.get(formats[0].name)![0].events} events of the generated log (${dir}).`);
