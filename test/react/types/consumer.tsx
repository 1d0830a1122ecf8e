// A storefront's use of the published types, type-checked under every module resolution
// (test/react/types.test.ts). Each @ts-expect-error fails the check if a hook's type
// degrades to `any` (an unused @ts-expect-error is an error itself).
import { createVitrine, orderFromSnapshot, type RankItem, type VitrineStats } from 'vitrine';
import { VitrineProvider, usePersonalizedList, usePersonalizedOrder, useTrack, useVitrine, useVitrineStats, type ListStatus } from 'vitrine/react';

interface Product {
  sku: string;
  category: string;
  price: number;
}

export function Grid({ products }: { products: Product[] }) {
  const ordered = usePersonalizedOrder(products, (p) => p.sku, (p) => ({ category: p.category, price: p.price }));
  // @ts-expect-error the items keep their own type
  const notAString: string = ordered[0];
  // @ts-expect-error getId returns a string or a number
  usePersonalizedOrder(products, (p) => ({ id: p.sku }));
  const list = usePersonalizedList(products, (p) => p.sku, { hold: 150, attrs: (p) => ({ category: p.category }) });
  const status: ListStatus = list.status;
  // @ts-expect-error the status is a union of strings
  const notANumber: number = list.status;
  // @ts-expect-error attributes are the model's known fields
  usePersonalizedList(products, (p) => p.sku, { attrs: (p) => ({ colour: p.category }) });
  const track = useTrack();
  // @ts-expect-error an event needs its item
  void track({ type: 'click' });
  void track({ item: 'SKU-1', type: 'add_to_cart', attrs: { category: 'shoes' } });
  const stats: VitrineStats | null = useVitrineStats();
  // @ts-expect-error stats may be null
  const events: number = stats.events;
  const instance = useVitrine();
  void instance?.forget();
  return (
    <ul {...list.listProps} data-status={status} data-settled={list.settled}>
      {list.items.map((p) => (
        <li key={p.sku}>{p.price.toFixed(2)}</li>
      ))}
      {String(notAString) + String(notANumber) + String(events)}
    </ul>
  );
}

export const App = ({ products }: { products: Product[] }) => (
  <VitrineProvider model="/models/base/manifest.json" blend={0.5}>
    <Grid products={products} />
  </VitrineProvider>
);

// @ts-expect-error an unknown option
createVitrine({ modle: '/models/base/manifest.json' });
const v = createVitrine({ model: '/models/base/manifest.json' });
export const ranked: Promise<Product[]> = v.rank([] as (Product & RankItem)[]);
const early = orderFromSnapshot({ model: '/m.json' }, [{ id: 'a' }]);
if (early.status === 'personalized') early.items.map((i) => i.id.toUpperCase());
