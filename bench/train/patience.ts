/**
 * Early stopping against the full epochs (issue 13, item 4): `vitrine train --threads 1` (so each
 * run is reproducible) on both shared datasets with --patience 0 (every one of the 16 epochs,
 * the default) and 1, 2, 3; prints the epochs chosen, the shipped model's HR@20 / MRR@20 on the
 * test split and the difference to patience 0, and the train wall time; with --write the
 * table goes into BENCHMARKS.md (bench/markdown-block.ts, block `patience`). Needs `npm run build:cli`.
 * Usage: tsx bench/train/patience.ts [--write]
 */
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { writeBlock } from '../markdown-block';
import { evalRow, runCli } from './run-cli';

const Y = ['--session-col', 'SessionId', '--item-col', 'ItemId', '--time-col', 'Time'];
const datasets = [
  { name: 'rees46', args: ['--events', 'data/rees46/train.csv', '--catalog', 'data/rees46/catalog.csv', '--test', 'data/rees46/test.csv'] },
  { name: 'yoochoose-100k', args: ['--events', 'data/yoochoose-100k/train.tsv', '--test', 'data/yoochoose-100k/test.tsv', ...Y] },
];
if (!existsSync('data/rees46/train.csv')) throw new Error('data/rees46/train.csv missing: npm run data:rees46');
const rows: string[] = [];
for (const d of datasets) {
  let base: { hr: number; mrr: number } | undefined;
  for (const patience of [0, 1, 2, 3]) {
    const out = `.cache/bench-train/patience/${d.name}-${patience}`;
    const r = await runCli('dist/cli.mjs', [...d.args, '--threads', '1', '--patience', String(patience), '--out', out, '--force', '--quiet'], Infinity);
    const shipped = evalRow(r.stdout, 'model (shipped)');
    if (r.rc !== 0 || !shipped) throw new Error(`${d.name} patience ${patience}: rc ${r.rc}\n${r.stderr.slice(-2000)}`);
    base ??= shipped;
    const chosen = /early stopping: (\d+) of at most (\d+) epochs \(validation HR@20 ([\d.]+)/.exec(r.stderr);
    const delta = (x: number, y: number) => `${x - y >= 0 ? '+' : ''}${(x - y).toFixed(4)}`;
    const row = `| ${d.name} | ${patience} | ${chosen ? `${chosen[1]} of ${chosen[2]} (val HR@20 ${chosen[3]})` : '16 (all)'} | ${shipped.hr.toFixed(4)} / ${shipped.mrr.toFixed(4)} | ${patience ? `${delta(shipped.hr, base.hr)} / ${delta(shipped.mrr, base.mrr)}` : '–'} | ${Math.round(r.wallS)} s |`;
    console.log(row);
    rows.push(row);
  }
}
const table = ['| data | --patience | epochs | shipped HR@20 / MRR@20 | vs patience 0 | train + eval wall |', '|---|---:|---|---|---|---:|', ...rows].join('\n');
if (process.argv.includes('--write'))
  writeBlock('BENCHMARKS.md', 'patience', '### Issue 13: early stopping against the full epochs (`npx tsx bench/train/patience.ts`)', `${table}\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; \`npm run build:cli && npx tsx bench/train/patience.ts --write\` (--threads 1, every other flag the default).`);
