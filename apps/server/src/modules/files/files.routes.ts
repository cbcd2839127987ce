import { id } from '@trato/contracts/common';
import { FileAttachment } from '@trato/contracts/records';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http.ts';
import { isUuid } from '../../platform/ids.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './files.service.ts';

const tags = ['files'];

export const filesModule: AppModule = {
  name: 'files',
  routes(app, { db, config }) {
    app.get(
      '/entities/:id/files',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: "An entity's attachments",
          params: z.object({ id }),
          response: { 200: z.object({ data: z.array(FileAttachment).max(1000) }) },
        },
      },
      async (request) => ({ data: await service.listFiles(db, authOf(request), request.params.id) }),
    );
    app.post(
      '/entities/:id/files',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: `Attach a file (multipart field "file", optional field "contact_id"; at most ${Math.round(config.maxUploadBytes / 1048576)} MB)`,
          params: z.object({ id }),
          consumes: ['multipart/form-data'],
          response: { 201: FileAttachment },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type');
        const part = await request.file();
        if (!part) throw new AppError('validation_failed', { issues: [{ field: 'file', code: 'required' }] });
        const contactField = part.fields.contact_id;
        const contactId =
          contactField &&
          'value' in contactField &&
          typeof contactField.value === 'string' &&
          contactField.value
            ? contactField.value
            : null;
        if (contactId !== null && !isUuid(contactId)) {
          part.file.resume();
          throw new AppError('validation_failed', {
            issues: [{ field: 'contact_id', code: 'unknown_contact' }],
          });
        }
        const file = await service.uploadFile(db, authOf(request), config.dataDir, request.params.id, {
          filename: part.filename,
          mimetype: part.mimetype,
          file: part.file,
          contactId,
        });
        return reply.status(201).send(file);
      },
    );
    app.get(
      '/files/:id',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: 'Download an attachment',
          params: z.object({ id }),
          produces: ['application/octet-stream'],
        },
      },
      async (request, reply) => {
        const file = await service.openFile(db, authOf(request), config.dataDir, request.params.id);
        return reply
          .type(file.contentType)
          .header('content-length', file.size)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('content-security-policy', "sandbox; default-src 'none'")
          .send(file.stream);
      },
    );
    app.delete(
      '/files/:id',
      {
        config: { access: { object: 'entities', action: 'read' } },
        schema: {
          tags,
          summary: 'Delete an attachment you uploaded',
          params: z.object({ id }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteFile(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
