/**
 * `npm run bench:quality`: ranking quality of the model against the baselines of `vitrine eval`
 * on both shared datasets (YooChoose-100k, REES46), with the built CLI, in a cache folder
 * (never models/). Also: the committed models/base on REES46 with its cold-start slice, and
 * the weight encodings (float32, uint8 per tensor as shipped, uint8 per row, float16).
 * Writes the section between <!-- quality:start --> and <!-- quality:end --> of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { EvalRow } from '../src/model/format';
import type { TowerTables } from '../src/model/arch/types';
import { evalTables } from '../cli/eval/command';
import { markdownTable } from '../cli/eval/metrics';
import { sknnScorer } from '../cli/eval/sknn';
import { loadData, type DataFiles, type LoadedData } from '../cli/load';
import { readFloatCache, readModelFolder } from '../cli/model-io';
import { dequantizeUint8, quantizeUint8 } from '../cli/quantize';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const work = '.cache/quality';
const f32Cache = `${work}/f32`;
const built = 'dist/cli.mjs';
/** The CLI runs from a private copy: other work in the checkout may rebuild or clean dist/ meanwhile. */
const cli = `${work}/cli.mjs`;

// ---------------------------------------------------------------- helpers

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

interface Run {
  command: string;
  seconds: number;
  stdout: string;
  stderr: string;
}

function vitrine(args: string[]): Run {
  const command = `node ${built} ${args.join(' ')}`;
  console.error(`$ ${command}`);
  const t0 = performance.now();
  let stdout: string;
  let stderr = '';
  try {
    stdout = execFileSync('node', [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${command} failed:\n${err.stderr ?? ''}${err.stdout ?? ''}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { command, seconds, stdout, stderr };
}

type Json = { rows: EvalRow[]; slices?: Record<string, EvalRow[]> };
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;
const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}%`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const isModel = (r: EvalRow) => r.name.startsWith('model') || r.name.startsWith('part:');

/** One sentence per metric: shipped model vs the best baseline row. */
function verdict(rows: EvalRow[]): string[] {
  const shipped = rows.find((r) => r.name === 'model (shipped)');
  if (!shipped) return ['No shipped-model row.'];
  return (['HR@20', 'MRR@20'] as const).map((m) => {
    const best = rows.filter((r) => !isModel(r)).reduce((a, b) => (b[m] > a[m] ? b : a));
    const d = shipped[m] - best[m];
    return `${m}: shipped model ${f4(shipped[m])} vs best baseline \`${best.name}\` ${f4(best[m])} → **${d >= 0 ? 'beats it' : 'loses'}** (${d >= 0 ? '+' : ''}${f4(d)}, ${pct(d / (best[m] || 1))}).`;
  });
}

function coldTable(j: Json): string {
  const rows = j.slices?.['cold-start'] ?? [];
  if (!rows.length || rows[0].n === 0) return '_No test event has a target outside the train events (n = 0): no cold-start slice on this split._';
  return markdownTable(rows);
}

// ---------------------------------------------------------------- weight encodings

/** Nearest float16 value (round half to even), as a number; overflow to ±Infinity. */
export function f16round(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (a >= 65520) return Math.sign(v) * Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const step = 2 ** (Math.max(e, -14) - 10); // subnormals below 2^-14: step 2^-24
  const r = a / step;
  let f = Math.floor(r);
  const d = r - f;
  if (d > 0.5 || (d === 0.5 && f % 2 === 1)) f++;
  return Math.sign(v) * f * step;
}

interface Encoding {
  name: string;
  /** Encoded bytes of one table (values plus per-tensor or per-row parameters). */
  encode: (t: Float32Array, dim: number) => { decoded: Float32Array; bytes: Uint8Array };
}

const ENCODINGS: Encoding[] = [
  { name: 'float32', encode: (t) => ({ decoded: t, bytes: new Uint8Array(t.buffer, t.byteOffset, t.byteLength) }) },
  {
    name: 'uint8 per tensor (shipped)',
    encode: (t) => {
      const { q, min, scale } = quantizeUint8(t);
      return { decoded: dequantizeUint8(q, min, scale), bytes: q }; // min and scale live in model.json
    },
  },
  {
    name: 'uint8 per row (+ float32 min, scale per row)',
    encode: (t, dim) => {
      const rows = t.length / dim;
      const decoded = new Float32Array(t.length);
      const bytes = new Uint8Array(t.length + 8 * rows);
      const params = new Float32Array(2 * rows);
      for (let r = 0; r < rows; r++) {
        const { q, min, scale } = quantizeUint8(t.subarray(r * dim, (r + 1) * dim));
        decoded.set(dequantizeUint8(q, min, scale), r * dim);
        bytes.set(q, r * dim);
        params[2 * r] = min;
        params[2 * r + 1] = scale;
      }
      bytes.set(new Uint8Array(params.buffer), t.length);
      return { decoded, bytes };
    },
  },
  {
    name: 'float16',
    encode: (t) => {
      const decoded = Float32Array.from(t, f16round);
      return { decoded, bytes: f16bytes(decoded) };
    },
  },
];

/** IEEE half-precision bits of values that are exactly representable (output of f16round). */
function f16bytes(values: Float32Array): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
    const a = Math.abs(v);
    if (a === 0) out[i] = sign;
    else if (!Number.isFinite(a)) out[i] = sign | 0x7c00;
    else if (a < 2 ** -14) out[i] = sign | Math.round(a / 2 ** -24);
    else {
      const e = Math.floor(Math.log2(a));
      out[i] = sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
    }
  }
  return new Uint8Array(out.buffer);
}

interface QuantRow {
  dataset: string;
  encoding: string;
  bytes: number;
  gzip: number;
  row: EvalRow;
}

function quantRows(dataset: string, data: LoadedData, modelDir: string): QuantRow[] {
  const { manifest, tables: shipped } = readModelFolder(modelDir);
  const f32 = readFloatCache(f32Cache, manifest.modelVersion, manifest.dim);
  if (!f32) throw new Error(`${modelDir}: no float32 copy in ${f32Cache}`);
  const tied = f32.ctx === f32.item || (f32.ctx.length === f32.item.length && f32.ctx.every((v, i) => v === f32.item[i]));
  const out: QuantRow[] = [];
  const variants: { name: string; tables: TowerTables; bytes: number; gzip: number }[] = [];
  for (const enc of ENCODINGS) {
    const item = enc.encode(f32.item, manifest.dim);
    const ctx = tied ? item : enc.encode(f32.ctx, manifest.dim);
    const parts = tied ? [item.bytes] : [item.bytes, ctx.bytes];
    const all = Buffer.concat(parts);
    // only the embedding tables are re-encoded; any other parameters of the model are kept as they are
    variants.push({ name: enc.name, tables: { ...shipped, ...f32, item: item.decoded, ctx: ctx.decoded }, bytes: all.length, gzip: gzipSync(all, { level: 9 }).length });
  }
  const ev = evalTables(data, manifest.features, variants.map((v) => ({ name: v.name, tables: v.tables })), { baselines: false });
  variants.forEach((v, i) => out.push({ dataset, encoding: v.name, bytes: v.bytes, gzip: v.gzip, row: ev.rows[i] }));
  return out;
}

function quantTable(rows: QuantRow[]): string {
  const lines = ['| dataset | weights encoding | bytes | gzip -9 | HR@20 | NDCG@10 | ΔHR@20 vs float32 | ΔNDCG@10 vs float32 |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    const base = rows.find((x) => x.dataset === r.dataset && x.encoding === 'float32')!.row;
    const rel = (m: 'HR@20' | 'NDCG@10') => pct((r.row[m] - base[m]) / (base[m] || 1));
    lines.push(`| ${r.dataset} | ${r.encoding} | ${kb(r.bytes)} | ${kb(r.gzip)} | ${f4(r.row['HR@20'])} | ${f4(r.row['NDCG@10'])} | ${rel('HR@20')} | ${rel('NDCG@10')} |`);
  }
  return lines.join('\n');
}

/** Time of the session-knn row alone: index build plus every prediction of the split. */
function timeSknn(data: LoadedData): { seconds: number; n: number } {
  const t0 = performance.now();
  const score = sknnScorer(data.train, data.counts, data.candidates);
  const out = new Float64Array(data.candidates.length);
  let n = 0;
  for (const s of data.test)
    for (let p = 1; p < s.items.length; p++, n++) score(s, p, out);
  return { seconds: (performance.now() - t0) / 1000, n };
}

// ---------------------------------------------------------------- run

const started = new Date();
mkdirSync(work, { recursive: true });
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(newestMtime('cli'), newestMtime('src'))) {
  console.error('$ npm run build:cli');
  try {
    execFileSync('npm', ['run', 'build:cli'], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    if (!existsSync(built)) throw e;
    console.error(`warning: npm run build:cli failed; using the existing ${built} (${statSync(built).mtime.toISOString()})`);
  }
}
copyFileSync(built, cli);
const commands: string[] = [];
const rec = (r: Run) => (commands.push(r.command), r);

rec(vitrine(['data', 'rees46', '--in', 'data/rees46/events-2019-10-01.csv', '--out', `${work}/rees46/`]));

// ---------------------------------------------------------------- stress cases (from the shared data)

/** Rewrites a delimited events file row by row (header kept); `row` returns the new fields, or null to drop the row. */
function rewrite(from: string, to: string, sep: string, header: (h: string[]) => string[], row: (r: string[], h: string[]) => string[] | null): void {
  const [head, ...lines] = readFileSync(from, 'utf8').trim().split('\n');
  const h = head.split(sep);
  const out = [header(h).join(sep)];
  for (const l of lines) {
    const r = row(l.split(sep), h);
    if (r) out.push(r.join(sep));
  }
  mkdirSync(path.dirname(to), { recursive: true });
  writeFileSync(to, out.join('\n') + '\n');
}

const stress = `${work}/stress`;
// ids only, content stripped: session, item, time; no event types, no catalog
for (const split of ['train', 'test']) rewrite(`${work}/rees46/${split}.csv`, `${stress}/rees46-ids-only/${split}.csv`, ',', (h) => h.slice(0, 3), (r) => r.slice(0, 3));
// equal timestamps: every event of a session at the session's first time (the file order is the only order left)
for (const split of ['train', 'test']) {
  const first = new Map<string, string>();
  rewrite(`${work}/rees46/${split}.csv`, `${stress}/rees46-equal-time/${split}.csv`, ',', (h) => h, (r) => {
    if (!first.has(r[0])) first.set(r[0], r[2]);
    return [r[0], r[1], first.get(r[0])!, ...r.slice(3)];
  });
}
// a 1% slice: every 100th training session of YooChoose-100k (in order of first appearance), the full test split
{
  const index = new Map<string, number>();
  rewrite('data/yoochoose-100k/train.tsv', `${stress}/yoochoose-1pct/train.tsv`, '\t', (h) => h, (r) => {
    if (!index.has(r[0])) index.set(r[0], index.size);
    return index.get(r[0])! % 100 === 0 ? r : null;
  });
}

interface DatasetRun {
  label: string;
  files: DataFiles;
  args: string[];
  trainArgs: string[];
  reference: string;
  /** A stress case: what was changed in the shared data. */
  stress?: string;
}

/** Directory-safe name of a run. */
const slug = (label: string) => label.replace(/^stress: /, 'stress-');

const Y_COLS = ['--session-col', 'SessionId', '--item-col', 'ItemId', '--time-col', 'Time'];
const datasets: DatasetRun[] = [
  {
    label: 'yoochoose-100k',
    files: { train: 'data/yoochoose-100k/train.tsv', test: 'data/yoochoose-100k/test.tsv', columns: { 'session-col': 'SessionId', 'item-col': 'ItemId', 'time-col': 'Time' } },
    args: ['--train', 'data/yoochoose-100k/train.tsv', '--test', 'data/yoochoose-100k/test.tsv', ...Y_COLS],
    trainArgs: ['--events', 'data/yoochoose-100k/train.tsv', ...Y_COLS],
    reference: [
      '| method (data/README.md, n = 10,152) | HR@10 | HR@20 | MRR@20 | NDCG@10 |',
      '|---|---:|---:|---:|---:|',
      '| popularity | 0.074 | 0.089 | 0.026 | 0.037 |',
      '| transition | 0.311 | 0.353 | 0.184 | 0.213 |',
      '| simplified session-kNN (cosine, k=100, recency-weighted) | 0.598 | 0.672 | 0.345 | 0.401 |',
    ].join('\n'),
  },
  {
    label: 'rees46',
    files: { train: `${work}/rees46/train.csv`, test: `${work}/rees46/test.csv`, catalog: `${work}/rees46/catalog.csv` },
    args: ['--train', `${work}/rees46/train.csv`, '--test', `${work}/rees46/test.csv`, '--catalog', `${work}/rees46/catalog.csv`],
    trainArgs: ['--events', `${work}/rees46/train.csv`, '--catalog', `${work}/rees46/catalog.csv`],
    reference: [
      '| method (data/README.md, n = 4,412) | HR@20 | MRR@20 |',
      '|---|---:|---:|',
      '| popularity | 0.073 | 0.020 |',
      '| transition | 0.078 | 0.029 |',
      '| simplified session-kNN | 0.334 | 0.209 |',
    ].join('\n'),
  },
  {
    label: 'stress: rees46-ids-only',
    stress: 'REES46 with the content stripped: session, item and time only (no catalog, no event types).',
    files: { train: `${stress}/rees46-ids-only/train.csv`, test: `${stress}/rees46-ids-only/test.csv` },
    args: ['--train', `${stress}/rees46-ids-only/train.csv`, '--test', `${stress}/rees46-ids-only/test.csv`],
    trainArgs: ['--events', `${stress}/rees46-ids-only/train.csv`],
    reference: '',
  },
  {
    label: 'stress: rees46-equal-time',
    stress: 'REES46 with every event of a session at the session\'s first timestamp: the order within a session is the file order only (baskets whose lines share one time).',
    files: { train: `${stress}/rees46-equal-time/train.csv`, test: `${stress}/rees46-equal-time/test.csv`, catalog: `${work}/rees46/catalog.csv` },
    args: ['--train', `${stress}/rees46-equal-time/train.csv`, '--test', `${stress}/rees46-equal-time/test.csv`, '--catalog', `${work}/rees46/catalog.csv`],
    trainArgs: ['--events', `${stress}/rees46-equal-time/train.csv`, '--catalog', `${work}/rees46/catalog.csv`],
    reference: '',
  },
  {
    label: 'stress: yoochoose-1pct',
    stress: 'A 1% slice: every 100th training session of YooChoose-100k, tested on the full test split (most test items are then never seen in training).',
    files: { train: `${stress}/yoochoose-1pct/train.tsv`, test: 'data/yoochoose-100k/test.tsv', columns: { 'session-col': 'SessionId', 'item-col': 'ItemId', 'time-col': 'Time' } },
    args: ['--train', `${stress}/yoochoose-1pct/train.tsv`, '--test', 'data/yoochoose-100k/test.tsv', ...Y_COLS],
    trainArgs: ['--events', `${stress}/yoochoose-1pct/train.tsv`, ...Y_COLS],
    reference: '',
  },
];

const sections: string[] = [];
const mixes: string[] = [];

/** The fitted mix of a trained model, and its item-to-item file's size, as one table row. */
function mixLine(label: string, m: ReturnType<typeof readModelFolder>['manifest'], items: number): string {
  const mix = m.mix;
  const file = m.itemToItem ? m.files.find((f) => f.path === m.itemToItem) : undefined;
  const gz = file ? gzipSync(readFileSync(path.join(`${work}/models/${slug(label)}`, file.path)), { level: 9 }).length : 0;
  const fit = m.mixFit?.rows ?? [];
  const asTrained = fit.find((r) => r.name === 'two-tower (as trained)');
  const fitted = fit.find((r) => r.name === 'fitted mix');
  const w = (x?: number) => (x === undefined ? '—' : String(x));
  return `| ${label} | ${w(mix?.twoTower)} | ${w(mix?.repeat)} | ${w(mix?.successors)} | ${w(mix?.covisit)} | ${asTrained ? `${f4(asTrained['HR@20'])} / ${f4(asTrained['MRR@20'])}` : '—'} | ${fitted ? `${f4(fitted['HR@20'])} / ${f4(fitted['MRR@20'])}` : '—'} | ${file ? `${kb(file.bytes)} / ${kb(gz)}` : '—'} | ${gz ? kb((gz * 50_000) / items) : '—'} |`;
}
const quant: QuantRow[] = [];
const quantWarnings: string[] = [];
const summary: string[] = [];
for (const d of datasets) {
  const modelDir = `${work}/models/${slug(d.label)}`;
  const train = rec(vitrine(['train', ...d.trainArgs, '--out', modelDir, '--name', slug(d.label), '--dataset', slug(d.label), '--cache', f32Cache, '--quiet', '--force']));
  const json = `${work}/${slug(d.label)}.eval.json`;
  const ev = rec(vitrine(['eval', '--model', modelDir, ...d.args, '--cache', f32Cache, '--json', json]));
  const j = readJson(json);
  const { manifest } = readModelFolder(modelDir);
  const shippedBytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  const weightsBytes = manifest.files.find((f) => f.path === 'weights.bin')?.bytes ?? 0;
  const card = readFileSync(path.join(modelDir, 'MODEL_CARD.md'), 'utf8');
  const trainLine = card.match(/^Training time:.*$/m)?.[0] ?? '';
  const data = await loadData(d.files);
  const sknn = timeSknn(data);
  const q = d.stress ? [] : quantRows(d.label, data, modelDir);
  quant.push(...q);
  mixes.push(mixLine(d.label, manifest, data.candidates.length));
  // the encodings are evaluated in-process (working-tree sources), the tables above by the built CLI: they must agree
  for (const [enc, row] of [['float32', 'model (float32)'], ['uint8 per tensor (shipped)', 'model (shipped)']] as const) {
    const a = q.find((x) => x.encoding === enc)?.row;
    const b = j.rows.find((r) => r.name === row);
    if (a && b && (Math.abs(a['HR@20'] - b['HR@20']) > 1e-4 || Math.abs(a['NDCG@10'] - b['NDCG@10']) > 1e-4))
      quantWarnings.push(`**Warning** (${d.label}): the in-process \`${enc}\` row (HR@20 ${f4(a['HR@20'])}) differs from the CLI's \`${row}\` row (${f4(b['HR@20'])}): dist/cli.mjs and the working tree disagree; rebuild and rerun.`);
  }
  const f32Bytes = quant.find((q) => q.dataset === d.label && q.encoding === 'float32')?.bytes ?? 0;
  const cold = j.slices?.['cold-start']?.[0]?.n ?? 0;
  const v = verdict(j.rows);
  summary.push(`- **${d.label}**: ${v.join(' ')}`);
  const notes = ev.stdout.split('\n').filter((l) => /^(Protocol:|Targets never|session-knn:)/.test(l));
  sections.push(`### ${d.label}

${d.stress ? `${d.stress}\n\n` : ''}${data.trainEvents} train events in ${data.train.length} sessions, ${data.test.length} test sessions (${j.rows[0]?.n} predictions, ${cold} with a target never in train), ${data.candidates.length} candidate items. Model \`${manifest.modelVersion}\`, dim ${manifest.dim}, ${manifest.features.buckets} buckets: shipped folder ${kb(shippedBytes)} (weights.bin ${kb(weightsBytes)}, uint8 per tensor), float32 weights ${kb(f32Bytes)}${d.label === 'yoochoose-100k' ? ' (this split keeps only test items seen in train, hence no cold-start slice)' : ''}. Train: ${train.seconds.toFixed(1)} s wall (${trainLine.replace(/^Training time:\s*/, 'optimisation ').replace(/\.$/, '')}); eval: ${ev.seconds.toFixed(1)} s wall for all rows (session-knn alone ${sknn.seconds.toFixed(1)} s for ${sknn.n} predictions).

${markdownTable(j.rows)}

Cold-start slice (targets never in the train events):

${coldTable(j)}

${d.reference ? `Reference figures:\n\n${d.reference}\n\n` : ''}${v.map((l) => `- ${l}`).join('\n')}

${notes.map((l) => `> ${l}`).join('\n>\n')}`);
}

// the committed content-only base model on REES46
const baseJson = `${work}/rees46-base.eval.json`;
const baseEval = rec(vitrine(['eval', '--model', 'models/base', ...datasets[1].args, '--json', baseJson]));
const bj = readJson(baseJson);
const baseManifest = readModelFolder('models/base').manifest;
const baseCold = bj.slices?.['cold-start'] ?? [];
const coldOf = (name: string) => baseCold.find((r) => r.name === name);
const bShipped = coldOf('model (shipped)');
const bPop = coldOf('popularity');
const baseLine =
  bShipped && bPop
    ? `Cold start (n = ${bShipped.n}): models/base (shipped) HR@20 ${f4(bShipped['HR@20'])} / MRR@20 ${f4(bShipped['MRR@20'])} vs popularity ${f4(bPop['HR@20'])} / ${f4(bPop['MRR@20'])} → ${bShipped['HR@20'] > bPop['HR@20'] && bShipped['MRR@20'] > bPop['MRR@20'] ? '**beats popularity**' : '**does not beat popularity**'}. Popularity (an id method) cannot rank an item without train events at all, so any content model that ranks cold items above nothing wins this comparison; the absolute figures are the informative part.`
    : 'No cold-start slice.';
summary.push(`- **models/base on rees46** (content-only, committed). ${baseLine.split(' → ')[0]}. Full table: ${verdict(bj.rows).join(' ')}`);

const baseSection = `### models/base (committed, content-only) on rees46

\`${baseManifest.modelVersion}\`${bj.rows.some((r) => r.name === 'model (float32)') ? '' : ' (no float32 copy of it in .cache/vitrine: shipped row only)'}; eval ${baseEval.seconds.toFixed(1)} s wall.

${markdownTable(bj.rows)}

Cold-start slice:

${coldTable(bj)}

${baseLine}`;

const section = `<!-- quality:start -->
## Ranking quality (\`npm run bench:quality\`)

Measured ${started.toISOString().slice(0, 10)} with \`npm run bench:quality\` (\`tsx bench/quality.ts\`) on ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; models trained with the CLI defaults of the working tree, into \`${work}/\` (not models/). Total ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s.

Protocol (\`vitrine eval\`): every event p ≥ 1 of every test session is predicted from the events before it in that session, ranked against all items seen in train (and, with a catalog, all catalog items). Targets never seen in the train events count as misses for the id methods (popularity, transition, transition+repeats, session-knn); the models rank them from content when the catalog knows them; a target neither in train nor in the catalog is a miss for every method. \`session-knn\` is V-SKNN (Ludewig & Jannach 2018): neighbours among the 1000 most recent train sessions sharing an item with the history, similarity = sum of linear recency weights (1, 0.9, …, floor 0.1) of the shared history items, k = 100, item score = sum of the similarities of the neighbours holding it (literature defaults, not tuned here). \`transition\` leaves out A→A repeats (like the data/README reference), \`transition+repeats\` keeps them.

Summary:

${summary.join('\n')}

Commands:

\`\`\`
${commands.join('\n')}
\`\`\`

### Fitted mixes and item-to-item files

Weights of the shipped score's parts per trained model (\`manifest.mix\`: fitted on the last 10% of the training sessions by time, model and tables trained on the rest; objective HR@20 + MRR@20), the validation split's HR@20 / MRR@20 of the model as trained and of the fitted mix, and the size of \`item-to-item.json\` (raw / gzip -9, and gzip per 50,000 items of the store; budget 300 KB).

| model | twoTower | repeat | successors | covisit | validation: as trained | validation: fitted mix | item-to-item.json | gzip per 50k items |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${mixes.join('\n')}

${sections.join('\n\n')}

${baseSection}

### Weight encodings

The float32 weights of the two models above, encoded four ways and decoded again in Node, evaluated with the same protocol (model rows only; only the embedding tables are re-encoded, other parameters of the model are kept as they are). \`uint8 per tensor\` is what ships (tfjs affine quantization, one min and scale per table; it decodes to exactly the \`model (shipped)\` row). \`uint8 per row\` keeps a float32 min and scale per table row (not supported by the shipped format; measured only). Bytes are the weight tables alone (one table when the towers share it).

${quantTable(quant)}
${quantWarnings.length ? `\n${quantWarnings.join('\n\n')}\n` : ''}<!-- quality:end -->`;

const file = 'BENCHMARKS.md';
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const markers = /<!-- quality:start -->[\s\S]*<!-- quality:end -->/;
writeFileSync(file, markers.test(previous) ? previous.replace(markers, () => section) : `${previous.replace(/\n*$/, '\n\n')}${section}\n`);
console.log(section);
console.error(`\nwrote ${file} (section between <!-- quality:start --> and <!-- quality:end -->)`);
