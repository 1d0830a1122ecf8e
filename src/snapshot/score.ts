import { itemBuckets } from '../features/tokens';
import { knownTest } from '../model/arch/known';
import type { ItemAttrs } from '../features/types';
import type { ShopperSnapshot } from './format';

/** The model's scores of `items` for the snapshot's shopper: the sum of their token rows' contributions (an id the model's known-id filter rejects has no token), plus the repeat term. */
export function snapshotScores(s: ShopperSnapshot & { rows: Float32Array }, items: readonly ItemAttrs[]): Float32Array {
  const out = new Float32Array(items.length);
  const known = knownTest(s.known);
  for (let i = 0; i < items.length; i++) {
    let sum = s.repeats.get(items[i].id) ?? 0;
    for (const t of itemBuckets(items[i], s.features, known)) sum += t.weight * s.rows[t.bucket];
    out[i] = sum;
  }
  return out;
}
