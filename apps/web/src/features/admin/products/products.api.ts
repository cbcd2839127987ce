import { type InfiniteData, infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import type { CreateProductRequest, Product, UpdateProductRequest } from '@trato/contracts/cases';
import type { z } from 'zod';
import { api } from '../../../api/client';

export type { Product };
export type CreateProductBody = z.input<typeof CreateProductRequest>;
export type UpdateProductBody = z.input<typeof UpdateProductRequest>;
export type ProductPage = { data: Product[]; next_cursor: string | null; total?: number };
export type ProductPages = InfiniteData<ProductPage, string | null>;

export const PRODUCT_ACTIVE_FILTERS = ['all', 'active', 'inactive'] as const;
export type ProductActiveFilter = (typeof PRODUCT_ACTIVE_FILTERS)[number];
export interface ProductSearch {
  q: string;
  active: ProductActiveFilter;
}

const PAGE = 50;

/** The admin's product list: search by code or name, active filter, 50 at a time by code. */
export const adminProductsQuery = ({ q, active }: ProductSearch) =>
  infiniteQueryOptions({
    queryKey: ['products', 'admin', q, active],
    queryFn: ({ pageParam, signal }) =>
      api<ProductPage>('/products', {
        query: {
          q: q.trim() || undefined,
          active: active === 'all' ? undefined : String(active === 'active'),
          limit: PAGE,
          sort: 'code',
          include_total: true,
          cursor: pageParam ?? undefined,
        },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 30_000,
  });

export const createProduct = (body: CreateProductBody) => api<Product>('/products', { method: 'POST', body });
export const updateProduct = (id: string, body: UpdateProductBody) =>
  api<Product>(`/products/${id}`, { method: 'PATCH', body });
export const deleteProduct = (id: string) => api<void>(`/products/${id}`, { method: 'DELETE' });

/** After a change: the admin's list and the product pickers of the case screens. */
export const invalidateProducts = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['products'] });

/** Puts a saved (or optimistically changed) product into every cached page of the admin's lists. */
export function putProduct(queryClient: QueryClient, id: string, patch: Partial<Product>) {
  queryClient.setQueriesData<ProductPages>({ queryKey: ['products', 'admin'] }, (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            data: page.data.map((p) => (p.id === id ? { ...p, ...patch } : p)),
          })),
        }
      : old,
  );
}

/** A product as the admin's cached lists have it now (its latest version), if any list holds it. */
export function cachedProduct(queryClient: QueryClient, id: string): Product | undefined {
  for (const [, data] of queryClient.getQueriesData<ProductPages>({ queryKey: ['products', 'admin'] })) {
    const found = data?.pages.flatMap((page) => page.data).find((p) => p.id === id);
    if (found) return found;
  }
  return undefined;
}

/** Every ISO 4217 code the browser knows, with its name in the interface language ("EUR · euro"). */
export function currencyOptions(language: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((code) => ({
    value: code,
    label: `${code} · ${names.of(code) ?? code}`,
  }));
}

/** "21 %" / "21%" in the interface language, from the API's decimal text. */
export function formatPercent(value: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : `${language}-ES`;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 3 }).format(
    Number(value) / 100,
  );
}
