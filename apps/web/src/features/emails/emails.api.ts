import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { Case } from '@trato/contracts/cases';
import type { Contact } from '@trato/contracts/contacts';
import type {
  EmailTemplateSummary,
  PreviewEmailTemplateRequest,
  RenderedEmail,
} from '@trato/contracts/email-templates';
import type { Entity } from '@trato/contracts/entities';
import type {
  BulkSendEmailRequest,
  BulkSendEmailResult,
  CaseFromEmailRequest,
  Email,
  EmailStatus,
  EmailSummary,
  FiledEmail,
  FileEmailRequest,
  LeadFromEmailRequest,
  LeadSuggestion,
  SendEmailRequest,
} from '@trato/contracts/mail';
import type { z } from 'zod';
import { api } from '../../api/client';

export type { Email, EmailStatus, EmailSummary, EmailTemplateSummary, RenderedEmail };
export type SendEmailBody = z.input<typeof SendEmailRequest>;
export type PreviewBody = z.input<typeof PreviewEmailTemplateRequest>;

export interface EmailPage {
  data: EmailSummary[];
  next_cursor: string | null;
  total?: number;
}

/** What a list of mail is narrowed to: one record's, one thread, one status. */
export interface EmailFilter {
  status?: EmailStatus | undefined;
  direction?: 'out' | 'in' | undefined;
  entity_id?: string | undefined;
  contact_id?: string | undefined;
  case_id?: string | undefined;
  thread_id?: string | undefined;
  /** 'true': mail filed under no record. */
  unlinked?: 'true' | undefined;
}

/** Mail still on its way: lists showing any of it poll until it is sent or failed. */
export const isPending = (email: Pick<EmailSummary, 'status'>) =>
  email.status === 'queued' || email.status === 'sending';

const POLL_MS = 3000;

// Everything about mail lives under ['emails', …] so one invalidation refreshes lists, threads and details.
export const emailListQuery = (filter: EmailFilter, limit = 50) =>
  infiniteQueryOptions({
    queryKey: ['emails', 'list', filter, limit],
    queryFn: ({ pageParam, signal }) =>
      api<EmailPage>('/emails', { query: { ...filter, limit, cursor: pageParam || undefined }, signal }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some(isPending)) ? POLL_MS : false,
  });

export const emailQuery = (id: string) =>
  queryOptions({
    queryKey: ['emails', 'one', id],
    queryFn: ({ signal }) => api<Email>(`/emails/${id}`, { signal }),
    refetchInterval: (query) => (query.state.data && isPending(query.state.data) ? POLL_MS : false),
  });

/** A thread's mails, oldest first (the list answers newest first). */
export const threadQuery = (threadId: string) =>
  queryOptions({
    queryKey: ['emails', 'thread', threadId],
    queryFn: ({ signal }) =>
      api<EmailPage>('/emails', { query: { thread_id: threadId, limit: 200 }, signal }).then((page) =>
        [...page.data].sort((a, b) =>
          a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
        ),
      ),
  });

/** How many sent mails failed (for the badge in the navigation): up to 100, then "99+". */
export const failedCountQuery = queryOptions({
  queryKey: ['emails', 'failed-count'],
  queryFn: ({ signal }) =>
    api<EmailPage>('/emails', { query: { status: 'failed', direction: 'out', limit: 100 }, signal }).then(
      (page) => ({ count: page.data.length, more: Boolean(page.next_cursor) }),
    ),
  refetchInterval: 60_000,
  retry: false,
  staleTime: 30_000,
});

/** The answer to a send: the mail as queued (202). */
export const sendEmail = (body: SendEmailBody) => api<Email>('/emails', { method: 'POST', body });
export const retryEmail = (id: string) => api<Email>(`/emails/${id}/retry`, { method: 'POST', body: {} });
export const cancelEmail = (id: string) => api<Email>(`/emails/${id}/cancel`, { method: 'POST', body: {} });

/** Templates offered when writing a mail: the active ones. */
export const activeTemplatesQuery = queryOptions({
  queryKey: ['email-templates', 'active'],
  queryFn: ({ signal }) =>
    api<{ data: EmailTemplateSummary[] }>('/email-templates', { query: { active: 'true' }, signal }).then(
      (r) => [...r.data].sort((a, b) => a.name.localeCompare(b.name)),
    ),
  staleTime: 60_000,
});

export const previewTemplate = (body: PreviewBody) =>
  api<RenderedEmail>('/email-templates/preview', { method: 'POST', body });

/** After a send, retry or cancel: lists, threads, timelines and the failed badge show the new state. */
export function emailsChanged(queryClient: QueryClient, saved?: Email) {
  if (saved) queryClient.setQueryData(emailQuery(saved.id).queryKey, saved);
  void queryClient.invalidateQueries({ queryKey: ['emails'] });
  void queryClient.invalidateQueries({ queryKey: ['timeline'] });
}

export type BulkSendBody = z.input<typeof BulkSendEmailRequest>;
export type BulkSendResult = z.infer<typeof BulkSendEmailResult>;
/** One template to many entities: each to its primary contact with an address (else the entity's). */
export const bulkSendEmails = (body: BulkSendBody) =>
  api<BulkSendResult>('/emails/bulk', { method: 'POST', body });

// ── Filing a mail by hand ───────────────────────────────────────────────────

export type { FiledEmail, LeadSuggestion };
export type FileEmailBody = z.input<typeof FileEmailRequest>;
export type LeadFromEmailBody = z.input<typeof LeadFromEmailRequest>;
export type CaseFromEmailBody = z.input<typeof CaseFromEmailRequest>;

/** Files the mail (with `thread`, its whole conversation) under an entity, contact or case. */
export const fileEmail = (id: string, body: FileEmailBody) =>
  api<FiledEmail>(`/emails/${id}/links`, { method: 'POST', body });
export const unfileEmail = (id: string, entityId: string, thread = false) =>
  api<void>(`/emails/${id}/links/${entityId}`, {
    method: 'DELETE',
    ...(thread && { query: { thread: 'true' } }),
  });
export const createLeadFromEmail = (id: string, body: LeadFromEmailBody) =>
  api<FiledEmail>(`/emails/${id}/lead`, { method: 'POST', body });
export const openCaseFromEmail = (id: string, body: CaseFromEmailBody) =>
  api<FiledEmail>(`/emails/${id}/case`, { method: 'POST', body });

/** What "Crear potencial" starts from: the sender's name and domain, and contacts already at that address. */
export const leadSuggestionQuery = (id: string) =>
  queryOptions({
    queryKey: ['emails', 'lead', id],
    queryFn: ({ signal }) => api<LeadSuggestion>(`/emails/${id}/lead`, { signal }),
    retry: false,
  });

/** After filing: the mail, lists, timelines, and the records that may be new (a lead, a case). */
export function emailFiled(queryClient: QueryClient, saved?: Email) {
  emailsChanged(queryClient, saved);
  void queryClient.invalidateQueries({ queryKey: ['entities'] });
  void queryClient.invalidateQueries({ queryKey: ['contacts'] });
  void queryClient.invalidateQueries({ queryKey: ['cases'] });
}

// Record pickers of "Archivar en…": the server searches as the user types.
export const entitySearch = (q: string) =>
  queryOptions({
    queryKey: ['emails', 'file-entities', q],
    queryFn: ({ signal }) =>
      api<{ data: Entity[] }>('/entities', { query: { q, limit: 20, sort: 'name' }, signal }),
  });

export const contactSearch = (entityId: string | null) => (q: string) =>
  queryOptions({
    queryKey: ['emails', 'file-contacts', entityId, q],
    queryFn: ({ signal }) =>
      api<{ data: Contact[] }>('/contacts', {
        query: { q, limit: 20, sort: 'name', ...(entityId && { 'filter[entity_id][eq]': entityId }) },
        signal,
      }),
  });

export const caseSearch = (entityId: string | null) => (q: string) =>
  queryOptions({
    queryKey: ['emails', 'file-cases', entityId, q],
    queryFn: ({ signal }) =>
      api<{ data: Case[] }>('/cases', {
        query: { q, limit: 20, sort: '-updated_at', ...(entityId && { 'filter[entity_id][eq]': entityId }) },
        signal,
      }),
  });
