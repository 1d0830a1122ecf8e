/**
 * Writes the demo as a static folder any static host can serve: index.html (the page, its script,
 * the charting library and its data inlined: the page itself fetches nothing), sw.js (offline once
 * loaded), vendor/ (the built script-tag SDK) and models/demo/ (the shipped demo model).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { loadData } from '../../cli/load';
import { pickProducts, type DemoProduct } from '../products';
import { pickPersonas, PERSONA_RULE, type Persona } from './personas';
import { DATASETS, ensureRees46Split } from './evidence';

export interface SiteOptions {
  root: string;
  out: string;
  /** Folder holding `<label>.eval.json` for each dataset and replay.json. */
  evidence: string;
}

/** Storefront: the 8 most viewed categories, 3 products each (demo/products.ts). */
const SHELF = { categories: 8, perCategory: 3 };

export interface DemoData {
  products: DemoProduct[];
  personas: Persona[];
  personaRule: typeof PERSONA_RULE;
  evidence: { datasets: { label: string; file: string; eval: unknown }[]; replay: unknown; generated: string };
  model: { name: string; version: string; created: string; dataset: string; bytes: number; files: { path: string; bytes: number }[]; eval: unknown; mix: unknown };
}

async function bundle(root: string): Promise<string> {
  const b = await rollup({ input: path.join(root, 'demo/site/app.js'), plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false } })], onwarn: () => {} });
  const { output } = await b.generate({ format: 'iife', name: 'VitrineDemo' });
  await b.close();
  return output[0].code;
}

function modelSummary(root: string): DemoData['model'] {
  const dir = path.join(root, 'models/demo');
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const files = [{ path: 'manifest.json', bytes: statSync(path.join(dir, 'manifest.json')).size }, ...m.files.map((f: { path: string; bytes: number }) => ({ path: f.path, bytes: f.bytes }))];
  return { name: m.name, version: m.modelVersion, created: m.createdAt, dataset: m.dataset ?? m.eval?.dataset ?? 'rees46', bytes: files.reduce((s, f) => s + f.bytes, 0), files, eval: m.eval, mix: m.mix };
}

const escJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export async function writeSite(o: SiteOptions): Promise<{ out: string; files: number }> {
  const { root, out } = o;
  for (const need of ['dist/browser/vitrine.iife.js', 'models/demo/manifest.json'])
    if (!existsSync(path.join(root, need))) throw new Error(`missing ${need}: run \`npm run build\``);
  ensureRees46Split(root);
  const at = (f: string) => path.join(root, f);
  const products = await pickProducts(at('data/rees46/events-2019-10-01.csv'), SHELF.categories, SHELF.perCategory);
  const shelf = new Set(products.map((p) => p.category.split('.').slice(0, 2).join('.')));
  const data = await loadData({ train: at('data/rees46/train.csv'), test: at('data/rees46/test.csv'), catalog: at('data/rees46/catalog.csv'), keepIds: true });
  const personas = pickPersonas(data, shelf);
  const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
  const evidence = {
    datasets: DATASETS.map((d) => ({ label: d.label, file: `demo/evidence/${d.label}.eval.json`, eval: readJson(path.join(o.evidence, `${d.label}.eval.json`)) })),
    replay: readJson(path.join(o.evidence, 'replay.json')),
    generated: statSync(path.join(o.evidence, 'replay.json')).mtime.toISOString(),
  };
  const demo: DemoData = { products, personas, personaRule: PERSONA_RULE, evidence, model: modelSummary(root) };

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(at('dist/browser'), path.join(out, 'vendor'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  cpSync(at('models/demo'), path.join(out, 'models/demo'), { recursive: true });
  const template = readFileSync(at('demo/site/index.html'), 'utf8');
  // Chartist's own stylesheet first: the page's colours come after it
  const css = readFileSync(at('node_modules/chartist/dist/index.css'), 'utf8') + readFileSync(at('demo/site/style.css'), 'utf8');
  const html = template
    .replace('/*STYLE*/', () => css)
    .replace('/*DATA*/', () => escJson(demo));
  const app = await bundle(root);
  const page = html.replace('/*SCRIPT*/', () => app.replace(/<\/script/gi, '<\\/script'));
  writeFileSync(path.join(out, 'index.html'), page);
  // the service worker precaches what the first view used; its name changes with the files, so a new build replaces the old cache
  const files = list(out).filter((f) => f === 'index.html' || /^vendor\/vitrine(\.iife\.js|-full\.mjs|-ml\.mjs)$/.test(f) || f.startsWith('models/'));
  const version = createHash('sha256').update(files.map((f) => f + readFileSync(path.join(out, f)).length).join('\n') + page).digest('hex').slice(0, 12);
  const sw = readFileSync(at('demo/site/sw.js'), 'utf8').replace('__VERSION__', version).replace('__FILES__', JSON.stringify(['./', ...files]));
  writeFileSync(path.join(out, 'sw.js'), sw);
  return { out, files: list(out).length };
}

function list(dir: string, base = ''): string[] {
  return readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(dir, path.posix.join(base, e.name)) : [path.posix.join(base, e.name)]));
}
