import { OpenCasesQuery, OpenCasesResponse } from '@trato/contracts/cases';
import { z } from 'zod';
import { sendCsv } from '../../platform/csv-export.ts';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { sendXlsx } from '../../platform/xlsx-export.ts';
import { listOpenCases, OPEN_CASES_EXPORT_COLUMNS, openCasesExportFormat } from './open-cases.service.ts';

const tags = ['reports'];

export const openCasesModule: AppModule = {
  name: 'reports',
  routes(app, { db }) {
    app.get(
      '/reports/open-cases',
      {
        config: { access: { object: 'cases', action: 'read' } },
        schema: {
          tags,
          summary:
            'Every visible case in the statuses picked (status_ids=a,b: any statuses, across types) with age, owner, amount and last action; filter[owner_id|team_id|type_id|entity_id|priority|currency][op], sort=age|created_at|amount|number|last_action_at, cursor',
          querystring: OpenCasesQuery,
          response: { 200: OpenCasesResponse },
        },
      },
      async (request) => listOpenCases(db, authOf(request), request.query),
    );

    app.get(
      '/reports/open-cases/export',
      {
        config: { access: { object: 'cases', action: 'export' } },
        schema: {
          tags,
          summary:
            'The whole report (same query) as CSV or XLSX, with headers in your language; in XLSX amounts are numbers in their currency and dates are dates',
          querystring: OpenCasesQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const { format, limit: _limit, cursor: _cursor, ...query } = request.query;
        const page = (q: Record<string, unknown>) => listOpenCases(db, auth, q, { totals: false });
        const out = openCasesExportFormat(request.locale, auth.timeZone);
        if (format === 'xlsx') {
          return sendXlsx(reply, out.filename, {
            page,
            query,
            sheetName: out.sheetName,
            columns: OPEN_CASES_EXPORT_COLUMNS.map((c) => ({ ...c, header: out.header(c.key) })),
            cell: out.cell,
            currency: (row) => row.currency,
            dateFormat: request.locale === 'en' ? 'yyyy-mm-dd' : 'dd/mm/yyyy',
          });
        }
        // CSV's header row is its column list: the localised headers, each mapped back to its column.
        const byHeader = new Map(OPEN_CASES_EXPORT_COLUMNS.map((c) => [out.header(c.key), c.key]));
        return sendCsv(reply, out.filename, {
          page,
          query,
          columns: [...byHeader.keys()],
          allowed: new Set(byHeader.keys()),
          cell: (row, header) => {
            const key = byHeader.get(header);
            return key ? out.cell(row, key) : null;
          },
        });
      },
    );
  },
};
