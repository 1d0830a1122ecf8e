/**
 * The demo's evidence: `vitrine eval --json` of the built CLI on both shipped datasets, and the
 * held-out replay (replay.ts). Kept in demo/evidence/ with the SHA-256 of every input
 * (inputs.json): a build whose inputs match reuses the files; `--fresh` (or changed inputs) runs
 * them again; `--check` only says whether they match. The YooChoose model is trained by the built CLI into .cache/demo/ when missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { loadData } from '../../cli/load';
import { readModelFolder } from '../../cli/model-io';
import { packItemTokens } from '../../cli/train/tokens';
import { modelScorer } from '../../cli/eval/model-scorer';
import { replay } from './replay';

export interface Dataset {
  label: string;
  /** The model evaluated: a shipped folder, or one the build trains from `trainArgs`. */
  model: string;
  trainArgs?: string[];
  args: string[];
  inputs: string[];
}

const Y_COLS = ['--session-col', 'SessionId', '--item-col', 'ItemId', '--time-col', 'Time'];

export const DATASETS: Dataset[] = [
  {
    label: 'rees46',
    model: 'models/demo',
    args: ['--train', 'data/rees46/train.csv', '--test', 'data/rees46/test.csv', '--catalog', 'data/rees46/catalog.csv'],
    inputs: ['models/demo/manifest.json', 'data/rees46/train.csv', 'data/rees46/test.csv', 'data/rees46/catalog.csv'],
  },
  {
    label: 'yoochoose-100k',
    model: '.cache/demo/models/yoochoose-100k',
    trainArgs: ['--events', 'data/yoochoose-100k/train.tsv', ...Y_COLS, '--name', 'yoochoose-100k', '--dataset', 'yoochoose-100k'],
    args: ['--train', 'data/yoochoose-100k/train.tsv', '--test', 'data/yoochoose-100k/test.tsv', ...Y_COLS],
    inputs: ['data/yoochoose-100k/train.tsv', 'data/yoochoose-100k/test.tsv'],
  },
];

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const F32 = '.cache/demo/f32';

function keyOf(root: string, d: Dataset): Record<string, string> {
  const key: Record<string, string> = Object.fromEntries(d.inputs.map((f) => [f, sha(path.join(root, f))]));
  key.command = ['eval', '--model', d.model, ...d.args].join(' ');
  if (d.trainArgs) key.train = d.trainArgs.join(' ');
  return key;
}

/** Runs the built CLI (dist/cli.mjs) in the repository root; its stderr shows. */
export function cliRunner(root: string, log: (s: string) => void): (args: string[]) => void {
  const cli = path.join(root, 'dist/cli.mjs');
  return (args) => {
    if (!existsSync(cli)) throw new Error('dist/cli.mjs is missing: run `npm run build` first');
    log(`  node dist/cli.mjs ${args.join(' ')}`);
    execFileSync(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  };
}

/** The REES46 train / test / catalog split (git-ignored), made from the shipped log as `npm run data:rees46` does. */
export function ensureRees46Split(root: string, log: (s: string) => void = console.log): void {
  if (['train', 'test', 'catalog'].every((f) => existsSync(path.join(root, `data/rees46/${f}.csv`)))) return;
  cliRunner(root, log)(['data', 'rees46', '--in', 'data/rees46/events-2019-10-01.csv', '--out', 'data/rees46/']);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Writes (or reuses) `<dir>/<label>.eval.json` for each dataset and `<dir>/replay.json`; returns what was run. */
export async function makeEvidence(root: string, dir: string, mode: 'reuse' | 'fresh' | 'check', log: (s: string) => void = console.log): Promise<string[]> {
  const fresh = mode === 'fresh';
  const stale = (what: string) => {
    if (mode === 'check') throw new Error(`${path.relative(root, dir) || dir}/: ${what} is not from the current inputs (recorded in inputs.json): run npm run demo:build to make it again`);
  };
  mkdirSync(dir, { recursive: true });
  const inputsFile = path.join(dir, 'inputs.json');
  const recorded: Record<string, Record<string, string>> = existsSync(inputsFile) ? JSON.parse(readFileSync(inputsFile, 'utf8')) : {};
  const ran: string[] = [];
  const vitrine = cliRunner(root, log);
  ensureRees46Split(root, log);
  for (const d of DATASETS) {
    const out = path.join(dir, `${d.label}.eval.json`);
    const key = keyOf(root, d);
    if (!fresh && existsSync(out) && same(recorded[d.label], key)) continue;
    stale(`${d.label}.eval.json`);
    if (d.trainArgs && (fresh || !existsSync(path.join(root, d.model, 'manifest.json'))))
      vitrine(['train', ...d.trainArgs, '--out', d.model, '--cache', F32, '--quiet', '--force']);
    vitrine(['eval', '--model', d.model, ...d.args, '--cache', F32, '--json', path.relative(root, out)]);
    recorded[d.label] = key;
    ran.push(d.label);
  }
  const rees = DATASETS[0];
  const replayKey = { ...keyOf(root, rees), replay: sha(path.join(root, 'demo/make/replay.ts')) };
  const replayFile = path.join(dir, 'replay.json');
  if (fresh || !existsSync(replayFile) || !same(recorded.replay, replayKey)) {
    stale('replay.json');
    log('  replay of the held-out rees46 sessions (demo/make/replay.ts)');
    const at = (f: string) => path.join(root, f);
    const data = await loadData({ train: at('data/rees46/train.csv'), test: at('data/rees46/test.csv'), catalog: at('data/rees46/catalog.csv') });
    const { manifest, tables } = readModelFolder(at(rees.model));
    const score = modelScorer(manifest.features, packItemTokens(data.items, manifest.features), tables, data.candidates, data.items.ids);
    const result = { model: manifest.modelVersion, dataset: 'rees46 test split', all: replay(data, score), newProducts: replay(data, score, undefined, { newProducts: true }) };
    writeFileSync(replayFile, JSON.stringify(result, null, 2) + '\n');
    recorded.replay = replayKey;
    ran.push('replay');
  }
  writeFileSync(inputsFile, JSON.stringify(recorded, null, 2) + '\n');
  return ran;
}
