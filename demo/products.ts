import { readCsv } from '../cli/csv';

export interface DemoProduct {
  id: string;
  name: string;
  category: string;
  brand: string;
  price: number;
}

const words = (s: string) => s.replace(/[._]/g, ' ');

/** A product's name on the demo store: its brand and the category path below the first level ("Samsung smartphone"). */
export const productName = (brand: string, category: string) => `${brand[0].toUpperCase()}${brand.slice(1)} ${category.split('.').slice(1).map(words).join(' ')}`.trim();

/**
 * Picks a storefront's products from the raw REES46 log: the most viewed products
 * (with category and brand) of the most viewed categories (two path levels), then
 * interleaves categories so that the page's own order mixes them. Deterministic.
 */
export async function pickProducts(csvPath: string, categories: number, perCategory: number): Promise<DemoProduct[]> {
  const views = new Map<string, number>();
  const products = new Map<string, DemoProduct>();
  let col: Record<string, number> = {};
  await readCsv(
    csvPath,
    (header) => (col = Object.fromEntries(header.map((h, i) => [h, i]))),
    (row) => {
      const id = row[col.product_id];
      const category = row[col.category_code];
      const brand = row[col.brand];
      if (!id || !category || !brand) return;
      views.set(id, (views.get(id) ?? 0) + 1);
      products.set(id, { id, category, brand, price: Number(row[col.price]), name: productName(brand, category) });
    },
  );
  const group = (p: DemoProduct) => p.category.split('.').slice(0, 2).join('.');
  const byGroup = new Map<string, DemoProduct[]>();
  for (const p of products.values()) byGroup.set(group(p), [...(byGroup.get(group(p)) ?? []), p]);
  const groupViews = (g: string) => byGroup.get(g)!.reduce((s, p) => s + views.get(p.id)!, 0);
  const top = [...byGroup.keys()].sort((a, b) => groupViews(b) - groupViews(a) || a.localeCompare(b)).slice(0, categories);
  const columns = top.map((g) =>
    byGroup
      .get(g)!
      .sort((a, b) => views.get(b.id)! - views.get(a.id)! || a.id.localeCompare(b.id))
      .slice(0, perCategory),
  );
  const out: DemoProduct[] = [];
  for (let i = 0; i < perCategory; i++) for (const c of columns) if (c[i]) out.push(c[i]);
  return out;
}
