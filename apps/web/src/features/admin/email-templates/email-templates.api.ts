import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Case } from '@trato/contracts/cases';
import type { Contact } from '@trato/contracts/contacts';
import type {
  CreateEmailTemplateRequest,
  EmailTemplate,
  EmailTemplateSummary,
  MergeFieldCatalogue,
  PreviewEmailTemplateRequest,
  RenderedEmail,
  TemplateLanguage,
  TemplateWarning,
  UpdateEmailTemplateRequest,
} from '@trato/contracts/email-templates';
import type { Entity } from '@trato/contracts/entities';
import type { z } from 'zod';
import { api } from '../../../api/client';

export type {
  EmailTemplate,
  EmailTemplateSummary,
  MergeFieldCatalogue,
  RenderedEmail,
  TemplateLanguage,
  TemplateWarning,
};
export type CreateTemplateBody = z.input<typeof CreateEmailTemplateRequest>;
export type UpdateTemplateBody = z.input<typeof UpdateEmailTemplateRequest>;
export type PreviewBody = z.input<typeof PreviewEmailTemplateRequest>;

export const TEMPLATE_LANGUAGES: TemplateLanguage[] = ['es', 'ca', 'en'];

const LIST_KEY = ['email-templates', 'list'] as const;

export const templatesQuery = () =>
  queryOptions({
    queryKey: LIST_KEY,
    queryFn: ({ signal }) =>
      api<{ data: EmailTemplateSummary[] }>('/email-templates', { signal }).then((r) => r.data),
    staleTime: 30_000,
  });

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: ['email-templates', 'one', id],
    queryFn: ({ signal }) => api<EmailTemplate>(`/email-templates/${id}`, { signal }),
  });

export const mergeFieldsQuery = () =>
  queryOptions({
    queryKey: ['email-templates', 'fields'],
    queryFn: ({ signal }) => api<MergeFieldCatalogue>('/email-templates/fields', { signal }),
    staleTime: 60_000,
  });

export const createTemplate = (body: CreateTemplateBody) =>
  api<EmailTemplate>('/email-templates', { method: 'POST', body });
export const updateTemplate = (id: string, body: UpdateTemplateBody) =>
  api<EmailTemplate>(`/email-templates/${id}`, { method: 'PATCH', body });
export const deleteTemplate = (id: string) => api<void>(`/email-templates/${id}`, { method: 'DELETE' });
export const previewTemplate = (body: PreviewBody, signal?: AbortSignal) =>
  api<RenderedEmail>('/email-templates/preview', { method: 'POST', body, ...(signal && { signal }) });

/** After a write: the list (here and in the compose screen's picker) is read again. */
export const invalidateTemplates = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: ['email-templates'] });

// The records a preview is rendered against, found by what the admin types.
export const entitySearch = (q: string) =>
  queryOptions({
    queryKey: ['email-templates', 'preview-entities', q],
    queryFn: ({ signal }) =>
      api<{ data: Entity[] }>('/entities', { query: { q, limit: 20, sort: 'name' }, signal }),
  });

export const contactSearch = (entityId: string | null) => (q: string) =>
  queryOptions({
    queryKey: ['email-templates', 'preview-contacts', entityId, q],
    queryFn: ({ signal }) =>
      api<{ data: Contact[] }>('/contacts', {
        query: { q, limit: 20, sort: 'name', ...(entityId && { 'filter[entity_id][eq]': entityId }) },
        signal,
      }),
  });

export const caseSearch = (entityId: string | null) => (q: string) =>
  queryOptions({
    queryKey: ['email-templates', 'preview-cases', entityId, q],
    queryFn: ({ signal }) =>
      api<{ data: Case[] }>('/cases', {
        query: { q, limit: 20, sort: '-updated_at', ...(entityId && { 'filter[entity_id][eq]': entityId }) },
        signal,
      }),
  });
