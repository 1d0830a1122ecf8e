import { writeFileSync } from 'node:fs';
import type { FeatureSpec } from '../../src/features/spec';
import type { EvalRow } from '../../src/model/format';
import type { TowerTables } from '../../src/model/reference';
import { parseFlags, str, type FlagSpec } from '../args';
import { COLUMN_FLAG_HELP } from '../help';
import { loadData, type LoadedData } from '../load';
import { readFloatCache, readModelFolder } from '../model-io';
import { packItemTokens } from '../train/tokens';
import { formatTable } from './metrics';
import { evaluate, type Method } from './protocol';
import { modelScorer } from './model-scorer';
import { popularityScorer, transitionScorer } from './scorers';

export const EVAL_FLAGS: FlagSpec = {
  values: {
    model: 'model folder (manifest.json, model.json, weights.bin)',
    train: 'events the baselines learn from (and that define the known items)',
    test: 'events to predict: every next event of every session',
    catalog: 'optional catalog CSV: item,title,category,brand,price',
    json: 'also write the rows as JSON to this file',
    cache: 'where train keeps float32 weights (default .cache/vitrine)',
    ...COLUMN_FLAG_HELP,
  },
  booleans: { help: 'show this help' },
  required: ['model', 'train', 'test'],
};

/** Baselines plus model rows for one split. */
export function evalRows(data: LoadedData, spec: FeatureSpec, models: { name: string; tables: TowerTables }[]): EvalRow[] {
  const tok = packItemTokens(data.items, spec);
  const methods: Method[] = [
    { name: 'popularity', score: popularityScorer(data.counts, data.candidates), idOnly: true },
    { name: 'transition', score: transitionScorer(data.train, data.counts, data.candidates), idOnly: true },
    { name: 'transition+repeats', score: transitionScorer(data.train, data.counts, data.candidates, true), idOnly: true },
    ...models.map((m) => ({ name: m.name, score: modelScorer(spec, tok, m.tables, data.candidates), idOnly: false })),
  ];
  return evaluate(data.test, data.candidates, data.inTrain, methods);
}

export async function evalCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, EVAL_FLAGS, 'eval');
  const dir = str(flags, 'model') as string;
  const { manifest, tables } = readModelFolder(dir);
  const data = await loadData({
    train: str(flags, 'train') as string,
    test: str(flags, 'test'),
    catalog: str(flags, 'catalog'),
    columns: flags as Record<string, string>,
    catalogColumns: flags as Record<string, string>,
  });
  for (const w of data.warnings) console.error(`warning: ${w}`);
  const models: { name: string; tables: TowerTables }[] = [];
  const f32 = readFloatCache(str(flags, 'cache') ?? '.cache/vitrine', manifest.modelVersion, manifest.dim);
  if (f32) models.push({ name: 'model (float32)', tables: f32 });
  models.push({ name: 'model (shipped)', tables });
  const rows = evalRows(data, manifest.features, models);
  console.log(`${manifest.modelVersion}: ${data.test.length} test sessions, ${data.candidates.length} candidate items${f32 ? '' : ' (no float32 copy in the cache: shipped model only)'}`);
  console.log(formatTable(rows));
  console.log('Targets never seen in train count as misses for popularity and transition.');
  const json = str(flags, 'json');
  if (json) writeFileSync(json, JSON.stringify({ rows }, null, 2) + '\n');
}
