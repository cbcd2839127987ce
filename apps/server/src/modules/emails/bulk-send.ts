import type { BulkSendEmailRequest, BulkSendEmailResult } from '@trato/contracts/mail';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { ownerScope } from '../../platform/permissions.ts';
import { normaliseAddress, optedOutAmong, unsubscribeUrl } from '../email-opt-outs/opt-outs.service.ts';
import { getTemplate } from '../email-templates/email-templates.service.ts';
import {
  loadMergeRecordsBatch,
  MERGE_CHUNK,
  type MergeRecords,
  type MergeRefs,
  preferredLanguageOfRecords,
} from '../email-templates/merge-context.ts';
import {
  buildMergeContext,
  type CompiledTemplate,
  compileTemplate,
  loadMergeLookups,
  pickLanguage,
  renderCompiled,
  type TemplateLanguage,
} from '../email-templates/template-render.ts';
import { chosenSendingAccount, sendingAccountFor } from '../mail-accounts/mail-transport.ts';
import { wakeEmailWorkers } from './email-worker.ts';
import {
  insertPreparedEmails,
  messageIdFor,
  oneLine,
  type PreparedEmail,
  queuedEvent,
} from './queue-email.ts';

// One template to many entities (up to 10 000): each goes to the entity's primary contact with an email (else
// the entity's own address). The template is parsed once per language and the shared lookups read once; the
// records are read MERGE_CHUNK (500) recipients at a time in four queries (cases, contacts, entities, users),
// the next chunk's read going on while this one renders; then every mail is queued in ONE transaction with
// multi-row inserts: all of them or none.

interface Target {
  id: string;
  name: string;
  entity_email: string | null;
  contact_id: string | null;
  first_name: string | null;
  last_name: string | null;
  contact_email: string | null;
}

export async function bulkSendEmails(
  db: Database,
  auth: AuthContext,
  input: BulkSendEmailRequest,
): Promise<BulkSendEmailResult> {
  const template = await getTemplate(db, input.template_id, 'es').catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found')
      throw new AppError('validation_failed', {
        issues: [{ field: 'template_id', code: 'unknown_template' }],
      });
    throw error;
  });
  const sender = input.account_id
    ? await chosenSendingAccount(db, auth.userId, input.account_id)
    : await sendingAccountFor(db, auth.userId);
  if (!sender)
    throw new AppError('validation_failed', { issues: [{ field: 'account_id', code: 'unknown_account' }] });

  const skipped: BulkSendEmailResult['skipped'] = [];
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const id of input.entity_ids) {
    if (seen.has(id)) skipped.push({ entity_id: id, reason: 'duplicate' });
    else {
      seen.add(id);
      ids.push(id);
    }
  }
  const scope = ownerScope(auth, 'entities', 'e.owner_id');
  const found = await sql<Target>`
    select e.id, e.name, e.emails[1] as entity_email, c.id as contact_id, c.first_name, c.last_name,
           c.emails[1] as contact_email
    from entities e
    left join lateral (
      select c.id, c.first_name, c.last_name, c.emails from contacts c
      where c.entity_id = e.id and c.deleted_at is null and cardinality(c.emails) > 0
      order by c.is_primary desc, c.created_at, c.id
      limit 1) c on true
    where e.id = any(${ids}::uuid[]) and e.deleted_at is null ${scope ? sql`and ${scope}` : sql``}`.execute(
    db,
  );
  const byId = new Map(found.rows.map((t) => [t.id, t]));
  // Commercial mail never goes to an address that opted out (the entity is skipped, not sent to another one).
  const optedOut = template.commercial
    ? await optedOutAmong(
        db,
        found.rows.map((t) => t.contact_email ?? t.entity_email ?? ''),
      )
    : new Set<string>();
  const targets: Target[] = [];
  for (const id of ids) {
    const target = byId.get(id);
    if (!target) skipped.push({ entity_id: id, reason: 'not_found' });
    else if (!target.contact_email && !target.entity_email)
      skipped.push({ entity_id: id, reason: 'no_recipient' });
    else if (optedOut.has(normaliseAddress(target.contact_email ?? target.entity_email ?? '')))
      skipped.push({ entity_id: id, reason: 'opted_out' });
    else targets.push(target);
  }

  const lookups = await loadMergeLookups(db);
  const compiled = new Map<TemplateLanguage, CompiledTemplate>();
  const compiledFor = (language: TemplateLanguage) => {
    let found = compiled.get(language);
    const part = template.content[language];
    if (!found && part) {
      found = compileTemplate(part, `content.${language}.`);
      compiled.set(language, found);
    }
    if (!found)
      throw new AppError('validation_failed', { issues: [{ field: 'language', code: 'invalid_option' }] });
    return found;
  };

  const refsOf = (target: Target): MergeRefs => ({
    entityId: target.id,
    contactId: target.contact_email ? target.contact_id : null,
    senderUserId: auth.userId,
  });
  const read = (start: number): Promise<MergeRecords[]> | null => {
    if (start >= targets.length) return null;
    const reading = loadMergeRecordsBatch(db, targets.slice(start, start + MERGE_CHUNK).map(refsOf), lookups);
    reading.catch(() => {}); // awaited below; a failure throws there
    return reading;
  };
  const prepared: PreparedEmail[] = [];
  /** The address each prepared mail goes to, in the same order. */
  const recipients: string[] = [];
  let reading = read(0);
  for (let start = 0; reading; start += MERGE_CHUNK) {
    const chunk = await reading;
    reading = read(start + MERGE_CHUNK);
    for (const [offset, records] of chunk.entries()) {
      const target = targets[start + offset] as Target;
      const language = pickLanguage(
        template.content,
        input.language ?? preferredLanguageOfRecords(records),
        template.default_language,
      );
      const id = newId();
      const rendered = await renderCompiled(
        compiledFor(language),
        buildMergeContext(records, language),
        language,
        '',
        template.commercial ? unsubscribeUrl(id) : undefined,
      );
      const to = target.contact_email
        ? {
            name: [target.first_name, target.last_name].filter(Boolean).join(' '),
            address: target.contact_email,
          }
        : { name: target.name, address: target.entity_email ?? '' };
      prepared.push(prepare(id, auth.userId, sender, target, to, rendered, input.template_id, language));
      recipients.push(to.address);
    }
  }

  let queued = prepared;
  if (prepared.length > 0)
    await db.transaction().execute(async (trx) => {
      // Asked again where the mails are written: someone may have opted out while they were rendered.
      if (template.commercial) {
        const late = await optedOutAmong(trx, recipients);
        queued = prepared.filter((p, i) => {
          if (!late.has(normaliseAddress(recipients[i] as string))) return true;
          skipped.push({ entity_id: p.row.entity_id as string, reason: 'opted_out' });
          return false;
        });
      }
      await insertPreparedEmails(trx, queued);
    });
  wakeEmailWorkers();
  return { queued: queued.length, skipped };
}

function prepare(
  id: string,
  actorId: string,
  sender: { accountId: string | null; from: { name: string; address: string } },
  target: Target,
  to: { name: string; address: string },
  rendered: { subject: string; html: string; text: string; commercial?: boolean },
  templateId: string,
  language: TemplateLanguage,
): PreparedEmail {
  const now = new Date();
  const recipient = { name: oneLine(to.name, 200), address: to.address };
  const html = rendered.html.trim() ? rendered.html : null;
  const contactId = target.contact_email ? target.contact_id : null;
  const row = {
    id,
    direction: 'out' as const,
    account_id: sender.accountId,
    message_id: messageIdFor(id, sender.from.address),
    in_reply_to: null,
    references: [],
    thread_id: id,
    from_address: sender.from.address,
    from_name: oneLine(sender.from.name, 200),
    to_recipients: JSON.stringify([recipient]),
    cc_recipients: '[]',
    bcc_recipients: '[]',
    subject: oneLine(rendered.subject, 998),
    text_body: rendered.text,
    html_body: html,
    template_id: templateId,
    language,
    status: 'queued' as const,
    attempts: 0,
    next_attempt_at: now,
    size_bytes: Buffer.byteLength(rendered.text) + (html ? Buffer.byteLength(html) : 0),
    entity_id: target.id,
    contact_id: contactId,
    case_id: null,
    rule_id: null,
    unsubscribe: rendered.commercial === true,
    created_at: now,
    updated_at: now,
    created_by: actorId,
  };
  return {
    row,
    links: [{ email_id: id, entity_id: target.id, contact_id: contactId, case_id: null }],
    attachments: [],
    event: queuedEvent(row, actorId, [recipient]),
  };
}
