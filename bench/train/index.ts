/**
 * `npm run bench:train`: generates the 10 M-event log (bench/train/gen-log.ts, once), runs the
 * built CLI (dist/cli.mjs; `--cli FILE` for another build, e.g. main's) on it for one epoch:
 * with `--no-item-to-item` stopped after LIMIT_S seconds of training (load, memory and
 * events/s), with the defaults to the end (the validation run, the mix fit, the final training,
 * the item-to-item tables and the catalog pack: ~15 min here), and prints peak RSS, load time,
 * events/s and wall time; with `--write` the table goes into BENCHMARKS.md (bench/markdown-block.ts,
 * block `train`).
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { writeBlock } from '../markdown-block';
import { DEFAULT_LOG, generateLog } from './gen-log';
import { runCli } from './run-cli';

const LIMIT_S = 60;
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const cli = arg('cli') ?? 'dist/cli.mjs';
const d = DEFAULT_LOG.out;
if (!existsSync(`${d}/train.csv`)) console.log(generateLog(DEFAULT_LOG));
const rows: string[] = [];
for (const extra of [['--no-item-to-item'], []]) {
  const limit = extra.length ? LIMIT_S : Infinity;
  const r = await runCli(cli, ['--events', `${d}/train.csv`, '--catalog', `${d}/catalog.csv`, '--out', '.cache/bench-train/model', '--force', '--epochs', '1', ...extra], limit);
  const row = `| ${cli} | ${extra.join(' ') || 'default'} | ${r.peakRssMB} | ${r.loadS ?? '–'} | ${r.eventsPerS ?? '–'} | ${r.stopped ? `stopped after ${LIMIT_S} s of training` : `rc ${r.rc}, to the end in ${Math.round(r.wallS)} s`} |`;
  console.log(row);
  rows.push(row);
}
const table = ['| CLI | flags | peak RSS MB | load s | events/s (progress) | run |', '|---|---|---:|---:|---:|---|', ...rows].join('\n');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
if (process.argv.includes('--write'))
  writeBlock('BENCHMARKS.md', 'train', '### Issue 13: `npm run bench:train`', `${table}\n\nMachine: ${machine}; \`npm run bench:train -- --write\`; 10 M-event generated log (${d}).`);
