import { bucketOf } from './hash';
import type { FeatureSpec } from './spec';
import type { ItemAttrs } from './types';

/** A token of an item and its weight in the item's embedding. */
export interface WeightedToken {
  token: string;
  weight: number;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** Category path levels: "Apparel > Shoes > Running" -> ["apparel", "apparel.shoes", "apparel.shoes.running"]. */
export function categoryPaths(category: string, levels: number): string[] {
  const parts = norm(category).split(/\s*[.>/|]\s*/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < Math.min(levels, parts.length); i++) out.push(parts.slice(0, i + 1).join('.'));
  return out;
}

/** Distinct lower-case words of a title (letters or digits, at least 2 characters), in order. */
export function titleWords(title: string, max: number): string[] {
  const words = norm(title).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
  return [...new Set(words)].slice(0, max);
}

/** Log-scale price band: `perOctave` bands per doubling of the price. */
export function priceBand(price: number, perOctave: number): number | undefined {
  if (!Number.isFinite(price) || price <= 0) return undefined;
  return Math.floor(Math.log2(price) * perOctave);
}

/**
 * The weighted tokens of an item. Field weights come from the spec; a field with
 * several tokens (category levels, title words) shares its weight among them; the
 * weights of the fields present are normalised to sum to 1, so items with little
 * content are not scaled down.
 *
 * `known` (the model's known-id filter, src/model/arch/known.ts): an id it rejects was never
 * trained, so its token is left out and the item is its content alone (the same rule in the
 * browser, the trainer and the evaluator: all tokenise through this function).
 */
export function itemTokens(item: ItemAttrs, spec: FeatureSpec, known?: (id: string) => boolean): WeightedToken[] {
  const fw = spec.fieldWeights;
  const groups: { weight: number; tokens: string[] }[] = [];
  if (fw.id > 0 && item.id && (!known || known(item.id))) groups.push({ weight: fw.id, tokens: [`id:${item.id}`] });
  if (fw.category > 0 && item.category) {
    groups.push({ weight: fw.category, tokens: categoryPaths(item.category, spec.categoryLevels).map((c) => `c:${c}`) });
  }
  if (fw.brand > 0 && item.brand && norm(item.brand)) groups.push({ weight: fw.brand, tokens: [`b:${norm(item.brand)}`] });
  const band = fw.price > 0 && item.price !== undefined ? priceBand(item.price, spec.priceBandsPerOctave) : undefined;
  if (band !== undefined) groups.push({ weight: fw.price, tokens: [`p:${band}`] });
  if (fw.title > 0 && item.title) groups.push({ weight: fw.title, tokens: titleWords(item.title, spec.titleTokens).map((w) => `w:${w}`) });

  const present = groups.filter((g) => g.tokens.length > 0);
  const total = present.reduce((sum, g) => sum + g.weight, 0);
  if (total === 0) return [];
  return present.flatMap((g) => g.tokens.map((token) => ({ token, weight: g.weight / total / g.tokens.length })));
}

/** The weighted token buckets of an item. */
export function itemBuckets(item: ItemAttrs, spec: FeatureSpec, known?: (id: string) => boolean): { bucket: number; weight: number }[] {
  return itemTokens(item, spec, known).map((t) => ({ bucket: bucketOf(t.token, spec.buckets, spec.seed), weight: t.weight }));
}
