import { CreateProductRequest, Product, UpdateProductRequest } from '@trato/contracts/cases';
import { id, ListQuery, listResponse } from '@trato/contracts/common';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as products from './products.service.ts';

const Params = z.object({ id });

/** The price list: read by every user (case lines pick from it), changed by the admin. */
export const productsModule: AppModule = {
  name: 'products',
  routes(app, { db }) {
    const tags = ['products'];
    app.get(
      '/products',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary:
            'List products: q (code or name), active=true|false, filter[field][op]=value (code, name, unit_price, currency, tax_rate, active, updated_at), sort, cursor',
          querystring: ListQuery,
          response: { 200: listResponse(Product) },
        },
      },
      async (request) => products.listProducts(db, request.query),
    );
    app.get(
      '/products/:id',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: 'One product', params: Params, response: { 200: Product } },
      },
      async (request) => products.getProduct(db, request.params.id),
    );
    app.post(
      '/products',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Add a product (code unique, case-insensitive; currency EUR and VAT 21 % unless given)',
          body: CreateProductRequest,
          response: { 201: Product },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await products.createProduct(db, authOf(request), request.body)),
    );
    app.patch(
      '/products/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change a product (code, name, description, price, currency, VAT rate, active)',
          params: Params,
          body: UpdateProductRequest,
          response: { 200: Product },
        },
      },
      async (request) => products.updateProduct(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/products/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Delete a product (case lines that name it keep it)',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await products.deleteProduct(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
