import { resolveColumns, type ColumnWant } from './columns';
import { readCsv } from './csv';
import type { ItemTable } from './items';

export const CATALOG_COLUMNS: readonly ColumnWant[] = [
  { field: 'item', flag: 'catalog-item-col', names: ['item', 'item_id', 'itemid', 'product_id', 'id', 'sku'], required: true },
  { field: 'title', flag: 'title-col', names: ['title', 'name'], required: false },
  { field: 'category', flag: 'category-col', names: ['category', 'category_code'], required: false },
  { field: 'brand', flag: 'brand-col', names: ['brand'], required: false },
  { field: 'price', flag: 'price-col', names: ['price'], required: false },
];

export type CatalogFlags = Partial<Record<'catalog-item-col' | 'title-col' | 'category-col' | 'brand-col' | 'price-col', string>>;

/** Reads a catalog into the item table (later rows for the same item win). Returns the item indices in the catalog. */
export async function readCatalog(path: string, items: ItemTable, flags: CatalogFlags = {}): Promise<{ indices: Set<number>; warnings: string[] }> {
  let col: Record<string, number> = {};
  const indices = new Set<number>();
  let badPrice = 0;
  await readCsv(
    path,
    (header) => (col = resolveColumns(header, CATALOG_COLUMNS, flags, path)),
    (row) => {
      const id = row[col.item]?.trim();
      if (!id) return;
      const get = (f: string) => (col[f] >= 0 ? (row[col[f]] ?? '').trim() : '');
      const attrs: { title?: string; category?: string; brand?: string; price?: number } = {};
      if (get('title')) attrs.title = get('title');
      if (get('category')) attrs.category = get('category');
      if (get('brand')) attrs.brand = get('brand');
      const p = get('price');
      if (p) {
        const v = Number(p);
        if (Number.isFinite(v)) attrs.price = v;
        else badPrice++;
      }
      const i = items.intern(id);
      items.attrs[i] = attrs;
      indices.add(i);
    },
  );
  const warnings = badPrice ? [`${path}: ${badPrice} prices were not numbers and were left out`] : [];
  return { indices, warnings };
}
