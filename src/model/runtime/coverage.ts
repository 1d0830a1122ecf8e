import { bucketOf } from '../../features/hash';
import type { FeatureSpec } from '../../features/spec';
import { itemTokens } from '../../features/tokens';
import type { ItemAttrs } from '../../features/types';
import type { TowerTables } from '../arch/types';

/** Token kinds that carry an item's content words: category levels, brand, title words (not its id or price band). */
const CONTENT = /^(c|b|w):/;

/**
 * Whether the model knows an item's content: true when at least one of its category, brand or
 * title tokens (those the model weighs) has a trained row in the item table. Rows the trainer never
 * updated are zero, so a store whose words the model never saw scores its items by price band and
 * id only. Items without any content token count as unknown.
 */
export function knowsContent(tables: TowerTables, spec: FeatureSpec, item: ItemAttrs): boolean {
  const { dim, item: table } = tables;
  for (const t of itemTokens(item, spec)) {
    if (!CONTENT.test(t.token) || t.weight <= 0) continue;
    const base = bucketOf(t.token, spec.buckets, spec.seed) * dim;
    for (let k = 0; k < dim; k++) if (table[base + k] !== 0) return true;
  }
  return false;
}
