import { createFileRoute } from '@tanstack/react-router';
import { ProductsAdmin } from '../features/admin/products/ProductsAdmin';
import {
  PRODUCT_ACTIVE_FILTERS,
  type ProductActiveFilter,
  type ProductSearch,
} from '../features/admin/products/products.api';

interface Search {
  /** Words of the code or name. */
  q?: string;
  /** Which products: every one (default), active or inactive. */
  active?: Exclude<ProductActiveFilter, 'all'>;
}

export const Route = createFileRoute('/admin/products')({
  validateSearch: (search: Record<string, unknown>): Search => ({
    ...(typeof search.q === 'string' && search.q ? { q: search.q.slice(0, 200) } : {}),
    ...((PRODUCT_ACTIVE_FILTERS as readonly unknown[]).includes(search.active) && search.active !== 'all'
      ? { active: search.active as Exclude<ProductActiveFilter, 'all'> }
      : {}),
  }),
  component: ProductsScreen,
});

function ProductsScreen() {
  const { q, active } = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <ProductsAdmin
      search={{ q: q ?? '', active: active ?? 'all' }}
      onSearch={(next: ProductSearch) =>
        void navigate({
          search: {
            ...(next.q.trim() ? { q: next.q } : {}),
            ...(next.active !== 'all' ? { active: next.active } : {}),
          },
          replace: true,
        })
      }
    />
  );
}
