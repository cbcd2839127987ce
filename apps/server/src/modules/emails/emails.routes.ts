import { id } from '@trato/contracts/common';
import {
  BulkSendEmailRequest,
  BulkSendEmailResult,
  CaseFromEmailRequest,
  Email,
  EmailList,
  EmailListQuery,
  FiledEmail,
  FileEmailRequest,
  LeadFromEmailRequest,
  LeadSuggestion,
  SendEmailRequest,
  UnfileEmailQuery,
} from '@trato/contracts/mail';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import { bulkSendEmails } from './bulk-send.ts';
import * as filing from './email-filing.ts';
import * as service from './emails.service.ts';

const tags = ['emails'];
const Params = z.object({ id });
const read = { object: 'entities', action: 'read' } as const;

export const emailsModule: AppModule = {
  name: 'emails',
  routes(app, { db, config }) {
    app.get(
      '/emails',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Mail sent and received, newest first: of the records you can see, and your own',
          querystring: EmailListQuery,
          response: { 200: EmailList },
        },
      },
      async (request) => service.listEmails(db, authOf(request), request.query, request.locale),
    );
    app.post(
      '/emails',
      {
        config: { access: read },
        // Bodies up to the contract's limits (HTML 5 MB) must reach validation instead of the 2 MB default.
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Send a mail from an entity, contact or case: written, or from a template rendered against them; it is queued and sent by the worker (202)',
          body: SendEmailRequest,
          response: { 202: Email },
        },
      },
      async (request, reply) =>
        reply.status(202).send(
          await service.sendEmail(db, authOf(request), request.body, {
            maxBytes: config.maxUploadBytes,
            locale: request.locale,
          }),
        ),
    );
    app.post(
      '/emails/bulk',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'One template to up to 10 000 entities (their primary contact with an email), queued in one transaction; skipped ones listed with the reason',
          body: BulkSendEmailRequest,
          response: { 202: BulkSendEmailResult },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await bulkSendEmails(db, authOf(request), request.body)),
    );
    app.get(
      '/emails/:id',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'One mail with its records, attachments and bodies (HTML sanitised)',
          params: Params,
          response: { 200: Email },
        },
      },
      async (request) => service.getEmail(db, authOf(request), request.params.id, request.locale),
    );
    app.post(
      '/emails/:id/retry',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Send a failed or cancelled mail again: back to the queue, due now',
          params: Params,
          response: { 200: Email },
        },
      },
      async (request) => service.retryEmail(db, authOf(request), request.params.id, request.locale),
    );
    app.post(
      '/emails/:id/cancel',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Do not send a queued or failed mail',
          params: Params,
          response: { 200: Email },
        },
      },
      async (request) => service.cancelEmail(db, authOf(request), request.params.id, request.locale),
    );
    app.post(
      '/emails/:id/links',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'File a mail under a record you can see (an entity, and one of its contacts or cases); thread: the whole conversation',
          params: Params,
          body: FileEmailRequest,
          response: { 200: FiledEmail },
        },
      },
      async (request) =>
        filing.fileEmail(db, authOf(request), request.params.id, request.body, request.locale),
    );
    app.delete(
      '/emails/:id/links/:entityId',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'Unfile a mail (thread=true: its whole conversation) from an entity and its contacts and cases',
          params: z.object({ id, entityId: id }),
          querystring: UnfileEmailQuery,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await filing.unfileEmail(
          db,
          authOf(request),
          request.params.id,
          request.params.entityId,
          request.query.thread === 'true',
        );
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/emails/:id/lead',
      {
        config: { access: read },
        schema: {
          tags,
          summary:
            'The lead a received mail’s sender suggests (kind, name, contact) and known contacts with that address',
          params: Params,
          response: { 200: LeadSuggestion },
        },
      },
      async (request) => filing.leadSuggestion(db, authOf(request), request.params.id),
    );
    app.post(
      '/emails/:id/lead',
      {
        config: { access: { object: 'entities', action: 'create' } },
        schema: {
          tags,
          summary:
            'Create a lead entity and its contact from the sender of a received mail, and file the mail (and its thread) under them',
          params: Params,
          body: LeadFromEmailRequest,
          response: { 201: FiledEmail },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await filing.leadFromEmail(db, authOf(request), request.params.id, request.body, request.locale),
          ),
    );
    app.post(
      '/emails/:id/case',
      {
        config: { access: { object: 'cases', action: 'create' } },
        schema: {
          tags,
          summary:
            'Open a case from a mail (title: its subject; description: its text) and file the mail (and its thread) under it',
          params: Params,
          body: CaseFromEmailRequest,
          response: { 201: FiledEmail },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await filing.caseFromEmail(db, authOf(request), request.params.id, request.body, request.locale),
          ),
    );
    app.get(
      '/emails/:id/attachments/:attachmentId',
      {
        config: { access: read },
        schema: {
          tags,
          summary: 'Download an attachment of a mail',
          params: z.object({ id, attachmentId: id }),
          produces: ['application/octet-stream'],
        },
      },
      async (request, reply) => {
        const file = await service.openAttachment(
          db,
          authOf(request),
          config.dataDir,
          request.params.id,
          request.params.attachmentId,
        );
        return reply
          .type(file.contentType)
          .header('content-length', file.size)
          .header(
            'content-disposition',
            `${file.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          )
          .header('content-security-policy', "sandbox; default-src 'none'")
          .send(file.stream);
      },
    );
  },
};
