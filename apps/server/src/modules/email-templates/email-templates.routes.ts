import { id } from '@trato/contracts/common';
import {
  CreateEmailTemplateRequest,
  EmailTemplate,
  EmailTemplateList,
  EmailTemplateListQuery,
  MergeFieldCatalogue,
  PreviewEmailTemplateRequest,
  RenderedEmail,
  UpdateEmailTemplateRequest,
} from '@trato/contracts/email-templates';
import { z } from 'zod';
import { authOf } from '../../platform/http.ts';
import type { AppModule } from '../../platform/module.ts';
import * as service from './email-templates.service.ts';

const tags = ['email-templates'];
const Params = z.object({ id });

export const emailTemplatesModule: AppModule = {
  name: 'email-templates',
  routes(app, { db }) {
    app.get(
      '/email-templates',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Every email template, by name (active=true: those offered when writing a mail)',
          querystring: EmailTemplateListQuery,
          response: { 200: EmailTemplateList },
        },
      },
      async (request) => ({ data: await service.listTemplates(db, request.query) }),
    );
    app.get(
      '/email-templates/fields',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'The merge fields a template can use, per object, custom fields included',
          response: { 200: MergeFieldCatalogue },
        },
      },
      async () => service.mergeFieldCatalogue(db),
    );
    app.post(
      '/email-templates/preview',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'Render a template (saved or unsaved) against records the caller may see',
          body: PreviewEmailTemplateRequest,
          response: { 200: RenderedEmail },
        },
      },
      async (request) => service.previewTemplate(db, authOf(request), request.body, request.locale),
    );
    app.get(
      '/email-templates/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags,
          summary: 'One template with its content and the unknown merge fields it uses',
          params: Params,
          response: { 200: EmailTemplate },
        },
      },
      async (request) => service.getTemplate(db, request.params.id, request.locale),
    );
    app.post(
      '/email-templates',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Create a template; a syntax error answers 422 with its line and column, nothing is saved',
          body: CreateEmailTemplateRequest,
          response: { 201: EmailTemplate },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createTemplate(db, authOf(request), request.body, request.locale)),
    );
    app.patch(
      '/email-templates/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Change a template (with its version); checked as on create',
          params: Params,
          body: UpdateEmailTemplateRequest,
          response: { 200: EmailTemplate },
        },
      },
      async (request) =>
        service.updateTemplate(db, authOf(request), request.params.id, request.body, request.locale),
    );
    app.delete(
      '/email-templates/:id',
      {
        config: { access: 'configure' },
        schema: {
          tags,
          summary: 'Delete a template (mails sent with it keep their text)',
          params: Params,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteTemplate(db, authOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  },
};
