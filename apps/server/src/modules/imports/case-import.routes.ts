import { CaseImportResult } from '@trato/contracts/cases';
import { id } from '@trato/contracts/common';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { getImport, importCases } from './case-import.ts';
import { caseImportCsvTemplate, caseImportXlsxTemplate } from './case-import-template.ts';
import { MAX_IMPORT_ROWS } from './import-file.ts';

const tags = ['imports'];
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const tooLarge = () => new AppError('payload_too_large', { params: { max: '10 MB' } });

export const importsModule: AppModule = {
  name: 'imports',
  routes(app, { db }) {
    // Only multipart uploads (and JSON, which Fastify reads) are expected here: any other body is read to the
    // end and refused with 415, so a keep-alive connection stays usable.
    app.addContentTypeParser('*', (_request, payload, done) => {
      payload.on('error', () => {});
      payload.on('end', () => done(new AppError('unsupported_media_type'), undefined));
      payload.resume();
    });

    app.post(
      '/imports/cases',
      {
        config: { access: { object: 'cases', action: 'create' } },
        schema: {
          tags,
          summary: `Import cases and their lines from a CSV or XLSX file (multipart field "file"; at most 10 MB and ${MAX_IMPORT_ROWS} rows). dry_run=true (the default) checks every row and writes nothing`,
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ dry_run: z.enum(['true', 'false']).default('true') }),
          response: { 201: CaseImportResult },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type');
        const part = await request.file({ limits: { fileSize: MAX_IMPORT_BYTES } });
        if (!part) throw new AppError('validation_failed', { issues: [{ field: 'file', code: 'required' }] });
        let buffer: Buffer;
        try {
          buffer = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
          throw error;
        }
        if (part.file.truncated) throw tooLarge();
        const result = await importCases(
          db,
          authOf(request),
          { filename: part.filename || 'import', buffer },
          { dryRun: request.query.dry_run !== 'false', locale: request.locale, log: request.log },
        );
        return reply.status(201).header('location', `/api/v1/imports/${result.id}`).send(result);
      },
    );

    app.get(
      '/imports/cases/template',
      {
        config: { access: { object: 'cases', action: 'create' } },
        schema: {
          tags,
          summary: 'A template for the case import: the column keys and two example cases with lines',
          querystring: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
          produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        if (request.query.format === 'csv')
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="trato-case-import.csv"')
            .send(caseImportCsvTemplate(request.locale));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="trato-case-import.xlsx"')
          .send(await caseImportXlsxTemplate(request.locale));
      },
    );

    app.get(
      '/imports/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'A saved import report (only for the one who ran it, or an admin)',
          params: z.object({ id }),
          response: { 200: CaseImportResult },
        },
      },
      async (request) => getImport(db, authOf(request), request.params.id, request.locale),
    );
  },
};
