/**
 * The demo model's catalog pack (`npm run pack:demo`): data/rees46/catalog.csv (from
 * `npm run data:rees46`) with each product named as the demo store names it (productName: the
 * REES46 log has no titles) and a link to its card on the page, written into models/demo by
 * `vitrine pack` (the built CLI): only catalog.json and the manifest's `catalog` entry change,
 * never the weights. Deterministic: the same data gives the same pack.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readCsv } from '../../cli/csv';
import { productName } from '../products';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = path.join(ROOT, '.cache/demo/catalog-named.csv');
const rows: string[] = ['item,title,category,brand,price,url'];
let col: Record<string, number> = {};
const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
await readCsv(
  path.join(ROOT, 'data/rees46/catalog.csv'),
  (header) => (col = Object.fromEntries(header.map((h, i) => [h, i]))),
  (row) => {
    const [id, category, brand, price] = [row[col.item], row[col.category], row[col.brand], row[col.price]];
    const title = brand && category ? productName(brand, category) : brand || (category ?? '').replace(/[._]/g, ' ') || `Product ${id}`;
    rows.push([id, title, category, brand, price, `#p-${id}`].map((v) => cell(v ?? '')).join(','));
  },
);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, rows.join('\n') + '\n');
execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), 'pack', '--model', path.join(ROOT, 'models/demo'), '--events', path.join(ROOT, 'data/rees46/train.csv'), '--catalog', out], { stdio: 'inherit' });
