import { parsePrice } from '../src/features/price';
import { resolveColumns, type ColumnWant } from './columns';
import { readTable } from './table';
import { quote } from './errors';
import type { ItemTable } from './items';
import { checkSkipped, skippedWarning, type BadRow } from './skipped';

export const CATALOG_COLUMNS: readonly ColumnWant[] = [
  { field: 'item', flag: 'catalog-item-col', names: ['item', 'item_id', 'itemid', 'product_id', 'id', 'sku'], required: true },
  { field: 'title', flag: 'title-col', names: ['title', 'name'], required: false },
  { field: 'category', flag: 'category-col', names: ['category', 'category_code'], required: false },
  { field: 'brand', flag: 'brand-col', names: ['brand'], required: false },
  { field: 'price', flag: 'price-col', names: ['price'], required: false },
  { field: 'url', flag: 'url-col', names: ['url', 'link', 'product_url', 'href'], required: false },
  { field: 'image', flag: 'image-col', names: ['image', 'image_url', 'image_link', 'img', 'picture'], required: false },
  { field: 'stock', flag: 'stock-col', names: ['in_stock', 'availability', 'stock', 'available'], required: false },
];

/** Stock values read as out of stock (case-insensitive); anything else, or an empty cell, is in stock. */
const OUT_OF_STOCK = /^(0|false|no|n|out[ _-]?of[ _-]?stock|oos|sold[ _-]?out|unavailable)$/i;

export type CatalogFlags = Partial<Record<'catalog-item-col' | 'title-col' | 'category-col' | 'brand-col' | 'price-col' | 'url-col' | 'image-col' | 'stock-col', string>>;

/**
 * How the CLI reads a lone separator followed by three digits ("1,299", "1.299"): catalog
 * exports write decimal points, so 1,299 = 1299 and 1.299 = 1.299. Every other price is read
 * as parsePrice reads it (both conventions, currency marks); unreadable prices are left out.
 */
export const CATALOG_PRICE_DECIMAL = '.';

/** Reads a catalog into the item table (later rows for the same item win). Returns the item indices in the catalog. */
export async function readCatalog(path: string, items: ItemTable, flags: CatalogFlags = {}): Promise<{ indices: Set<number>; warnings: string[] }> {
  let col: Record<string, number> = {};
  const indices = new Set<number>();
  let rows = 0;
  let noId = 0;
  let firstNoId: BadRow | undefined;
  let badPrice = 0;
  let firstBadPrice: BadRow | undefined;
  await readTable(
    path,
    (header) => (col = resolveColumns(header, CATALOG_COLUMNS, flags, path)),
    (row, line) => {
      rows++;
      const id = row[col.item]?.trim();
      if (!id) {
        noId++;
        firstNoId ??= { line, reason: 'no item id' };
        return;
      }
      const get = (f: string) => (col[f] >= 0 ? (row[col[f]] ?? '').trim() : '');
      const attrs: { title?: string; category?: string; brand?: string; price?: number } = {};
      if (get('title')) attrs.title = get('title');
      if (get('category')) attrs.category = get('category');
      if (get('brand')) attrs.brand = get('brand');
      const p = get('price');
      if (p) {
        const v = parsePrice(p, { decimal: CATALOG_PRICE_DECIMAL });
        if (v !== undefined) attrs.price = v;
        else {
          badPrice++;
          firstBadPrice ??= { line, reason: `price ${quote(p)}` };
        }
      }
      const i = items.intern(id);
      items.attrs[i] = attrs;
      // shown by recommendations only (the catalog pack), never model inputs; checked when the pack is written
      const extra = { url: get('url') || undefined, image: get('image') || undefined, outOfStock: OUT_OF_STOCK.test(get('stock')) || undefined };
      if (extra.url || extra.image || extra.outOfStock) items.extras.set(i, extra);
      else items.extras.delete(i);
      indices.add(i);
    },
    { expect: 'item,title,category,brand,price' },
  );
  checkSkipped(path, rows, noId, firstNoId, { none: 'no items', hint: 'check --catalog-item-col, or fix those rows' });
  const warnings: string[] = [];
  if (firstNoId) warnings.push(skippedWarning(path, rows, noId, firstNoId));
  if (firstBadPrice) {
    warnings.push(`${path}:${firstBadPrice.line}: ${badPrice} prices could not be read and were left out (the first, on this line: ${firstBadPrice.reason}); write a plain amount such as 1299.00 or 1,299.00`);
  }
  return { indices, warnings };
}
