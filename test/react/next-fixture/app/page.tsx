// The product list page, rendered on the server in the page's own order; the list is a client component.
import { products } from './products';
import { ProductList } from './product-list';
import { Status } from './status';

export default function Home() {
  return (
    <main>
      <h1>Storefront</h1>
      <Status />
      <ProductList products={products} />
    </main>
  );
}
