/**
 * `npm run demo`: writes the demo storefront (REES46 products) and serves it with the
 * built script-tag SDK and the shipped demo model. Usage: tsx demo/serve.ts [--port 5173]
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/support/server';
import { renderStorePage } from './page';
import { pickProducts } from './products';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const portFlag = process.argv.indexOf('--port');
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 5173);

for (const need of ['dist/browser/vitrine.iife.js', 'models/demo/manifest.json']) {
  if (!existsSync(path.join(root, need))) {
    console.error(`missing ${need}: run \`npm run build\` (and \`npm run train:demo\` for the model)`);
    process.exit(1);
  }
}
const products = await pickProducts(path.join(root, 'data/rees46/events-2019-10-01.csv'), 8, 6);
const out = path.join(root, 'build/demo');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'index.html'),
  renderStorePage({ title: 'Vitrine demo store', scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json', products, pinned: 0, chrome: true, scriptAttrs: { 'data-debug': '' } }),
);
const server = await startServer({ '/vendor/': path.join(root, 'dist/browser'), '/models/': path.join(root, 'models'), '/': out }, port);
console.log(`Vitrine demo: ${server.url}/  (Ctrl+C to stop)`);
