/**
 * `vitrine shopify --out theme/assets [--model models/store] [--snippets theme/snippets]`: writes
 * the script tag and the model into a theme's assets folder (assets.ts) and the Liquid snippets
 * into its snippets folder, and prints the line that installs them.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, str, type FlagSpec } from '../args';
import { CliError } from '../errors';
import { checkModelFolder, ensureWritableDir } from '../paths';
import { modelAssets, sdkAssets, type AssetFile } from './assets';

export const SHOPIFY_FLAGS: FlagSpec = {
  values: {
    out: "the theme's assets folder (flat: files are written beside the theme's own; earlier Vitrine files are replaced)",
    model: 'model folder to ship (default: the package\'s models/base; a store\'s own: the folder vitrine train --out wrote)',
    snippets: "the theme's snippets folder: writes vitrine.liquid and vitrine-card.liquid there (default: not written)",
  },
  required: ['out'],
};

/** The package root: the nearest folder above this file that holds `integrations/shopify` (dist/cli.mjs in the package, cli/shopify/ in the repository). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) if (existsSync(path.join(dir, 'integrations/shopify'))) return dir;
  throw new CliError('cannot find the package files (integrations/shopify): reinstall vitrine');
}

/** Files an earlier run wrote that this one does not (a previous model or build): ours by name, so the theme's own files are never touched. */
const OURS = /^vitrine(-ml[\w.-]*|-full|-model[\w-]*)?\.(js|json)$/;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export async function shopifyCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SHOPIFY_FLAGS, 'shopify');
  const root = packageRoot();
  const out = str(flags, 'out')!;
  const modelDir = str(flags, 'model') ?? path.join(root, 'models/base');
  checkModelFolder(modelDir, 'model');
  const sdk = sdkAssets(path.join(root, 'dist/browser'));
  const model = modelAssets(modelDir);
  ensureWritableDir(out, 'out');
  const files: AssetFile[] = [...sdk, ...model.files];
  const written = new Set(files.map((f) => f.name));
  const stale = readdirSync(out).filter((f) => OURS.test(f) && !written.has(f));
  for (const f of files) writeFileSync(path.join(out, f.name), f.data);
  for (const f of stale) unlinkSync(path.join(out, f));
  const snippets = str(flags, 'snippets');
  if (snippets) {
    ensureWritableDir(snippets, 'snippets');
    const from = path.join(root, 'integrations/shopify/snippets');
    for (const f of readdirSync(from)) writeFileSync(path.join(snippets, f), readFileSync(path.join(from, f)));
  }
  const total = files.reduce((n, f) => n + f.data.length, 0);
  console.log(`wrote ${files.length} files (${kb(total)}) to ${out}${stale.length ? `, removed ${stale.length} of an earlier version` : ''}`);
  console.log(`  model: ${model.files.length} files; binary weights as base64 JSON: ${kb(model.rawBytes)} -> ${kb(model.encodedBytes)} (+${Math.round((model.encodedBytes / Math.max(1, model.rawBytes) - 1) * 100)}% before the CDN's compression)`);
  console.log(`  model integrity (data-model-integrity, optional): ${model.integrity}`);
  if (snippets) console.log(`wrote the snippets vitrine.liquid and vitrine-card.liquid to ${snippets}`);
  console.log(`next: add {% render 'vitrine' %} in layout/theme.liquid's <head>, before {{ content_for_header }}, and {% render 'vitrine-card', product: card_product %} in the card (README, "Shopify")`);
}
