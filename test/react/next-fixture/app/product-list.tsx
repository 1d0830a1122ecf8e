'use client';
import { usePersonalizedList, useTrack } from 'vitrine/react';
import type { Product } from './products';

const attrs = (p: Product) => ({ title: p.name, category: p.category, brand: p.brand, price: p.price });

/**
 * How long the list may stay hidden waiting for its order, from its first paint. `hold: true` is the
 * provider's `antiFlicker` (150 ms), right for a store; this fixture is tested on a shared, loaded CI
 * machine where hydration can take longer, so it allows more.
 */
const HOLD_MS = 4000;

export function ProductList({ products }: { products: Product[] }) {
  const { items, status, listProps } = usePersonalizedList(products, (p) => p.id, { attrs, hold: HOLD_MS });
  const track = useTrack();
  return (
    <ul id="products" data-status={status} {...listProps}>
      {items.map((p) => (
        <li key={p.id}>
          <button type="button" data-id={p.id} data-category={p.category} onClick={() => void track({ item: p.id, type: 'click', attrs: attrs(p) })}>
            {p.name} · {p.price.toFixed(2)}
          </button>
        </li>
      ))}
    </ul>
  );
}
