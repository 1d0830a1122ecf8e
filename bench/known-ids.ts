// Issue 9 item 4: unseen ids and tokens on REES46. Evaluates model folders (trained with
// `vitrine train` into .cache/known/<name>, see BENCHMARKS.md) and models/base with the known-id
// filter and the zero-shot overlap term on and off; prints HR@20 / MRR@20 overall and on the
// cold-start slice, as markdown rows.
// Usage: npx tsx bench/known-ids.ts [folder ...]
import { evalTables } from '../cli/eval/command';
import { loadData } from '../cli/load';
import { readModelFolder } from '../cli/model-io';
import type { TowerTables } from '../src/model/arch/types';

const folders = process.argv.slice(2);
const files = { train: 'data/rees46/train.csv', test: 'data/rees46/test.csv', catalog: 'data/rees46/catalog.csv' };
const fmt = (v: number | undefined) => (v ?? NaN).toFixed(4);

async function main(): Promise<void> {
  const data = await loadData(files);
  const idsOnly = await loadData({ train: files.train, test: files.test });
  console.log('| model | variant | HR@20 | MRR@20 | cold-start HR@20 | cold-start MRR@20 |');
  console.log('|---|---|---:|---:|---:|---:|');
  const baselines = evalTables(data, readModelFolder('models/base').manifest.features, []);
  const pop = baselines.rows.find((r) => r.name === 'popularity')!;
  const popCold = baselines.slices['cold-start'].find((r) => r.name === 'popularity')!;
  console.log(`| popularity | | ${fmt(pop['HR@20'])} | ${fmt(pop['MRR@20'])} | ${fmt(popCold['HR@20'])} | ${fmt(popCold['MRR@20'])} |`);
  for (const dir of [...folders, 'models/base']) {
    const { manifest, tables } = readModelFolder(dir);
    const variants: { name: string; tables: TowerTables }[] = [{ name: 'as shipped (filter if any, overlap on)', tables }];
    variants.push({ name: 'overlap off', tables: { ...tables, overlap: false } });
    if (tables.known) variants.push({ name: 'filter off, overlap off', tables: { ...tables, known: undefined, overlap: false } });
    const t0 = Date.now();
    const ev = evalTables(data, manifest.features, variants, { baselines: false });
    for (const v of variants) {
      const r = ev.rows.find((x) => x.name === v.name)!;
      const c = ev.slices['cold-start'].find((x) => x.name === v.name)!;
      console.log(`| ${dir} | ${v.name} | ${fmt(r['HR@20'])} | ${fmt(r['MRR@20'])} | ${fmt(c['HR@20'])} | ${fmt(c['MRR@20'])} |`);
    }
    console.error(`${dir}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // models/base on the same log with no content (ids only): every item is tokenless to a content-only model
  const { manifest, tables } = readModelFolder('models/base');
  const ev = evalTables(idsOnly, manifest.features, [{ name: 'models/base', tables }]);
  for (const name of ['popularity', 'models/base']) {
    const r = ev.rows.find((x) => x.name === name)!;
    console.log(`| ids only: ${name} | | ${fmt(r['HR@20'])} | ${fmt(r['MRR@20'])} | | |`);
  }
}

void main();
