import { z } from 'zod';
import { id, isoDateTime, LOCALES, text, UserRef, Version } from './common.ts';

// Email templates (/api/v1/email-templates). Issue 5 §2: Liquid subject, HTML and text per language, merge
// fields from the entity, contact, case, owner, sender and company, a preview against a chosen record.

export const TEMPLATE_LANGUAGES = LOCALES;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** Template source without NUL characters (PostgreSQL refuses them); not trimmed: whitespace can matter. */
const source = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { params: { code: 'nul_character' }, message: 'nul_character' });

export const TEMPLATE_LIMITS = { subject: 2000, html: 500_000, text: 200_000 } as const;

/**
 * One language of a template: Liquid source of the subject, the HTML body and the text body. An empty text
 * body is made from the HTML one when the mail is rendered.
 */
export const TemplatePart = z.strictObject({
  subject: source(TEMPLATE_LIMITS.subject),
  html: source(TEMPLATE_LIMITS.html).default(''),
  text: source(TEMPLATE_LIMITS.text).default(''),
});
export type TemplatePart = z.infer<typeof TemplatePart>;

/** The template's languages: { es: {...}, ca: {...}, en: {...} }, at least one. */
export const TemplateContent = z
  .strictObject({ es: TemplatePart.optional(), ca: TemplatePart.optional(), en: TemplatePart.optional() })
  .refine((c) => Boolean(c.es || c.ca || c.en), {
    params: { code: 'language_required' },
    message: 'language_required',
  });
export type TemplateContent = z.infer<typeof TemplateContent>;

/**
 * Something the admin should know about a template that does not stop it from working: a merge field that
 * does not exist (rendered empty), a field empty on the chosen record, a record the template needs but the
 * preview does not have. `field` is the merge field (`contact.nickname`); `location`, when given, the part of
 * the template it is in (`content.es.html`).
 */
export const TemplateWarning = z.object({
  field: z.string().max(300),
  message_key: z.string().max(100),
  message: z.string().max(1000),
  location: z.string().max(100).optional(),
});
export type TemplateWarning = z.infer<typeof TemplateWarning>;

const StoredPart = z.object({
  subject: z.string().max(TEMPLATE_LIMITS.subject),
  html: z.string().max(TEMPLATE_LIMITS.html),
  text: z.string().max(TEMPLATE_LIMITS.text),
});

export const EmailTemplate = z.object({
  id,
  name: z.string().max(200),
  description: z.string().max(2000),
  content: z.object({ es: StoredPart.optional(), ca: StoredPart.optional(), en: StoredPart.optional() }),
  /** The language used when the one asked for (or the recipient's) is not in the template. */
  default_language: z.enum(TEMPLATE_LANGUAGES),
  languages: z.array(z.enum(TEMPLATE_LANGUAGES)).max(3),
  active: z.boolean(),
  /**
   * Commercial mail: carries an unsubscribe link ({{ unsubscribe_url }}, or a footer added when the template has
   * none) and List-Unsubscribe headers, and is never sent to an address that opted out.
   */
  commercial: z.boolean(),
  /** Merge fields the template uses that do not exist (they render empty). */
  warnings: z.array(TemplateWarning).max(500),
  version: Version,
  created_at: isoDateTime,
  updated_at: isoDateTime,
  created_by: UserRef,
  updated_by: UserRef,
});
export type EmailTemplate = z.infer<typeof EmailTemplate>;

/** A row of the list: the subject in the default language instead of the whole content. */
export const EmailTemplateSummary = EmailTemplate.omit({ content: true, warnings: true }).extend({
  subject: z.string().max(TEMPLATE_LIMITS.subject),
});
export type EmailTemplateSummary = z.infer<typeof EmailTemplateSummary>;

export const EmailTemplateList = z.object({ data: z.array(EmailTemplateSummary).max(1000) });

export const EmailTemplateListQuery = z.object({
  q: text(200).optional(),
  /** true: only the templates offered when writing a mail. */
  active: z.enum(['true', 'false']).optional(),
});

const templateFields = {
  name: text(200).pipe(z.string().min(1)),
  description: text(2000).optional(),
  content: TemplateContent,
  default_language: z.enum(TEMPLATE_LANGUAGES).optional(),
  active: z.boolean().optional(),
  commercial: z.boolean().optional(),
};

export const CreateEmailTemplateRequest = z.strictObject(templateFields);
export type CreateEmailTemplateRequest = z.infer<typeof CreateEmailTemplateRequest>;

export const UpdateEmailTemplateRequest = z
  .strictObject({ version: Version, ...templateFields })
  .partial()
  .required({ version: true });
export type UpdateEmailTemplateRequest = z.infer<typeof UpdateEmailTemplateRequest>;

/**
 * POST /email-templates/preview: a saved template (template_id) or the editor's unsaved content, rendered in a
 * language against records the caller may see. Without records, merge fields render empty.
 */
export const PreviewEmailTemplateRequest = z
  .strictObject({
    template_id: id.optional(),
    content: TemplateContent.optional(),
    default_language: z.enum(TEMPLATE_LANGUAGES).optional(),
    /** The editor's "commercial" switch (unsaved content): the preview shows the unsubscribe footer. */
    commercial: z.boolean().optional(),
    language: z.enum(TEMPLATE_LANGUAGES).optional(),
    entity_id: id.optional(),
    contact_id: id.optional(),
    case_id: id.optional(),
  })
  .refine((r) => Boolean(r.template_id) !== Boolean(r.content), {
    params: { code: 'template_or_content' },
    message: 'template_or_content',
    path: ['template_id'],
  });
export type PreviewEmailTemplateRequest = z.infer<typeof PreviewEmailTemplateRequest>;

/** A template rendered for one mail. `language` is the one used (after falling back to the default). */
export const RenderedEmail = z.object({
  subject: z.string().max(TEMPLATE_LIMITS.subject),
  html: z.string().max(10_000_000),
  text: z.string().max(10_000_000),
  language: z.enum(TEMPLATE_LANGUAGES),
  warnings: z.array(TemplateWarning).max(500),
});
export type RenderedEmail = z.infer<typeof RenderedEmail>;

export const MERGE_FIELD_KINDS = ['text', 'money', 'number', 'date', 'percent'] as const;

/** One merge field the editor's "insert field" menu offers, with the Liquid to insert. */
export const MergeField = z.object({
  path: z.string().max(300),
  labels: z.record(z.string().max(2), z.string().max(300)),
  kind: z.enum(MERGE_FIELD_KINDS),
  custom: z.boolean(),
  /** e.g. `{{ case.amount | money }}` */
  snippet: z.string().max(400),
});
export type MergeField = z.infer<typeof MergeField>;

/** GET /email-templates/fields: the merge fields per object, the admin's custom fields included. */
export const MergeFieldCatalogue = z.object({
  objects: z
    .array(
      z.object({
        key: z.string().max(50),
        labels: z.record(z.string().max(2), z.string().max(200)),
        fields: z.array(MergeField).max(1000),
      }),
    )
    .max(20),
});
export type MergeFieldCatalogue = z.infer<typeof MergeFieldCatalogue>;
