import { type FilterImplOptions, Liquid, type Template } from 'liquidjs';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { isUuid } from '../../platform/ids.ts';
import {
  buildMergeContext,
  loadMergeRecords,
  type MergeContext,
  type MergeRefs,
  type TemplateLanguage,
} from './merge-context.ts';
import { knownField, type MERGE_ROOTS } from './merge-fields.ts';

export {
  buildMergeContext,
  loadMergeContext,
  loadMergeContexts,
  loadMergeLookups,
  loadMergeRecords,
  loadMergeRecordsBatch,
  MERGE_CHUNK,
  type MergeContext,
  type MergeLookups,
  type MergeRecords,
  type MergeRefs,
  preferredLanguageOfRecords,
  type TemplateLanguage,
} from './merge-context.ts';

import { escapeHtml, textFromHtml } from '../../platform/html-text.ts';
import { translator } from '../../platform/i18n.ts';
import { publicUrl } from '../../platform/mail.ts';
import { getCompanyProfile } from '../company/company.service.ts';
import { unsubscribeUrl } from '../email-opt-outs/opt-outs.service.ts';

// Liquid templates, rendered safely: no file system (include/render/layout are not tags here), only own
// properties of the plain objects of the merge context, limits on source size, render time and memory.
// Values are HTML-escaped in the HTML part, left as they are in the subject and the text part.

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  language: TemplateLanguage;
  /** Unknown merge fields (rendered empty), fields empty on the record, records the template needs. */
  warnings: { field: string; message_key: string }[];
  /** Rendered from a commercial template: sent with its unsubscribe link and List-Unsubscribe headers. */
  commercial?: boolean;
}

export interface TemplateSource {
  subject: string;
  html?: string | null;
  text?: string | null;
}

type Part = 'subject' | 'html' | 'text';

export interface CompiledTemplate {
  subject: Template[];
  html: Template[] | null;
  /** null: the text part is made from the rendered HTML. */
  text: Template[] | null;
  /** The merge fields used (first segments of each global variable), for the warnings. */
  variables: { part: Part; segments: string[] }[];
}

const LOCALE_TAG: Record<TemplateLanguage, string> = { es: 'es-ES', ca: 'ca-ES', en: 'en-GB' };
const LANGUAGES: TemplateLanguage[] = ['es', 'ca', 'en'];
const MAX_SUBJECT = 2000;
const MAX_HTML = 5_000_000;
const MAX_TEXT = 1_000_000;
const CONTEXT = Symbol('trato.mergeContext');
/** What {{ unsubscribe_url }} shows in a preview: the link's page, saying it belongs to no mail. */
export const PREVIEW_UNSUBSCRIBE_URL = () => `${publicUrl()}/api/v1/unsubscribe/preview`;

export const MESSAGE_KEYS = {
  unknownField: 'template_warning.unknown_field',
  emptyValue: 'template_warning.empty_value',
  noRecord: 'template_warning.no_record',
} as const;

/** What a filter is called with (liquidjs's FilterImpl, which the package does not export). */
type FilterThis = ThisParameterType<Extract<FilterImplOptions, (...args: never[]) => unknown>>;

const contextOf = (self: FilterThis): MergeContext | undefined =>
  (self.context.environments as { [CONTEXT]?: MergeContext })[CONTEXT];

const isBlank = (v: unknown) => v === null || v === undefined || v === '';

/** `{{ case.amount | money }}` → "1.234,50 €" in es: the record's currency unless one is given. */
function money(this: FilterThis, value: unknown, currency?: unknown): string {
  if (isBlank(value)) return '';
  const merge = contextOf(this);
  const language = merge?.language ?? 'es';
  const code = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency : merge?.currency;
  const amount = typeof value === 'number' ? String(value) : String(value).trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(amount) && typeof value !== 'number') return String(value);
  try {
    // A decimal string is formatted exactly (no float on the way).
    return moneyFormat(language, (code ?? 'EUR').toUpperCase()).format(amount as unknown as number);
  } catch {
    return amount;
  }
}

// Formatters are costly to make and the same for every record of a bulk send: made once per language and
// currency (or date style and zone). An unknown currency code throws on creation, as before, and is not kept.
const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(language: TemplateLanguage, currency: string): Intl.NumberFormat {
  const key = `${language}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE_TAG[language], {
      style: 'currency',
      currency,
      useGrouping: 'always',
    });
    if (moneyFormats.size > 500) moneyFormats.clear();
    moneyFormats.set(key, format);
  }
  return format;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(
  language: TemplateLanguage,
  dateStyle: 'short' | 'medium' | 'long' | 'full',
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${language}|${dateStyle}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE_TAG[language], { dateStyle, timeZone });
    if (dateFormats.size > 500) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

const DATE_STYLES = new Set(['short', 'medium', 'long', 'full']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `{{ case.expected_close | date }}` → "24 de noviembre de 2026"; `| date: "short"` → "24/11/26"; a strftime
 * format (`| date: "%d/%m/%Y"`) works as in standard Liquid, with month names in the template's language.
 */
function makeDateFilter(standard: FilterImplOptions) {
  return function date(this: FilterThis, value: unknown, format?: unknown, zone?: unknown): unknown {
    if (isBlank(value)) return '';
    const merge = contextOf(this);
    const language = merge?.language ?? 'es';
    const dateOnly = typeof value === 'string' && DATE_ONLY.test(value);
    const timeZone = dateOnly ? 'UTC' : (merge?.timeZone ?? 'UTC');
    if (format === undefined || format === null || (typeof format === 'string' && DATE_STYLES.has(format))) {
      let instant: Date;
      if (value === 'now' || value === 'today') instant = new Date();
      else if (value instanceof Date) instant = value;
      else if (typeof value === 'number') instant = new Date(value * 1000);
      else if (dateOnly) instant = new Date(`${value}T00:00:00Z`);
      else instant = new Date(String(value));
      if (Number.isNaN(instant.getTime())) return value;
      const style = (format ?? 'long') as 'short' | 'medium' | 'long' | 'full';
      return dateFormat(language, style, timeZone).format(instant);
    }
    const handler = typeof standard === 'function' ? standard : standard.handler;
    const opts = { ...this.context.opts, locale: LOCALE_TAG[language], timezoneOffset: timeZone };
    const context = Object.create(this.context, { opts: { value: opts } });
    return handler.call({ ...this, context } as never, value, format, zone);
  };
}

function makeEngine(html: boolean): Liquid {
  const engine = new Liquid({
    // No file system: an in-memory, empty one, and the tags that read templates are removed below.
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    ...(html && { outputEscape: 'escape' as const }),
    parseLimit: 1_000_000,
    renderLimit: 2_000,
    memoryLimit: 20_000_000,
    timezoneOffset: 'UTC',
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete engine.tags[tag];
  const standardDate = engine.filters.date;
  if (standardDate) engine.registerFilter('date', makeDateFilter(standardDate));
  engine.registerFilter('money', money);
  return engine;
}

const htmlEngine = makeEngine(true);
const textEngine = makeEngine(false);

interface LiquidErrorLike {
  name?: string;
  message?: string;
  token?: { getPosition?: () => [number, number] };
  originalError?: { message?: string };
}

/** A Liquid error → the field issue the API answers with: line, column and liquidjs's own words. */
function issueOf(error: unknown, field: string, code: 'template_syntax' | 'template_render'): FieldIssue {
  const e = error as LiquidErrorLike;
  const [line, column] = e.token?.getPosition?.() ?? [1, 1];
  const raw = e.originalError?.message ?? e.message ?? String(error);
  // liquidjs appends ", line:3, col:14" to its messages; the issue carries them as params.
  const message = raw
    .replace(/, line:\d+, col:\d+$/, '')
    .split('\n')[0]!
    .slice(0, 300);
  return { field, code, params: { line, column, message } };
}

function parsePart(engine: Liquid, source: string, field: string, issues: FieldIssue[]): Template[] | null {
  try {
    return engine.parse(source);
  } catch (error) {
    issues.push(issueOf(error, field, 'template_syntax'));
    return null;
  }
}

function variablesOf(engine: Liquid, templates: Template[], part: Part): CompiledTemplate['variables'] {
  try {
    return engine.globalVariableSegmentsSync(templates).map((segments) => {
      const plain: string[] = [];
      // A dynamic lookup (contact[key]) stops the path where it starts.
      for (const s of segments) {
        if (typeof s !== 'string') break;
        plain.push(s);
      }
      return { part, segments: plain };
    });
  } catch {
    return [];
  }
}

/**
 * Parses a template once (for a bulk send: then renderCompiled per record). A syntax error throws 422 with
 * issues on `${fieldPrefix}subject|html|text`, each with line, column and message.
 */
export function compileTemplate(content: TemplateSource, fieldPrefix = ''): CompiledTemplate {
  const issues: FieldIssue[] = [];
  const subject = parsePart(textEngine, content.subject, `${fieldPrefix}subject`, issues);
  const htmlSource = content.html ?? '';
  const textSource = content.text ?? '';
  const html = htmlSource.trim() ? parsePart(htmlEngine, htmlSource, `${fieldPrefix}html`, issues) : null;
  const text = textSource.trim() ? parsePart(textEngine, textSource, `${fieldPrefix}text`, issues) : null;
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  const compiled: CompiledTemplate = { subject: subject ?? [], html, text, variables: [] };
  compiled.variables = [
    ...variablesOf(textEngine, compiled.subject, 'subject'),
    ...(html ? variablesOf(htmlEngine, html, 'html') : []),
    ...(text ? variablesOf(textEngine, text, 'text') : []),
  ];
  return compiled;
}

/** The template's unknown fields (no records needed), with the part each is in. */
export function unknownFields(
  compiled: CompiledTemplate,
  customKeys: MergeContext['customKeys'],
): { field: string; part: Part }[] {
  const seen = new Set<string>();
  const out: { field: string; part: Part }[] = [];
  for (const { part, segments } of compiled.variables) {
    if (segments.length === 0 || knownField(segments, customKeys)) continue;
    const field = segments.join('.');
    if (seen.has(`${part}:${field}`)) continue;
    seen.add(`${part}:${field}`);
    out.push({ field, part });
  }
  return out;
}

function valueAt(values: MergeContext['values'], path: string[]): unknown {
  let node: unknown = values;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function warningsFor(compiled: CompiledTemplate, context: MergeContext): RenderedMail['warnings'] {
  const warnings: RenderedMail['warnings'] = [];
  const seen = new Set<string>();
  const add = (field: string, key: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    warnings.push({ field, message_key: key });
  };
  for (const { segments } of compiled.variables) {
    if (segments.length === 0) continue;
    const field = knownField(segments, context.customKeys);
    if (!field) {
      add(segments.join('.'), MESSAGE_KEYS.unknownField);
      continue;
    }
    const root = segments[0] as (typeof MERGE_ROOTS)[number];
    if (root === 'today' || root === 'company' || root === 'unsubscribe_url') continue;
    if (context.values[root] === null) {
      add(root, MESSAGE_KEYS.noRecord);
      continue;
    }
    if (field === root || field.endsWith('.custom')) continue;
    if (isBlank(valueAt(context.values, field.split('.')))) add(field, MESSAGE_KEYS.emptyValue);
  }
  return warnings;
}

/** The text part of a mail whose template has none: the rendered HTML as text (platform/html-text.ts). */
export const htmlToText = (html: string): string => textFromHtml(html);

async function renderPart(
  engine: Liquid,
  templates: Template[],
  scope: object,
  field: string,
  max: number,
): Promise<string> {
  let out: unknown;
  try {
    out = engine.renderSync(templates, scope);
  } catch (error) {
    throw new AppError('validation_failed', { issues: [issueOf(error, field, 'template_render')] });
  }
  const text = String(out ?? '');
  if (text.length > max)
    throw new AppError('validation_failed', { issues: [{ field, code: 'too_long', params: { max } }] });
  return text;
}

/**
 * A commercial mail always shows its unsubscribe link: where the template put {{ unsubscribe_url }}, else in a
 * footer in the mail's language (HTML and text parts each).
 */
function withUnsubscribeFooter<T extends { html: string; text: string; language: TemplateLanguage }>(
  mail: T,
  url: string,
  company: string,
): T & { commercial: true } {
  const t = translator(mail.language);
  const html =
    !mail.html || mail.html.includes(escapeHtml(url))
      ? mail.html
      : `${mail.html}\n<p style="margin-top:24px;font-size:12px;color:#868e96">${t(
          'mail.unsubscribe.footer_html',
          {
            company: escapeHtml(company),
            url: escapeHtml(url),
          },
        )}</p>`;
  const text = mail.text.includes(url)
    ? mail.text
    : `${mail.text}\n\n-- \n${t('mail.unsubscribe.footer_text', { company, url })}`;
  return { ...mail, html, text, commercial: true };
}

/**
 * A commercial mail whose body the user edited after the preview: the preview's link becomes this mail's, and
 * the footer comes back if the user took the link out.
 */
export async function keepUnsubscribeLink(
  db: Executor,
  mail: { html: string; text: string; language: TemplateLanguage },
  emailId: string,
): Promise<{ html: string; text: string }> {
  const preview = PREVIEW_UNSUBSCRIBE_URL();
  const url = unsubscribeUrl(emailId);
  return withUnsubscribeFooter(
    { ...mail, html: mail.html.replaceAll(preview, url), text: mail.text.replaceAll(preview, url) },
    url,
    (await getCompanyProfile(db)).name ?? '',
  );
}

/**
 * Renders a parsed template with one record's context. Render errors (limits) throw 422 on the part.
 * `unsubscribeUrl`: a commercial mail's link, as {{ unsubscribe_url }} and in a footer when not used.
 */
export async function renderCompiled(
  compiled: CompiledTemplate,
  context: MergeContext,
  language: TemplateLanguage = context.language,
  fieldPrefix = '',
  unsubscribeUrl?: string,
): Promise<RenderedMail> {
  const values = unsubscribeUrl ? { ...context.values, unsubscribe_url: unsubscribeUrl } : context.values;
  // The plain values, plus the context under a symbol the filters read and templates cannot reach.
  const scope = { ...values, [CONTEXT]: { ...context, language } };
  const subject = await renderPart(textEngine, compiled.subject, scope, `${fieldPrefix}subject`, MAX_SUBJECT);
  const html = compiled.html
    ? await renderPart(htmlEngine, compiled.html, scope, `${fieldPrefix}html`, MAX_HTML)
    : '';
  const text = compiled.text
    ? await renderPart(textEngine, compiled.text, scope, `${fieldPrefix}text`, MAX_TEXT)
    : htmlToText(html);
  const mail: RenderedMail = {
    // A subject is one header line: no line breaks can get into it.
    subject: subject.replace(/[\r\n\t]+/g, ' ').trim(),
    html,
    text,
    language,
    warnings: warningsFor(compiled, context),
  };
  if (!unsubscribeUrl) return mail;
  const company = typeof context.values.company.name === 'string' ? context.values.company.name : '';
  return withUnsubscribeFooter(
    mail,
    unsubscribeUrl,
    company || (context.values.sender?.name as string) || '',
  );
}

/** Parses and renders one language's content (a preview of unsaved content, a one-off mail). */
export async function renderTemplateContent(
  content: TemplateSource,
  context: MergeContext,
  language: TemplateLanguage = context.language,
  fieldPrefix = '',
): Promise<RenderedMail> {
  return renderCompiled(compileTemplate(content, fieldPrefix), context, language, fieldPrefix);
}

/**
 * The language a mail is rendered in: the one asked for if the template has it, else the template's default,
 * else the first it has.
 */
export function pickLanguage(
  available: Partial<Record<TemplateLanguage, unknown>>,
  asked: TemplateLanguage | null | undefined,
  defaultLanguage: string,
): TemplateLanguage {
  if (asked && available[asked]) return asked;
  if ((LANGUAGES as string[]).includes(defaultLanguage) && available[defaultLanguage as TemplateLanguage])
    return defaultLanguage as TemplateLanguage;
  return LANGUAGES.find((l) => available[l]) ?? 'es';
}

/**
 * Renders a saved template for the given records. Language: the one given, else the recipient's (the
 * contact's `language`, else the entity's), else the template's default; a language the template lacks falls
 * back to the default. 404 for a template that does not exist (or was deleted).
 */
export async function renderTemplateById(
  db: Executor,
  templateId: string,
  refs: MergeRefs,
  language?: TemplateLanguage,
  /** The id the mail will have: a commercial template's unsubscribe link is made for it. */
  emailId?: string,
): Promise<RenderedMail> {
  if (!isUuid(templateId)) throw notFound();
  const template = await db
    .selectFrom('email_templates')
    .select(['content', 'default_language', 'commercial'])
    .where('id', '=', templateId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!template) throw notFound();
  const records = await loadMergeRecords(db, refs);
  const preferred = language ?? buildMergeContext(records, 'es').preferredLanguage;
  const chosen = pickLanguage(template.content, preferred, template.default_language);
  const part = template.content[chosen];
  if (!part) throw notFound();
  const prefix = `content.${chosen}.`;
  const link = template.commercial
    ? emailId
      ? unsubscribeUrl(emailId)
      : PREVIEW_UNSUBSCRIBE_URL()
    : undefined;
  return renderCompiled(
    compileTemplate(part, prefix),
    buildMergeContext(records, chosen),
    chosen,
    prefix,
    link,
  );
}
