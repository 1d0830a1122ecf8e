import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureSpec } from '../../src/features/spec';
import type { EvalRow } from '../../src/model/format';
import type { TowerTables } from '../../src/model/arch/types';
import { IDENTITY_MIX, type Mix } from '../../src/model/arch/itemtoitem';
import { parseFlags, str, type FlagSpec } from '../args';
import { CliError } from '../errors';
import { checkInputFile, checkModelFolder, prepareOutputFile } from '../paths';
import { COLUMN_FLAG_HELP } from '../help';
import { loadData, type LoadedData } from '../load';
import { readFloatCache, readModelFolder } from '../model-io';
import { packItemTokens } from '../train/tokens';
import { formatTable } from './metrics';
import { coldStartSlice, evaluateSlices, type Evaluation, type Method } from './protocol';
import { modelScorer } from './model-scorer';
import { popularityScorer, transitionScorer } from './scorers';
import { SKNN_DEFAULTS, sknnScorer } from './sknn';
import { anchoredBaselines, anchoredModel, evaluateAnchored } from './item-protocol';

export const EVAL_FLAGS: FlagSpec = {
  values: {
    model: 'model folder (manifest.json, model.json, weights.bin)',
    train: 'events the baselines learn from (and that define the known items)',
    test: 'events to predict: every next event of every session',
    catalog: 'optional catalog CSV: item,title,category,brand,price',
    json: 'also write the tables as JSON to this file: { rows, slices: { "cold-start": rows }, curves: [{ name, k, hr, mrr, n }] (HR@k, MRR@k for k = 1..20) }',
    cache: 'where train keeps float32 weights (default .cache/vitrine)',
    ...COLUMN_FLAG_HELP,
  },
  booleans: { help: 'show this help' },
  required: ['model', 'train', 'test'],
};

/**
 * The shipped model's parts alone, when it has item-to-item tables: the two-tower model as
 * trained (no tables), its successors table alone, its co-visitation table alone.
 */
export function partModels(tables: TowerTables): { name: string; tables: TowerTables }[] {
  if (!tables.items) return [];
  const unit = (part: keyof Mix): Mix => ({ twoTower: 0, repeat: 0, successors: 0, covisit: 0, [part]: 1 });
  return [
    { name: 'part: two-tower (as trained)', tables: { ...tables, mix: IDENTITY_MIX, items: undefined } },
    { name: 'part: successors', tables: { ...tables, mix: unit('successors') } },
    { name: 'part: covisit', tables: { ...tables, mix: unit('covisit') } },
  ];
}

/** Baselines plus model rows for one split. */
export function evalRows(data: LoadedData, spec: FeatureSpec, models: { name: string; tables: TowerTables }[]): EvalRow[] {
  return evalTables(data, spec, models).rows;
}

/**
 * Baselines plus model rows for one split: the full table and the cold-start slice (targets
 * never in the train events). `baselines: false` evaluates the models only.
 */
export function evalTables(data: LoadedData, spec: FeatureSpec, models: { name: string; tables: TowerTables }[], opts: { baselines?: boolean } = {}): Evaluation {
  // token rows per known-id filter: models without one share the plain rows
  const toks = new Map<TowerTables['known'], ReturnType<typeof packItemTokens>>();
  const tok = (t: TowerTables) => toks.get(t.known) ?? toks.set(t.known, packItemTokens(data.items, spec, t.known)).get(t.known)!;
  const all: Method[] = [
    { name: 'popularity', score: popularityScorer(data.counts, data.candidates), idOnly: true },
    { name: 'transition', score: transitionScorer(data.train, data.counts, data.candidates), idOnly: true },
    { name: 'transition+repeats', score: transitionScorer(data.train, data.counts, data.candidates, true), idOnly: true },
    { name: 'session-knn', score: sknnScorer(data.train, data.counts, data.candidates), idOnly: true },
    ...models.map((m) => ({ name: m.name, score: modelScorer(spec, tok(m.tables), m.tables, data.candidates, data.items.ids), idOnly: false })),
  ];
  const methods = opts.baselines === false ? all.slice(all.length - models.length) : all;
  return evaluateSlices(data.test, data.candidates, data.inTrain, methods, [coldStartSlice(data.inTrain)]);
}

/** What the printed tables mean; printed under them by eval (and train). */
export function evalNotes(data: LoadedData, ev: Evaluation): string[] {
  const cold = ev.slices['cold-start']?.[0]?.n ?? 0;
  const total = ev.rows[0]?.n ?? 0;
  const known = countColdCandidates(data);
  return [
    `Protocol: every event p >= 1 of every test session is predicted from the events before it in that session; full ranking over all ${data.candidates.length} items seen in train${data.catalogItems ? ' or in the catalog' : ''}.`,
    `Targets never seen in the train events (${cold} of ${total}: the cold-start table) count as misses for the id methods (popularity, transition, transition+repeats, session-knn); the model ranks them from content when the catalog knows the item${cold ? ` (${known} of the ${cold} are catalog items)` : ''}; a target neither in train nor in the catalog is a miss for every method.`,
    `session-knn: V-SKNN, k=${SKNN_DEFAULTS.k} neighbours among the ${SKNN_DEFAULTS.sample} most recent train sessions sharing an item, linear recency weights (1, 0.9, ... floor ${SKNN_DEFAULTS.floor}); transition leaves out A->A repeats, transition+repeats keeps them.`,
  ];
}

function countColdCandidates(data: LoadedData): number {
  const cand = new Uint8Array(data.items.size);
  for (const i of data.candidates) cand[i] = 1;
  let n = 0;
  for (const s of data.test) for (let p = 1; p < s.items.length; p++) if (!data.inTrain[s.items[p]] && cand[s.items[p]]) n++;
  return n;
}

export function formatEvaluation(data: LoadedData, ev: Evaluation): string {
  const lines = [formatTable(ev.rows)];
  for (const [name, rows] of Object.entries(ev.slices))
    lines.push('', rows[0]?.n ? `${name} slice (targets never in the train events):\n${formatTable(rows)}` : `${name} slice: no test target is outside the train events.`);
  lines.push('', ...evalNotes(data, ev));
  return lines.join('\n');
}

/** Reads and verifies the model folder (cli/model-io.ts), its problems as one-line CliErrors naming the file. */
function readModel(dir: string): ReturnType<typeof readModelFolder> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new CliError('no manifest.json: not a model folder; give the folder vitrine train --out wrote', { file: dir });
  try {
    JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    throw new CliError('not valid JSON: the model folder is damaged; train or copy it again', { file: manifestFile });
  }
  try {
    return readModelFolder(dir);
  } catch (err) {
    if (err instanceof SyntaxError) throw new CliError('not valid JSON: the model folder is damaged; train or copy it again', { file: path.join(dir, 'model.json') });
    // model-io's own messages already name the file
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === undefined) throw new CliError(err.message);
    throw err;
  }
}

export async function evalCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, EVAL_FLAGS, 'eval');
  const dir = str(flags, 'model') as string;
  checkModelFolder(dir, 'model');
  const files = { train: str(flags, 'train') as string, test: str(flags, 'test') as string, catalog: str(flags, 'catalog') };
  for (const [flag, file] of Object.entries(files)) if (file !== undefined) checkInputFile(file, flag);
  const json = str(flags, 'json');
  if (json) prepareOutputFile(json, 'json');
  const { manifest, tables } = readModel(dir);
  const data = await loadData({ ...files, columns: flags as Record<string, string>, catalogColumns: flags as Record<string, string> });
  if (!data.test.some((s) => s.items.length >= 2)) {
    throw new CliError('no test session has 2 or more events: nothing to predict (eval predicts each next event of a session from the ones before it); check --session-col', { file: files.test });
  }
  for (const w of data.warnings) console.error(`warning: ${w}`);
  const models: { name: string; tables: TowerTables }[] = [];
  const f32 = readFloatCache(str(flags, 'cache') ?? '.cache/vitrine', manifest.modelVersion, manifest.dim);
  if (f32) models.push({ name: 'model (float32)', tables: { ...f32, mix: tables.mix, items: tables.items, known: tables.known } });
  models.push({ name: 'model (shipped)', tables });
  models.push(...partModels(tables));
  const ev = evalTables(data, manifest.features, models);
  console.log(`${manifest.modelVersion}: ${data.test.length} test sessions, ${data.candidates.length} candidate items${f32 ? '' : ' (no float32 copy in the cache: shipped model only)'}`);
  console.log(`for-you (recommend kind 'for-you', and the grids' order): the next event from the session so far\n${formatEvaluation(data, ev)}`);
  const anchored = anchoredRows(data, manifest.features, tables);
  console.log(`\nsimilar / bought-together (recommend kinds with an item): given an item of a test session, its next other item\n${formatTable(anchored)}`);
  if (json) writeFileSync(json, JSON.stringify({ rows: ev.rows, slices: ev.slices, curves: ev.curves, kinds: { 'for-you': ev.rows, anchored } }, null, 2) + '\n');
}

/** The item-anchored table (cli/eval/item-protocol.ts): popularity and co-occurrence baselines, the shipped model's similar and bought-together. */
export function anchoredRows(data: LoadedData, spec: FeatureSpec, tables: TowerTables): EvalRow[] {
  const model = modelScorer(spec, packItemTokens(data.items, spec, tables.known), tables, data.candidates, data.items.ids);
  return evaluateAnchored(data.test, data.candidates, data.inTrain, [...anchoredBaselines(data.train, data.counts, data.candidates), ...anchoredModel('model (shipped)', model, data.train, data.candidates)]);
}
