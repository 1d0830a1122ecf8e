import type { FeatureSpec } from '../../src/features/spec';
import { packTokens, tokenizer } from '../../src/model/arch/tokens';
import type { TokenRows } from '../../src/model/arch/types';
import type { ItemTable } from '../items';

/** Every item's weighted token rows (src/model/arch packTokens): row i is item i of the table. */
export function packItemTokens(items: ItemTable, spec: FeatureSpec): TokenRows {
  return packTokens(items.size, (i) => items.item(i), tokenizer(spec));
}

/** The n newest events before position `pos` of a session, newest first: their type codes and item rows (into scratch arrays). */
export function recentEvents(s: { items: Int32Array; types: Uint8Array }, pos: number, n: number, types: Uint8Array, rows: Int32Array): void {
  for (let j = 0; j < n; j++) {
    types[j] = s.types[pos - 1 - j];
    rows[j] = s.items[pos - 1 - j];
  }
}
