import { z } from 'zod';
import { id, isoDateTime, text, UserRef, Version } from './common.ts';

/** One line of a record's history: a change, a note, a file... newest first. */
export const TimelineItem = z.object({
  id,
  type: z.string().max(100),
  object: z.string().max(50),
  object_id: id,
  occurred_at: isoDateTime,
  actor: UserRef,
  /** For updates: field → [before, after]. For creations: the initial values. */
  changes: z.record(z.string().max(100), z.unknown()),
  summary: z.string().max(500).nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const Note = z.object({
  id,
  entity_id: id,
  contact_id: id.nullable(),
  /** Markdown source; clients render it with raw HTML disabled and sanitised. */
  body: z.string().max(100_000),
  author: UserRef,
  version: z.number().int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export const CreateNoteRequest = z.strictObject({
  contact_id: id.nullish(),
  body: text(100_000).pipe(z.string().min(1)),
});
export const UpdateNoteRequest = z.strictObject({
  version: Version,
  body: text(100_000).pipe(z.string().min(1)),
});

export const FileAttachment = z.object({
  id,
  entity_id: id,
  contact_id: id.nullable(),
  name: z.string().max(255),
  mime_type: z.string().max(200),
  size: z.number().int().min(0),
  uploaded_by: UserRef,
  created_at: isoDateTime,
  download_url: z.string().max(500),
});

export const SearchResult = z.object({
  type: z.enum(['entity', 'contact']),
  id,
  title: z.string().max(400),
  subtitle: z.string().max(400).nullable(),
  entity_id: id,
  score: z.number(),
});
export const SearchResponse = z.object({ data: z.array(SearchResult).max(50) });
export const SearchQuery = z.object({
  q: text(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const SAVED_VIEW_OBJECTS = ['entities', 'contacts', 'cases', 'case_reports'] as const;
export type SavedViewObject = (typeof SAVED_VIEW_OBJECTS)[number];
/** A saved list view: filters, sort and columns as the URL has them. */
export const ViewQuery = z.strictObject({
  filters: z
    .array(
      z.strictObject({ field: z.string().max(100), op: z.string().max(10), value: z.string().max(2000) }),
    )
    .max(50),
  sort: z.string().max(200).optional(),
  columns: z.array(z.string().max(100)).max(100).optional(),
  q: z.string().max(200).optional(),
});
export const SavedView = z.object({
  id,
  object: z.enum(SAVED_VIEW_OBJECTS),
  name: z.string().max(200),
  owner_id: id,
  shared: z.boolean(),
  query: ViewQuery,
  position: z.number().int(),
  version: z.number().int(),
});
export const CreateSavedViewRequest = z.strictObject({
  object: z.enum(SAVED_VIEW_OBJECTS),
  name: text(200).pipe(z.string().min(1)),
  shared: z.boolean().optional(),
  query: ViewQuery,
  position: z.number().int().min(0).max(10_000).optional(),
});
export const UpdateSavedViewRequest = z.strictObject({
  version: Version,
  name: text(200).pipe(z.string().min(1)).optional(),
  shared: z.boolean().optional(),
  query: ViewQuery.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
