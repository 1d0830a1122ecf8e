/**
 * `vitrine pack`: writes the catalog pack (cli/train/catalog-pack.ts) into a model folder that
 * `vitrine train` already wrote, from its training events and a catalog, and adds or replaces
 * the manifest's `catalog` entry (size, SHA-256). Nothing else in the folder changes: the
 * weights, the other files and the model version stay as trained (a pack does not change scores).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseFlags, str, type FlagSpec } from './args';
import { CliError } from './errors';
import { COLUMN_FLAG_HELP } from './help';
import { loadData } from './load';
import { CATALOG_FILE, readModelFolder, sha256 } from './model-io';
import { checkInputFile } from './paths';
import { buildCatalogPack } from './train/catalog-pack';
import { checkManifest } from '../src/model/format';

export const PACK_FLAGS: FlagSpec = {
  values: {
    model: 'model folder written by vitrine train (its weights are not touched)',
    events: 'the training events CSV/TSV the model was trained on (trending and bought-together come from them)',
    catalog: 'catalog CSV: item,title,category,brand,price[,url,image,stock]',
    ...COLUMN_FLAG_HELP,
  },
  booleans: { help: 'show this help' },
  required: ['model', 'events', 'catalog'],
};

export async function packCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, PACK_FLAGS, 'pack');
  const dir = str(flags, 'model') as string;
  const events = str(flags, 'events') as string;
  const catalog = str(flags, 'catalog') as string;
  checkInputFile(events, 'events');
  checkInputFile(catalog, 'catalog');
  try {
    readModelFolder(dir); // the folder is a model whose files match its manifest
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), { file: dir });
  }
  const data = await loadData({ train: events, catalog, columns: flags as Record<string, string>, catalogColumns: flags as Record<string, string> });
  for (const w of data.warnings) console.error(`warning: ${w}`);
  if (!data.catalog.length) throw new CliError('the catalog has no items', { file: catalog });
  const pack = buildCatalogPack(data.items, Array.from(data.catalog), data.train);
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  manifest.catalog = { path: CATALOG_FILE, bytes: Buffer.byteLength(pack.text), sha256: sha256(pack.text) };
  const checked = checkManifest(manifest);
  if (!checked.ok) throw new Error(`internal: the manifest with its catalog entry is invalid: ${checked.reason}`);
  writeFileSync(path.join(dir, CATALOG_FILE), pack.text);
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  console.error(`${path.join(dir, CATALOG_FILE)}: ${pack.file.n} items, ${pack.file.trending.length / 2} trending, ${pack.file.together.length} bought-together lists, ${Buffer.byteLength(pack.text)} bytes (${pack.gzipBytes} gzip)${pack.dropped ? `; ${pack.dropped} unsafe or empty values left out` : ''}`);
}
