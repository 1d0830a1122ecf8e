import { itemBuckets } from '../features/tokens';
import type { ItemAttrs } from '../features/types';
import type { ShopperSnapshot } from './format';

/** The model's scores of `items` for the snapshot's shopper: the sum of their token rows' contributions, plus the repeat term. */
export function snapshotScores(s: ShopperSnapshot & { rows: Float32Array }, items: readonly ItemAttrs[]): Float32Array {
  const out = new Float32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    let sum = s.repeats.get(items[i].id) ?? 0;
    for (const t of itemBuckets(items[i], s.features)) sum += t.weight * s.rows[t.bucket];
    out[i] = sum;
  }
  return out;
}
