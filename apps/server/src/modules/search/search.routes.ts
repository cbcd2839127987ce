import { SearchQuery, SearchResponse } from '@trato/contracts/records';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { globalSearch } from './search.service.ts';

export const searchModule: AppModule = {
  name: 'search',
  routes(app, { db }) {
    app.get(
      '/search',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['search'],
          summary:
            'Search entities and contacts by name, code, tax id, email or phone (accent- and typo-tolerant)',
          querystring: SearchQuery,
          response: { 200: SearchResponse },
        },
      },
      async (request) => ({
        data: await globalSearch(db, authOf(request), request.query.q, request.query.limit),
      }),
    );
  },
};
