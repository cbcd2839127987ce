import { id, ListQuery, listResponse } from '@trato/contracts/common';
import {
  Contact,
  CreateContactRequest,
  UpdateContactRequest,
  VcardImportResult,
} from '@trato/contracts/contacts';
import { z } from 'zod';
import { requestedColumns, sendCsv } from '../../platform/csv-export.ts';
import { AppError } from '../../platform/errors.ts';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { listFields } from '../fields/fields.service.ts';
import * as service from './contacts.service.ts';

const DEFAULT_CONTACT_COLUMNS = [
  'full_name',
  'first_name',
  'last_name',
  'entity_name',
  'job_title',
  'emails',
  'phones',
  'is_primary',
  'birthday',
  'created_at',
] as const;

const Params = z.object({ id });
const tags = ['contacts'];

export const contactsModule: AppModule = {
  name: 'contacts',
  routes(app, { db }) {
    app.get(
      '/contacts',
      {
        config: { access: { object: 'contacts', action: 'read' } },
        schema: {
          tags,
          summary: 'List contacts (filter[entity_id][eq]=… for one entity)',
          querystring: ListQuery,
          response: { 200: listResponse(Contact) },
        },
      },
      async (request) => service.listContacts(db, authOf(request), request.query),
    );
    app.get(
      '/contacts/export.csv',
      {
        config: { access: { object: 'contacts', action: 'export' } },
        schema: {
          tags,
          summary:
            'The contact list (same query) as CSV; columns=full_name,entity_name,custom.x… picks the columns',
          querystring: ListQuery.extend({ columns: z.string().max(2000).optional() }),
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { columns, ...query } = request.query;
        const customKeys = (await listFields(db, 'contact')).map((f) => f.key);
        return sendCsv(reply, 'contacts', {
          page: (q) => service.listContacts(db, authOf(request), q),
          query,
          columns: requestedColumns(columns, DEFAULT_CONTACT_COLUMNS),
          allowed: new Set([
            ...DEFAULT_CONTACT_COLUMNS,
            'id',
            'entity_id',
            'department',
            'updated_at',
            ...customKeys.map((k) => `custom.${k}`),
          ]),
          cell: (contact, column) =>
            column.startsWith('custom.')
              ? contact.custom[column.slice(7)]
              : (contact as Record<string, unknown>)[column],
        });
      },
    );
    app.post(
      '/contacts',
      {
        config: { access: { object: 'contacts', action: 'create' } },
        schema: {
          tags,
          summary: 'Add a contact to an entity',
          body: CreateContactRequest,
          response: { 201: Contact },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createContact(db, authOf(request), request.body)),
    );
    app.get(
      '/contacts/:id',
      {
        config: { access: { object: 'contacts', action: 'read' } },
        schema: { tags, summary: 'One contact', params: Params, response: { 200: Contact } },
      },
      async (request) => service.getContact(db, authOf(request), request.params.id),
    );
    app.patch(
      '/contacts/:id',
      {
        config: { access: { object: 'contacts', action: 'edit' } },
        schema: {
          tags,
          summary: 'Change a contact (send its version)',
          params: Params,
          body: UpdateContactRequest,
          response: { 200: Contact },
        },
      },
      async (request) => service.updateContact(db, authOf(request), request.params.id, request.body),
    );
    app.delete(
      '/contacts/:id',
      {
        config: { access: { object: 'contacts', action: 'delete' } },
        schema: {
          tags,
          summary: 'Move a contact to the bin (restorable)',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteContact(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/contacts/:id/restore',
      {
        config: { access: { object: 'contacts', action: 'delete' } },
        schema: { tags, summary: 'Bring a deleted contact back', params: Params, response: { 200: Contact } },
      },
      async (request) => service.restoreContact(db, authOf(request), request.params.id),
    );
    app.get(
      '/contacts/:id/vcard',
      {
        config: { access: { object: 'contacts', action: 'read' } },
        schema: {
          tags,
          summary: 'The contact as a vCard 4.0 file',
          params: Params,
          produces: ['text/vcard'],
        },
      },
      async (request, reply) => {
        const card = await service.contactVcard(db, authOf(request), request.params.id);
        const filename =
          card.name
            .normalize('NFD')
            .replace(/[^\w.-]+/g, '_')
            .slice(0, 80) || 'contact';
        return reply
          .type('text/vcard; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}.vcf"`)
          .send(card.body);
      },
    );
    app.post(
      '/entities/:id/contacts/import-vcard',
      {
        config: { access: { object: 'contacts', action: 'create' } },
        schema: {
          tags,
          summary: 'Import the cards of a .vcf file (multipart field "file") as contacts of this entity',
          params: Params,
          consumes: ['multipart/form-data'],
          response: { 201: VcardImportResult },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('unsupported_media_type');
        const file = await request.file();
        if (!file) throw new AppError('validation_failed', { issues: [{ field: 'file', code: 'required' }] });
        const bytes = await file.toBuffer();
        const result = await service.importVcards(db, authOf(request), request.params.id, bytes);
        return reply.status(201).send(result);
      },
    );
  },
};
