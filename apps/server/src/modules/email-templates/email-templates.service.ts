import type { Labels, Locale } from '@trato/contracts/common';
import type {
  CreateEmailTemplateRequest,
  EmailTemplate,
  EmailTemplateSummary,
  MergeField,
  MergeFieldCatalogue,
  PreviewEmailTemplateRequest,
  RenderedEmail,
  TemplateContent,
  TemplateWarning,
  UpdateEmailTemplateRequest,
} from '@trato/contracts/email-templates';
import type { FieldDefinition } from '@trato/contracts/settings';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { TemplateContent as StoredContent } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  AppError,
  type FieldIssue,
  isUniqueViolation,
  notFound,
  versionConflict,
} from '../../platform/errors.ts';
import { type Executor, recordEvent } from '../../platform/events.ts';
import { translator } from '../../platform/i18n.ts';
import { newId } from '../../platform/ids.ts';
import { assertCan } from '../../platform/permissions.ts';
import { requireVisibleCase } from '../cases/cases.service.ts';
import { requireVisibleContact } from '../contacts/contacts.service.ts';
import { requireVisibleEntity } from '../entities/entities.service.ts';
import { listFields } from '../fields/fields.service.ts';
import { labelIn } from '../forecast/forecast.service.ts';
import {
  BUILT_IN_FIELDS,
  CUSTOM_ROOTS,
  type CustomKeys,
  MERGE_ROOTS,
  type MergeKind,
  type MergeRoot,
  ROOT_LABELS,
  snippetFor,
} from './merge-fields.ts';
import {
  buildMergeContext,
  compileTemplate,
  loadMergeRecords,
  PREVIEW_UNSUBSCRIBE_URL,
  pickLanguage,
  type RenderedMail,
  renderCompiled,
  type TemplateLanguage,
  unknownFields,
} from './template-render.ts';

// Email templates: CRUD (a template with a syntax error is never saved; unknown merge fields are warnings),
// the preview against records the caller sees, and the merge field catalogue for the editor.

const LANGUAGES: TemplateLanguage[] = ['es', 'ca', 'en'];
const NAME_INDEX = 'email_templates_name_idx';

type StoredTemplate = {
  id: string;
  name: string;
  description: string;
  content: Partial<Record<TemplateLanguage, StoredContent>>;
  default_language: string;
  active: boolean;
  commercial: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
  created_by_name: string | null;
  updated_by_name: string | null;
};

const userRef = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
const languagesOf = (content: Partial<Record<TemplateLanguage, unknown>>) =>
  LANGUAGES.filter((l) => Boolean(content[l]));
const asLanguage = (value: string): TemplateLanguage =>
  (LANGUAGES as string[]).includes(value) ? (value as TemplateLanguage) : 'es';

/** A warning with its message in the caller's language. */
export function localizeWarning(
  warning: { field: string; message_key: string; location?: string },
  locale: Locale,
): TemplateWarning {
  const root = warning.field.split('.')[0] as MergeRoot;
  const object = ROOT_LABELS[root] ? labelIn(ROOT_LABELS[root], locale) : warning.field;
  return {
    ...warning,
    message: translator(locale)(warning.message_key, {
      field: warning.field,
      object,
      defaultValue: warning.field,
    }),
  };
}

function selectTemplates(db: Executor) {
  return db
    .selectFrom('email_templates as t')
    .leftJoin('users as cu', 'cu.id', 't.created_by')
    .leftJoin('users as uu', 'uu.id', 't.updated_by')
    .select([
      't.id',
      't.name',
      't.description',
      't.content',
      't.default_language',
      't.active',
      't.commercial',
      't.version',
      't.created_at',
      't.updated_at',
      't.created_by',
      't.updated_by',
      'cu.name as created_by_name',
      'uu.name as updated_by_name',
    ])
    .where('t.deleted_at', 'is', null);
}

async function findTemplate(db: Executor, id: string): Promise<StoredTemplate> {
  const row = await selectTemplates(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row as StoredTemplate;
}

async function customKeysOf(db: Executor): Promise<CustomKeys> {
  const defs = await Promise.all(CUSTOM_ROOTS.map((root) => listFields(db, root)));
  return Object.fromEntries(
    CUSTOM_ROOTS.map((root, i) => [root, new Set(defs[i]!.map((d) => d.key))]),
  ) as CustomKeys;
}

/** Unknown merge fields of every language of a template, each with where it is. */
function templateWarnings(
  content: Partial<Record<TemplateLanguage, StoredContent>>,
  customKeys: CustomKeys,
  locale: Locale,
): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  for (const language of languagesOf(content)) {
    const part = content[language]!;
    let compiled: ReturnType<typeof compileTemplate>;
    try {
      compiled = compileTemplate(part);
    } catch {
      continue; // stored before a stricter parser: the editor shows the error when it is opened
    }
    for (const { field, part: where } of unknownFields(compiled, customKeys)) {
      warnings.push(
        localizeWarning(
          { field, message_key: 'template_warning.unknown_field', location: `content.${language}.${where}` },
          locale,
        ),
      );
    }
  }
  return warnings.slice(0, 500);
}

function toTemplate(row: StoredTemplate, warnings: TemplateWarning[]): EmailTemplate {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    content: row.content,
    default_language: asLanguage(row.default_language),
    languages: languagesOf(row.content),
    active: row.active,
    commercial: row.commercial,
    warnings,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: userRef(row.created_by, row.created_by_name),
    updated_by: userRef(row.updated_by, row.updated_by_name),
  };
}

function toSummary(row: StoredTemplate): EmailTemplateSummary {
  const { content: _content, warnings: _warnings, ...rest } = toTemplate(row, []);
  const language = pickLanguage(row.content, null, row.default_language);
  return { ...rest, subject: row.content[language]?.subject ?? '' };
}

export async function listTemplates(
  db: Database,
  query: { q?: string | undefined; active?: 'true' | 'false' | undefined },
): Promise<EmailTemplateSummary[]> {
  let select = selectTemplates(db);
  if (query.active) select = select.where('t.active', '=', query.active === 'true');
  if (query.q) {
    const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where((eb) =>
      eb.or([eb(sql`lower(t.name)`, 'like', like), eb(sql`lower(t.description)`, 'like', like)]),
    );
  }
  const rows = await select.orderBy(sql`lower(t.name)`).orderBy('t.id').limit(1000).execute();
  return rows.map((r) => toSummary(r as StoredTemplate));
}

export async function getTemplate(db: Database, id: string, locale: Locale): Promise<EmailTemplate> {
  const row = await findTemplate(db, id);
  return toTemplate(row, templateWarnings(row.content, await customKeysOf(db), locale));
}

type ContentInput = TemplateContent;

/**
 * Checks a template's content before it is stored: each language has a subject and a body, parses, and
 * renders without records (what catches a loop past the limits). All problems at once, 422.
 */
async function checkContent(db: Executor, content: ContentInput): Promise<void> {
  const issues: FieldIssue[] = [];
  const records = await loadMergeRecords(db, {});
  for (const language of LANGUAGES) {
    const part = content[language];
    if (!part) continue;
    const prefix = `content.${language}.`;
    if (!part.subject.trim()) issues.push({ field: `${prefix}subject`, code: 'required' });
    if (!part.html.trim() && !part.text.trim())
      issues.push({ field: `${prefix}html`, code: 'body_required' });
    try {
      const compiled = compileTemplate(part, prefix);
      await renderCompiled(compiled, buildMergeContext(records, language), language, prefix);
    } catch (error) {
      if (error instanceof AppError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
}

const storedContent = (content: ContentInput): Partial<Record<TemplateLanguage, StoredContent>> =>
  Object.fromEntries(
    LANGUAGES.filter((l) => content[l]).map((l) => {
      const part = content[l]!;
      return [l, { subject: part.subject, html: part.html, text: part.text }];
    }),
  );

function defaultLanguageFor(
  content: Partial<Record<TemplateLanguage, unknown>>,
  asked: TemplateLanguage | undefined,
  current: string | undefined,
): TemplateLanguage {
  if (asked) {
    if (!content[asked])
      throw new AppError('validation_failed', {
        issues: [{ field: 'default_language', code: 'language_missing', params: { language: asked } }],
      });
    return asked;
  }
  return pickLanguage(content, current ? asLanguage(current) : null, current ?? 'es');
}

async function assertNameFree(trx: Executor, name: string, exceptId?: string): Promise<void> {
  let query = trx
    .selectFrom('email_templates')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .where('deleted_at', 'is', null);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst())
    throw new AppError('conflict', { issues: [{ field: 'name', code: 'name_taken' }] });
}

const nameTaken = (error: unknown): never => {
  if (isUniqueViolation(error, NAME_INDEX))
    throw new AppError('conflict', { issues: [{ field: 'name', code: 'name_taken' }] });
  throw error;
};

export async function createTemplate(
  db: Database,
  auth: AuthContext,
  input: CreateEmailTemplateRequest,
  locale: Locale,
): Promise<EmailTemplate> {
  await checkContent(db, input.content);
  const content = storedContent(input.content);
  const defaultLanguage = defaultLanguageFor(content, input.default_language, undefined);
  const id = await db
    .transaction()
    .execute(async (trx) => {
      await assertNameFree(trx, input.name);
      const now = new Date();
      const created = await trx
        .insertInto('email_templates')
        .values({
          id: newId(),
          name: input.name,
          description: input.description ?? '',
          content: JSON.stringify(content),
          default_language: defaultLanguage,
          active: input.active ?? true,
          commercial: input.commercial ?? false,
          created_at: now,
          updated_at: now,
          created_by: auth.userId,
          updated_by: auth.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordEvent(trx, {
        type: 'email_template.created',
        object: 'email_template',
        objectId: created.id,
        entityId: null,
        actorId: auth.userId,
        changes: { name: [null, input.name], languages: [null, languagesOf(content)] },
      });
      return created.id;
    })
    .catch(nameTaken);
  return getTemplate(db, id, locale);
}

export async function updateTemplate(
  db: Database,
  auth: AuthContext,
  id: string,
  input: UpdateEmailTemplateRequest,
  locale: Locale,
): Promise<EmailTemplate> {
  if (input.content) await checkContent(db, input.content);
  await db
    .transaction()
    .execute(async (trx) => {
      const current = await trx
        .selectFrom('email_templates')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound();
      if (current.version !== input.version) throw versionConflict(current.version);
      const changes: Record<string, [unknown, unknown]> = {};
      const set: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== current.name) {
        await assertNameFree(trx, input.name, id);
        set.name = input.name;
        changes.name = [current.name, input.name];
      }
      if (input.description !== undefined && input.description !== current.description) {
        set.description = input.description;
        changes.description = [current.description, input.description];
      }
      const content = input.content ? storedContent(input.content) : current.content;
      if (input.content && JSON.stringify(content) !== JSON.stringify(current.content)) {
        set.content = JSON.stringify(content);
        const changed = LANGUAGES.filter(
          (l) => JSON.stringify(content[l] ?? null) !== JSON.stringify(current.content[l] ?? null),
        );
        changes.content = [languagesOf(current.content), changed];
      }
      const defaultLanguage = defaultLanguageFor(content, input.default_language, current.default_language);
      if (defaultLanguage !== current.default_language) {
        set.default_language = defaultLanguage;
        changes.default_language = [current.default_language, defaultLanguage];
      }
      if (input.active !== undefined && input.active !== current.active) {
        set.active = input.active;
        changes.active = [current.active, input.active];
      }
      if (input.commercial !== undefined && input.commercial !== current.commercial) {
        set.commercial = input.commercial;
        changes.commercial = [current.commercial, input.commercial];
      }
      if (Object.keys(changes).length === 0) return;
      await trx
        .updateTable('email_templates')
        .set({ ...set, version: current.version + 1, updated_at: new Date(), updated_by: auth.userId })
        .where('id', '=', id)
        .execute();
      await recordEvent(trx, {
        type: 'email_template.updated',
        object: 'email_template',
        objectId: id,
        entityId: null,
        actorId: auth.userId,
        changes,
      });
    })
    .catch(nameTaken);
  return getTemplate(db, id, locale);
}

/** Soft delete: mails already sent keep pointing at it; it is no longer offered nor renderable by id. */
export async function deleteTemplate(db: Database, auth: AuthContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('email_templates')
      .select(['id', 'version', 'name'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    const now = new Date();
    await trx
      .updateTable('email_templates')
      .set({ deleted_at: now, version: current.version + 1, updated_at: now, updated_by: auth.userId })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, {
      type: 'email_template.deleted',
      object: 'email_template',
      objectId: id,
      entityId: null,
      actorId: auth.userId,
      changes: { name: [current.name, null] },
    });
  });
}

/**
 * Renders a saved template or the editor's content against records the caller may see (404 otherwise), as
 * the caller would send it (the caller is the sender).
 */
export async function previewTemplate(
  db: Database,
  auth: AuthContext,
  input: PreviewEmailTemplateRequest,
  locale: Locale,
): Promise<RenderedEmail> {
  let content: Partial<Record<TemplateLanguage, StoredContent>>;
  let defaultLanguage: string;
  let commercial: boolean;
  if (input.template_id) {
    const template = await findTemplate(db, input.template_id);
    content = template.content;
    defaultLanguage = template.default_language;
    commercial = template.commercial;
  } else {
    content = storedContent(input.content!);
    defaultLanguage = input.default_language ?? pickLanguage(content, null, 'es');
    commercial = input.commercial ?? false;
  }
  if (input.entity_id) {
    assertCan(auth, 'entities', 'read');
    await requireVisibleEntity(db, auth, input.entity_id);
  }
  if (input.contact_id) {
    assertCan(auth, 'contacts', 'read');
    await requireVisibleContact(db, auth, input.contact_id);
  }
  if (input.case_id) {
    assertCan(auth, 'cases', 'read');
    await requireVisibleCase(db, auth, input.case_id);
  }
  const records = await loadMergeRecords(db, {
    entityId: input.entity_id ?? null,
    contactId: input.contact_id ?? null,
    caseId: input.case_id ?? null,
    senderUserId: auth.userId,
  });
  const preferred = input.language ?? buildMergeContext(records, 'es').preferredLanguage;
  const language = pickLanguage(content, preferred, defaultLanguage);
  const part = content[language];
  if (!part) throw notFound();
  const prefix = `content.${language}.`;
  const rendered: RenderedMail = await renderCompiled(
    compileTemplate(part, prefix),
    buildMergeContext(records, language),
    language,
    prefix,
    commercial ? PREVIEW_UNSUBSCRIBE_URL() : undefined,
  );
  return { ...rendered, warnings: rendered.warnings.map((w) => localizeWarning(w, locale)) };
}

const KIND_OF_TYPE: Partial<Record<FieldDefinition['type'], MergeKind>> = {
  money: 'money',
  number: 'number',
  date: 'date',
};

/** The merge fields per object, with labels in every language, custom fields after the built-in ones. */
export async function mergeFieldCatalogue(db: Database): Promise<MergeFieldCatalogue> {
  const custom = await Promise.all(CUSTOM_ROOTS.map((root) => listFields(db, root)));
  const customOf = Object.fromEntries(CUSTOM_ROOTS.map((root, i) => [root, custom[i]!])) as Record<
    string,
    FieldDefinition[]
  >;
  const caseTypes = await db.selectFrom('case_types').select(['id', 'labels']).execute();
  const typeLabel = new Map(caseTypes.map((t) => [t.id, t.labels as Labels]));
  return {
    objects: MERGE_ROOTS.map((root) => {
      const fields: MergeField[] = [];
      if (root === 'today') {
        fields.push({
          path: 'today',
          labels: ROOT_LABELS.today,
          kind: 'date',
          custom: false,
          snippet: snippetFor('today', 'date'),
        });
      } else if (root === 'unsubscribe_url') {
        // Commercial templates only: without it, the link goes in a footer of its own.
        fields.push({
          path: root,
          labels: ROOT_LABELS.unsubscribe_url,
          kind: 'text',
          custom: false,
          snippet: snippetFor(root, 'text'),
        });
      } else {
        for (const field of BUILT_IN_FIELDS[root]) {
          const path = `${root}.${field.key}`;
          fields.push({
            path,
            labels: field.labels as Record<string, string>,
            kind: field.kind,
            custom: false,
            snippet: snippetFor(path, field.kind),
          });
        }
        const seen = new Set<string>();
        for (const def of customOf[root] ?? []) {
          if (seen.has(def.key)) continue;
          seen.add(def.key);
          const path = `${root}.custom.${def.key}`;
          const kind = KIND_OF_TYPE[def.type] ?? 'text';
          const type = def.type_id ? typeLabel.get(def.type_id) : undefined;
          const labels = Object.fromEntries(
            LANGUAGES.map((l) => [
              l,
              type ? `${labelIn(def.labels, l)} (${labelIn(type, l)})` : labelIn(def.labels, l),
            ]),
          );
          fields.push({ path, labels, kind, custom: true, snippet: snippetFor(path, kind) });
        }
      }
      return { key: root, labels: ROOT_LABELS[root] as Record<string, string>, fields };
    }),
  };
}
