import { randomBytes } from 'node:crypto';
import { CreateAutomationRuleRequest } from '@trato/contracts/automation';
import { CreateEmailTemplateRequest } from '@trato/contracts/email-templates';
import { type Insertable, sql } from 'kysely';
import { UUID } from 'uuidv7';
import type { Database } from '../db/connection.ts';
import type { EmailLinksTable, EmailsTable, EventsTable, StoredAddress } from '../db/schema.ts';
import {
  addDays,
  DEFAULT_TIME_ZONE,
  localDate,
  localTime,
  weekday,
  zonedInstant,
} from '../modules/actions/zoned-time.ts';
import { createRule } from '../modules/automation/automation.service.ts';
import { AUTOMATION_CURSOR_KEY, automationAuth } from '../modules/automation/engine.ts';
import { recordCaseFirstResponse } from '../modules/cases/cases.service.ts';
import { recordOptOut } from '../modules/email-opt-outs/opt-outs.service.ts';
import { createTemplate } from '../modules/email-templates/email-templates.service.ts';
import {
  buildMergeContext,
  type CompiledTemplate,
  compileTemplate,
  loadMergeLookups,
  loadMergeRecordsBatch,
  renderCompiled,
} from '../modules/email-templates/template-render.ts';
import { MAX_EMAIL_ATTEMPTS } from '../modules/emails/email-worker.ts';
import { messageIdFor, queuedEvent, replySubject } from '../modules/emails/queue-email.ts';
import type { DomainEvent } from '../platform/events.ts';
import { retryDelayMs } from '../platform/mail.ts';
import { createRandom, type Random } from './bulk-load.ts';
import type { DemoPeople } from './demo-actions.ts';
import {
  COMPANY,
  type Fill,
  htmlOf,
  type Lang,
  QUESTIONS,
  REPLIES,
  TEMPLATES,
  type TemplateKey,
  type Text,
} from './demo-mail-content.ts';

/*
 * The demo company's mail, relative to the day it is loaded: four templates in Spanish, Catalan and English
 * (made through the templates service, so they are checked as the API checks them); about forty mails of the
 * last sixty days on demo records — company presentations to leads, proposals on opportunities and claim
 * follow-ups (rendered from the templates against the very records they are about), visit confirmations,
 * questions from customers — with the customers' replies threaded to them and two sends that failed; and
 * three automation rules (two active, one switched-off example) made through the automation service.
 * No mail account is made and no mail is queued: nothing here is ever sent. Mails and their events carry the
 * moment they happened (their ids are UUIDv7 of that moment, so lists and timelines keep date order), and the
 * automation engine's cursor is moved past everything the demo wrote, so the rules only act on what happens
 * after the load. The words are in demo-mail-content.ts.
 */

export interface DemoMailPeople extends DemoPeople {
  /** Who made the templates and rules (the first administrator, else the manager): the rules act as them. */
  authorId: string;
}

export interface DemoMailResult {
  templates: number;
  emails: number;
  rules: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TZ = DEFAULT_TIME_ZONE;

/**
 * Loads the demo mail: the templates not there yet, the mails (only into a database without any) and the rules
 * (only when there are none); then moves the automation cursor past the demo's events.
 */
export async function loadDemoMail(
  db: Database,
  people: DemoMailPeople,
  options: { seed: number; now?: Date },
): Promise<DemoMailResult> {
  const now = options.now ?? new Date();
  const auth = await automationAuth(db, { createdBy: people.authorId, name: '' });

  // The company the templates speak for (kept if an administrator already set it).
  await db
    .insertInto('settings')
    .values({ key: 'company', value: JSON.stringify(COMPANY), updated_at: now, updated_by: people.authorId })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();

  // Templates, through the service (checked as POST /email-templates checks them).
  const templateIds = new Map<TemplateKey, string>();
  let templates = 0;
  for (const [key, input] of Object.entries(TEMPLATES) as [TemplateKey, CreateEmailTemplateRequest][]) {
    const existing = await db
      .selectFrom('email_templates')
      .select('id')
      .where(sql`lower(name)`, '=', input.name.toLowerCase())
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (existing) {
      templateIds.set(key, existing.id);
      continue;
    }
    const made = await createTemplate(db, auth, CreateEmailTemplateRequest.parse(input), 'es');
    templateIds.set(key, made.id);
    templates++;
  }

  const emails = (await db.selectFrom('emails').select('id').limit(1).executeTakeFirst())
    ? 0
    : await loadDemoEmails(db, people, templateIds, createRandom(options.seed + 5), now);
  const rules = await loadDemoRules(db, people, auth);
  await optOutOneDemoContact(db, people.authorId);

  // The engine reads the events after its cursor: start it after everything the demo wrote, or the rules
  // would reassign the demo's claims (and act on its other records) the moment the server starts.
  const newest = await db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (newest) {
    const value = JSON.stringify({ event_id: newest.id });
    await db
      .insertInto('settings')
      .values({ key: AUTOMATION_CURSOR_KEY, value, updated_at: now, updated_by: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }
  return { templates, emails, rules };
}

/** One customer asked (on the phone) for no more commercial mail: the newsletter skips them, their record says so. */
async function optOutOneDemoContact(db: Database, authorId: string): Promise<void> {
  if (await db.selectFrom('email_opt_outs').select('address').limit(1).executeTakeFirst()) return;
  // The address a mail to the whole entity goes to (bulk-send.ts): its first contact with one.
  const { rows } = await sql<{ address: string }>`
    select c.emails[1] as address from entities e
    join lateral (
      select emails from contacts c
      where c.entity_id = e.id and c.deleted_at is null and cardinality(c.emails) > 0
      order by c.is_primary desc, c.created_at, c.id
      limit 1) c on true
    where e.deleted_at is null
    order by e.created_at, e.id
    offset 3 limit 1`.execute(db);
  const contact = rows[0];
  if (!contact) return;
  await db
    .transaction()
    .execute((trx) =>
      recordOptOut(trx, { address: contact.address, source: 'user', emailId: null, actorId: authorId }),
    );
}

// Mails ------------------------------------------------------------------------------------------------------------

interface Agent {
  id: string;
  name: string;
  email: string;
  lang: Lang;
}

/** Who a mail is to or from on the customer's side, and the records it is linked to. */
interface Target {
  entityId: string;
  entityName: string;
  contactId: string;
  firstName: string;
  fullName: string;
  address: string;
  caseId: string | null;
}

interface Mail {
  direction: 'out' | 'in';
  at: Date;
  agent: Agent;
  target: Target;
  parent: Mail | null;
  lang: Lang;
  /** Out: a template rendered against the target. Otherwise a subject (or the parent's) and a written text. */
  template?: TemplateKey;
  subject?: string;
  write?: (f: Fill) => string;
  failure?: { error: string; attempts: number };
  // Made when the mail is rendered and its row written:
  text?: string;
  html?: string | null;
  id?: string;
  messageId?: string;
}

/** An entity of the demo with the contact mail goes to (its primary contact with an email, if any). */
interface EntityRow {
  id: string;
  name: string;
  kind: string;
  roles: string[];
  owner: Agent | undefined;
  contact: Target;
}

/** What the conversations are planned with: the demo's people and records, and the clock. */
interface Plan {
  random: Random;
  now: Date;
  /** Mails are dated within [earliest, latest]. */
  earliest: number;
  latest: number;
  agents: Map<string, Agent>;
  entities: EntityRow[];
  contacts: Map<string, Target>;
  mails: Mail[];
  /** Entities already in a conversation (one conversation each, so the demo spreads over many). */
  used: Set<string>;
}

async function loadDemoEmails(
  db: Database,
  people: DemoMailPeople,
  templateIds: Map<TemplateKey, string>,
  random: Random,
  now: Date,
): Promise<number> {
  const plan = await readDemo(db, people, random, now);
  if (plan.agents.size === 0 || plan.entities.length === 0) return 0;
  planPresentations(plan);
  await planProposals(db, plan);
  const firstResponses = await planClaims(db, plan);
  await planVisitConfirmations(db, plan);
  planQuestions(plan);
  await renderTemplated(db, plan.mails);

  const { emails, links, events } = rowsOf(plan, templateIds);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('emails').values(emails).execute();
    await trx.insertInto('email_links').values(links).execute();
    await trx.insertInto('events').values(events).execute();
    // A claim answered by mail has had its first response, as when the worker sends it.
    for (const { caseId, at } of firstResponses) await recordCaseFirstResponse(trx, caseId, at);
  });
  return emails.length;
}

async function readDemo(db: Database, people: DemoMailPeople, random: Random, now: Date): Promise<Plan> {
  const agentRows = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.name', 'users.email'])
    .where('roles.key', '=', 'agent')
    .where('users.id', 'in', [...people.agents.keys(), people.managerId])
    .orderBy('users.name')
    .execute();
  const agents = new Map<string, Agent>(
    agentRows.map((u) => [u.id, { ...u, lang: people.agents.get(u.id) ?? 'es' }]),
  );
  // Contacts with an email, the primary one of each entity first.
  const rows = await db
    .selectFrom('entities as e')
    .innerJoin('contacts as c', 'c.entity_id', 'e.id')
    .select([
      'e.id',
      'e.name',
      'e.kind',
      'e.roles',
      'e.owner_id',
      'c.id as contact_id',
      'c.first_name',
      'c.last_name',
      'c.emails',
    ])
    .where('e.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .where(sql<boolean>`cardinality(c.emails) > 0`)
    .orderBy('e.name')
    .orderBy('c.is_primary', 'desc')
    .orderBy('c.id')
    .execute();
  const contacts = new Map<string, Target>();
  const entities = new Map<string, EntityRow>();
  for (const row of rows) {
    const target: Target = {
      entityId: row.id,
      entityName: row.name,
      contactId: row.contact_id,
      firstName: row.first_name,
      fullName: [row.first_name, row.last_name].filter(Boolean).join(' '),
      address: row.emails[0]!,
      caseId: null,
    };
    contacts.set(row.contact_id, target);
    if (!entities.has(row.id))
      entities.set(row.id, {
        id: row.id,
        name: row.name,
        kind: row.kind,
        roles: row.roles,
        owner: row.owner_id ? agents.get(row.owner_id) : undefined,
        contact: target,
      });
  }
  return {
    random,
    now,
    earliest: now.getTime() - 58 * DAY,
    latest: now.getTime() - 2 * MINUTE,
    agents,
    entities: [...entities.values()],
    contacts,
    mails: [],
    used: new Set(),
  };
}

// When people write ---------------------------------------------------------------------------------------------

const weekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

/** Whether people write at that moment: 8:30–19:30 on a weekday, Madrid time. */
function inHours(at: Date): boolean {
  const time = localTime(at, TZ);
  return !weekend(localDate(at, TZ)) && time >= '08:30' && time <= '19:30';
}

/**
 * The moment itself when people write then; else the nearer of the next working morning and the previous
 * working afternoon that lies within [lower, upper]; else the moment itself.
 */
function settle(plan: Plan, at: Date, lower: number, upper: number): Date {
  if (inHours(at)) return at;
  const { random } = plan;
  const time = localTime(at, TZ);
  let next = localDate(at, TZ);
  if (time > '19:30') next = addDays(next, 1);
  while (weekend(next)) next = addDays(next, 1);
  let previous = localDate(at, TZ);
  if (time < '08:30') previous = addDays(previous, -1);
  while (weekend(previous)) previous = addDays(previous, -1);
  const options = [
    zonedInstant(next, `0${random.int(8, 9)}:${random.pick(['35', '40', '50', '55'])}`, TZ),
    zonedInstant(previous, `${random.int(16, 18)}:${random.pick(['05', '15', '25', '35', '45', '55'])}`, TZ),
  ]
    .filter((d) => d.getTime() >= lower && d.getTime() <= upper)
    .sort((x, y) => Math.abs(x.getTime() - at.getTime()) - Math.abs(y.getTime() - at.getTime()));
  return options[0] ?? at;
}

/** A moment `minGap` to `maxGap` after `from`, when people write if it can be, never after `limit`. */
function later(plan: Plan, from: Date, minGap: number, maxGap: number, limit = plan.latest): Date | null {
  const room = limit - from.getTime();
  if (room < 2 * MINUTE) return null;
  const gap = Math.min(minGap + plan.random.next() * (maxGap - minGap), room);
  return settle(plan, new Date(from.getTime() + Math.max(MINUTE, gap)), from.getTime() + MINUTE, limit);
}

/** Some working moment `daysAgo` days ago. */
function daysAgo(plan: Plan, days: number): Date {
  const day = localDate(new Date(plan.now.getTime() - days * DAY), TZ);
  const time = `${String(plan.random.int(9, 17)).padStart(2, '0')}:${plan.random.pick(['05', '20', '35', '50'])}`;
  return settle(plan, zonedInstant(day, time, TZ), plan.earliest, plan.latest);
}

// Conversations ---------------------------------------------------------------------------------------------------

function send(
  plan: Plan,
  template: TemplateKey,
  agent: Agent,
  target: Target,
  at: Date,
  failure?: Mail['failure'],
) {
  plan.used.add(target.entityId);
  const mail: Mail = { direction: 'out', at, agent, target, parent: null, lang: agent.lang, template };
  if (failure) mail.failure = failure;
  plan.mails.push(mail);
  return mail;
}

function reply(plan: Plan, parent: Mail, direction: 'out' | 'in', text: Text, at: Date | null): Mail | null {
  if (!at) return null;
  const { agent, target, lang } = parent;
  const mail: Mail = { direction, at, agent, target, parent, lang, write: text[lang] };
  plan.mails.push(mail);
  return mail;
}

const free = (plan: Plan, entityId: string) => !plan.used.has(entityId);

/** Company presentations to leads: one interested reply we answer, one "later", one address that bounces. */
function planPresentations(plan: Plan): void {
  const leads = plan.entities.filter(
    (e) =>
      e.kind === 'company' &&
      e.roles.includes('lead') &&
      !e.roles.includes('customer') &&
      e.owner &&
      free(plan, e.id),
  );
  for (const [i, lead] of pickSome(plan.random, leads, 6).entries()) {
    const at = daysAgo(plan, plan.random.int(4, 57));
    if (i === 2) {
      send(plan, 'presentation', lead.owner!, lead.contact, at, {
        error: `EENVELOPE: 550 5.1.1 <${lead.contact.address}>: Recipient address rejected: User unknown in virtual mailbox table`,
        attempts: 1,
      });
      continue;
    }
    const sent = send(plan, 'presentation', lead.owner!, lead.contact, at);
    if (i === 0) {
      const answer = reply(plan, sent, 'in', REPLIES.leadInterested, later(plan, at, 2 * HOUR, 26 * HOUR));
      if (answer)
        reply(plan, answer, 'out', REPLIES.callThursday, later(plan, answer.at, 20 * MINUTE, 3 * HOUR));
    }
    if (i === 1) reply(plan, sent, 'in', REPLIES.leadLater, later(plan, at, 3 * HOUR, 40 * HOUR));
  }
}

/** Proposals, sent shortly before the opportunity entered "proposal"; three customers answer. */
async function planProposals(db: Database, plan: Plan): Promise<void> {
  const stays = await db
    .selectFrom('case_status_history as h')
    .innerJoin('case_statuses as s', 's.id', 'h.status_id')
    .innerJoin('cases as k', 'k.id', 'h.case_id')
    .innerJoin('case_types as t', 't.id', 'k.type_id')
    .innerJoin('case_statuses as current', 'current.id', 'k.status_id')
    .select([
      'k.id',
      'k.entity_id',
      'k.contact_id',
      'k.owner_id',
      'k.expected_close',
      'h.entered_at',
      'current.key',
    ])
    .where('t.key', '=', 'opportunity')
    .where('s.key', '=', 'proposal')
    .where('k.deleted_at', 'is', null)
    .where('k.contact_id', 'is not', null)
    .where('h.entered_at', '>=', new Date(plan.earliest + HOUR))
    .where('h.entered_at', '<=', new Date(plan.latest - 6 * HOUR))
    .orderBy('h.entered_at')
    .execute();
  // "Valid until" the expected close: a week or more after the proposal.
  const proposals = stays.filter(
    (p) =>
      p.owner_id &&
      plan.agents.has(p.owner_id) &&
      plan.contacts.has(p.contact_id!) &&
      p.expected_close !== null &&
      p.expected_close >= addDays(localDate(p.entered_at, TZ), 7),
  );
  const inStatus = (...keys: string[]) =>
    keys.flatMap((key) => proposals.filter((p) => p.key === key && free(plan, p.entity_id)));
  const proposalMail = (p: (typeof proposals)[number]) => {
    const entered = p.entered_at.getTime();
    const at = settle(
      plan,
      new Date(entered - plan.random.int(10, 40) * MINUTE),
      Math.max(plan.earliest, entered - 3 * DAY),
      entered - 5 * MINUTE,
    );
    const target = { ...plan.contacts.get(p.contact_id!)!, caseId: p.id };
    return send(plan, 'proposal', plan.agents.get(p.owner_id!)!, target, at);
  };
  for (const { candidates, ask, answer } of [
    { candidates: inStatus('won', 'negotiation'), ask: REPLIES.proposalAccepted, answer: REPLIES.contract },
    { candidates: inStatus('negotiation', 'proposal'), ask: REPLIES.proposalPrice, answer: REPLIES.discount },
    { candidates: inStatus('proposal', 'lost'), ask: REPLIES.proposalReceived, answer: null },
  ]) {
    const p = candidates.find((c) => free(plan, c.entity_id));
    if (!p) continue;
    const sent = proposalMail(p);
    const asked = reply(plan, sent, 'in', ask, later(plan, sent.at, 3 * HOUR, 30 * HOUR));
    if (asked && answer) reply(plan, asked, 'out', answer, later(plan, asked.at, 30 * MINUTE, 5 * HOUR));
  }
  for (const p of pickSome(plan.random, inStatus('proposal', 'negotiation', 'won', 'lost'), 4))
    proposalMail(p);
}

/**
 * Claim follow-ups, sent after the claim's latest status change (so the status they give is the one it has):
 * a resolved one the customer thanks us for, an open one they ask about and we answer, two more. Answers the
 * first responses to record on the claims that had none.
 */
async function planClaims(db: Database, plan: Plan): Promise<{ caseId: string; at: Date }[]> {
  const claims = (
    await db
      .selectFrom('cases as k')
      .innerJoin('case_types as t', 't.id', 'k.type_id')
      .innerJoin('case_statuses as s', 's.id', 'k.status_id')
      .select([
        'k.id',
        'k.entity_id',
        'k.contact_id',
        'k.owner_id',
        'k.status_changed_at',
        'k.first_response_at',
        'k.sla_breached_at',
        's.category',
      ])
      .where('t.key', '=', 'claim')
      .where('k.deleted_at', 'is', null)
      .where('k.contact_id', 'is not', null)
      .where('k.status_changed_at', '>=', new Date(plan.earliest))
      .where('k.status_changed_at', '<=', new Date(plan.latest - 15 * MINUTE))
      .orderBy('k.status_changed_at')
      .orderBy('k.id')
      .execute()
  ).filter(
    (c) =>
      c.owner_id &&
      plan.agents.has(c.owner_id) &&
      plan.contacts.has(c.contact_id!) &&
      free(plan, c.entity_id),
  );
  const times = new Map(
    claims.map((c) => {
      const changed = c.status_changed_at.getTime();
      const at = new Date(changed + Math.min(plan.random.int(5, 40) * MINUTE, (plan.latest - changed) / 3));
      return [c.id, settle(plan, at, changed + MINUTE, plan.latest - 10 * MINUTE)];
    }),
  );
  // Those written in working hours first (open claims of the last hours were written whenever the load ran).
  const ordered = [
    ...claims.filter((c) => inHours(times.get(c.id)!)),
    ...claims.filter((c) => !inHours(times.get(c.id)!)),
  ];
  const claimMail = (c: (typeof claims)[number]) => {
    const target = { ...plan.contacts.get(c.contact_id!)!, caseId: c.id };
    return send(plan, 'claim', plan.agents.get(c.owner_id!)!, target, times.get(c.id)!);
  };
  const resolved = ordered.find((c) => c.category !== 'open');
  if (resolved) {
    const sent = claimMail(resolved);
    reply(plan, sent, 'in', REPLIES.claimThanks, later(plan, sent.at, 40 * MINUTE, 20 * HOUR));
  }
  const open = ordered.find(
    (c) =>
      c.category === 'open' && free(plan, c.entity_id) && plan.latest - times.get(c.id)!.getTime() > 3 * HOUR,
  );
  if (open) {
    const sent = claimMail(open);
    const asked = reply(plan, sent, 'in', REPLIES.claimWhen, later(plan, sent.at, 30 * MINUTE, 6 * HOUR));
    if (asked) reply(plan, asked, 'out', REPLIES.claimAnswer, later(plan, asked.at, 15 * MINUTE, 2 * HOUR));
  }
  for (const c of ordered.filter((k) => free(plan, k.entity_id)).slice(0, 2)) claimMail(c);
  // Claims without a first response yet (and not past it) get it from the mail.
  return claims.flatMap((c) => {
    const mail = plan.mails.find((m) => m.template === 'claim' && m.target.caseId === c.id);
    return mail && !c.first_response_at && !c.sla_breached_at ? [{ caseId: c.id, at: mail.at }] : [];
  });
}

/** Confirmations of the agents' visits (done or planned), a day or so before; one mailbox was full. */
async function planVisitConfirmations(db: Database, plan: Plan): Promise<void> {
  const visits = await db
    .selectFrom('actions as a')
    .innerJoin('action_types as t', 't.id', 'a.type_id')
    .innerJoin('entities as e', 'e.id', 'a.entity_id')
    .select(['a.id', 'a.entity_id', 'a.contact_id', 'a.assignee_user_id', 'a.starts_at', 'a.created_at'])
    .where('t.key', '=', 'visit')
    .where('a.status', 'in', ['planned', 'done'])
    .where('a.deleted_at', 'is', null)
    .where('a.contact_id', 'is not', null)
    .where('a.assignee_user_id', 'is not', null)
    .where('e.street', 'is not', null)
    .where('e.postal_code', 'is not', null)
    .where('e.city', 'is not', null)
    .where('a.starts_at', '>=', new Date(plan.earliest + 3 * DAY))
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute();
  let confirmed = 0;
  let failed = false;
  for (const v of shuffled(plan.random, visits)) {
    if (confirmed === 5) break;
    const agent = plan.agents.get(v.assignee_user_id!);
    const target = plan.contacts.get(v.contact_id!);
    if (!agent || !target || !free(plan, v.entity_id!)) continue;
    // Written after the visit was planned and at least two hours before it.
    const from = Math.max(v.created_at.getTime() + 30 * MINUTE, plan.earliest);
    const until = Math.min(v.starts_at!.getTime() - 2 * HOUR, plan.latest);
    if (until - from < 3 * HOUR) continue;
    confirmed++;
    // The failed one was retried for two hours before the worker gave up: it must have failed by now.
    const failing = confirmed > 1 && !failed && until - from > 6 * HOUR;
    const last = failing ? until - 2.5 * HOUR : until;
    // Usually the day before, or the same morning.
    const span = Math.min(30 * HOUR, last - from);
    const at = settle(plan, new Date(last - (0.1 + 0.9 * plan.random.next()) * span), from, last);
    if (failing) {
      failed = true;
      send(plan, 'visit', agent, target, at, {
        error: `EENVELOPE: 452 4.2.2 <${target.address}>: Recipient address rejected: Mailbox full`,
        attempts: MAX_EMAIL_ATTEMPTS,
      });
      continue;
    }
    const sent = send(plan, 'visit', agent, target, at);
    if (confirmed === 1) {
      const limit = Math.min(v.starts_at!.getTime(), plan.latest);
      reply(plan, sent, 'in', REPLIES.visitOk, later(plan, at, HOUR, 5 * HOUR, limit));
    }
  }
}

/** Customers who write first (the featured Talleres Muñoz's purchasing contact among them), and our answer. */
function planQuestions(plan: Plan): void {
  const customers = plan.entities.filter((e) => e.roles.includes('customer') && e.owner && free(plan, e.id));
  const featured = customers.find((e) => e.name === 'Talleres Muñoz');
  const askers = [
    ...(featured ? [featured] : []),
    ...pickSome(
      plan.random,
      customers.filter((e) => e !== featured),
      QUESTIONS.length,
    ),
  ];
  for (const [i, question] of QUESTIONS.entries()) {
    const entity = askers[i];
    if (!entity) break;
    const agent = entity.owner!;
    // At Talleres Muñoz it is purchasing who asks about the invoice.
    const purchasing = [...plan.contacts.values()].find(
      (c) => c.entityId === entity.id && c.address.startsWith('compras@'),
    );
    const target = (entity === featured && purchasing) || entity.contact;
    plan.used.add(entity.id);
    const asked: Mail = {
      direction: 'in',
      at: daysAgo(plan, plan.random.int(2, 50)),
      agent,
      target,
      parent: null,
      lang: agent.lang,
      subject: question.subject[agent.lang],
      write: question.ask[agent.lang],
    };
    plan.mails.push(asked);
    reply(plan, asked, 'out', question.answer, later(plan, asked.at, HOUR, 6 * HOUR));
  }
}

/** The template mails rendered against their records as the app renders them (the agent is the sender). */
async function renderTemplated(db: Database, mails: Mail[]): Promise<void> {
  const templated = mails.filter((m) => m.template);
  const records = await loadMergeRecordsBatch(
    db,
    templated.map((m) => ({
      entityId: m.target.entityId,
      contactId: m.target.contactId,
      caseId: m.target.caseId,
      senderUserId: m.agent.id,
    })),
    await loadMergeLookups(db),
  );
  const compiled = new Map<string, CompiledTemplate>();
  for (const [i, mail] of templated.entries()) {
    const key = `${mail.template}:${mail.lang}`;
    let template = compiled.get(key);
    if (!template) {
      template = compileTemplate(TEMPLATES[mail.template!].content[mail.lang]!);
      compiled.set(key, template);
    }
    const rendered = await renderCompiled(template, buildMergeContext(records[i]!, mail.lang), mail.lang);
    mail.subject = rendered.subject;
    mail.text = rendered.text;
    mail.html = rendered.html;
  }
}

// Rows -------------------------------------------------------------------------------------------------------------

/** A UUIDv7 of the given moment: rows written now for something that happened then sort where they belong. */
function idAt(at: Date): string {
  const b = randomBytes(10);
  return UUID.fromFieldsV7(
    at.getTime(),
    b.readUInt16BE(0) & 0xfff,
    b.readUInt32BE(2) & 0x3fffffff,
    b.readUInt32BE(6),
  ).toString();
}

/** A Message-ID as the customer's mail server would make it. */
function customerMessageId(address: string, random: Random): string {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const token = Array.from({ length: 32 }, () => chars[random.int(0, chars.length - 1)]).join('');
  return domain === 'gmail.com' ? `<CA+${token}@mail.gmail.com>` : `<${token}@${domain}>`;
}

const QUOTE_INTRO: Record<Lang, (date: string, who: string) => string> = {
  es: (date, who) => `El ${date}, ${who} escribió:`,
  ca: (date, who) => `El ${date}, ${who} va escriure:`,
};
const QUOTE_DATE: Record<Lang, Intl.DateTimeFormat> = {
  es: new Intl.DateTimeFormat('es-ES', { dateStyle: 'medium', timeStyle: 'short', timeZone: TZ }),
  ca: new Intl.DateTimeFormat('ca-ES', { dateStyle: 'medium', timeStyle: 'short', timeZone: TZ }),
};

/** A customer's reply quotes the start of ours, as their mail program does. */
function quoted(parent: Mail, lang: Lang): string {
  const lines = (parent.text ?? '').split('\n').filter((l) => l.trim() !== '');
  const intro = QUOTE_INTRO[lang](
    QUOTE_DATE[lang].format(parent.at),
    `${parent.agent.name} <${parent.agent.email}>`,
  );
  return `\n\n${intro}\n${lines
    .slice(0, 4)
    .map((l) => `> ${l}`)
    .join('\n')}\n> …`;
}

/**
 * The rows of the planned mails, oldest first (a reply after what it answers): the mail, its link, and the
 * events the app writes for it (queued and sent or failed; received), each at the moment it happened.
 */
function rowsOf(plan: Plan, templateIds: Map<TemplateKey, string>) {
  const { random } = plan;
  const emails: Insertable<EmailsTable>[] = [];
  const links: EmailLinksTable[] = [];
  const events: Insertable<EventsTable>[] = [];
  const event = (e: DomainEvent, at: Date) =>
    events.push({
      id: idAt(at),
      occurred_at: at,
      type: e.type,
      object: e.object,
      object_id: e.objectId,
      entity_id: e.entityId,
      actor_id: e.actorId,
      changes: JSON.stringify(e.changes ?? {}),
    });
  const threads = new Map<Mail, { threadId: string; references: string[]; subject: string }>();
  for (const mail of [...plan.mails].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const { agent, target, parent } = mail;
    const us: StoredAddress = { name: agent.name, address: agent.email };
    const them: StoredAddress = { name: target.fullName, address: target.address };
    const id = idAt(mail.at);
    mail.id = id;
    mail.messageId =
      mail.direction === 'out' ? messageIdFor(id, agent.email) : customerMessageId(target.address, random);
    const above = parent ? threads.get(parent) : undefined;
    const subject = above ? replySubject(above.subject) : (mail.subject ?? '');
    const references = above ? [...above.references, parent!.messageId!] : [];
    threads.set(mail, { threadId: above?.threadId ?? id, references, subject });
    if (mail.write) {
      const fill: Fill = {
        first: target.firstName,
        contact: target.fullName,
        entity: target.entityName,
        agent: agent.name.split(' ')[0]!,
        agentName: agent.name,
      };
      mail.text = mail.write(fill) + (parent && mail.direction === 'in' ? quoted(parent, mail.lang) : '');
      mail.html = mail.direction === 'out' ? htmlOf(mail.text) : null;
    }
    const text = mail.text ?? '';
    const html = mail.html ?? null;
    const link = { entity_id: target.entityId, contact_id: target.contactId, case_id: target.caseId };
    links.push({ email_id: id, ...link });
    const base = {
      id,
      account_id: null,
      message_id: mail.messageId,
      in_reply_to: parent?.messageId ?? null,
      references,
      thread_id: above?.threadId ?? id,
      cc_recipients: JSON.stringify([]),
      bcc_recipients: JSON.stringify([]),
      reply_to: null,
      subject,
      text_body: text,
      html_body: html,
      ...link,
      rule_id: null,
      imap_uid: null,
    };
    if (mail.direction === 'in') {
      emails.push({
        ...base,
        direction: 'in',
        from_address: them.address,
        from_name: them.name,
        to_recipients: JSON.stringify([us]),
        template_id: null,
        language: null,
        status: 'received',
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        sent_at: null,
        received_at: mail.at,
        size_bytes: Buffer.byteLength(text) + random.int(1800, 2700),
        created_at: mail.at,
        updated_at: mail.at,
        created_by: null,
      });
      const changes = { summary: subject, from: them.address, account_id: null, case_id: link.case_id };
      event(
        {
          type: 'email.received',
          object: 'email',
          objectId: id,
          entityId: link.entity_id,
          actorId: null,
          changes,
        },
        mail.at,
      );
      continue;
    }
    // Queued by the agent a moment before the server took it; a failing one was retried until the worker gave up.
    const queuedAt = new Date(mail.at.getTime() - random.int(2, 9) * 1000);
    const failure = mail.failure;
    let doneAt = mail.at;
    for (let attempt = 1; failure && attempt < failure.attempts; attempt++)
      doneAt = new Date(doneAt.getTime() + retryDelayMs(attempt));
    const row: Insertable<EmailsTable> = {
      ...base,
      direction: 'out',
      from_address: us.address,
      from_name: us.name,
      to_recipients: JSON.stringify([them]),
      template_id: mail.template ? (templateIds.get(mail.template) ?? null) : null,
      language: mail.template ? mail.lang : null,
      status: failure ? 'failed' : 'sent',
      attempts: failure?.attempts ?? 1,
      next_attempt_at: null,
      last_error: failure?.error ?? null,
      sent_at: failure ? null : mail.at,
      received_at: null,
      size_bytes: Buffer.byteLength(text) + (html ? Buffer.byteLength(html) : 0),
      created_at: queuedAt,
      updated_at: doneAt,
      created_by: agent.id,
    };
    emails.push(row);
    event(queuedEvent(row, agent.id, [them]), queuedAt);
    const changes = failure
      ? { summary: subject, error: failure.error, contact_id: link.contact_id, case_id: link.case_id }
      : { summary: subject, to: [them.address], contact_id: link.contact_id, case_id: link.case_id };
    const type = failure ? 'email.failed' : 'email.sent';
    event({ type, object: 'email', objectId: id, entityId: link.entity_id, actorId: null, changes }, doneAt);
  }
  return { emails, links, events };
}

/** Up to `n` of `items`, chosen by the seeded generator, in their original order. */
function pickSome<T>(random: Random, items: readonly T[], n: number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(n, items.length)) chosen.add(random.int(0, items.length - 1));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}

/** `items` in an order of the seeded generator's choosing. */
function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Rules -----------------------------------------------------------------------------------------------------------

async function loadDemoRules(
  db: Database,
  people: DemoMailPeople,
  auth: Awaited<ReturnType<typeof automationAuth>>,
): Promise<number> {
  if (await db.selectFrom('automation_rules').select('id').limit(1).executeTakeFirst()) return 0;
  const caseTypes = new Map(
    (await db.selectFrom('case_types').select(['id', 'key']).where('deleted_at', 'is', null).execute()).map(
      (t) => [t.key, t.id],
    ),
  );
  const actionTypes = new Map(
    (await db.selectFrom('action_types').select(['id', 'key']).where('deleted_at', 'is', null).execute()).map(
      (t) => [t.key, t.id],
    ),
  );
  // The Madrid team looks after after-sales; any demo team if it is not there.
  const team =
    (
      await db
        .selectFrom('teams')
        .select('id')
        .where('name', '=', 'Equipo Madrid')
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    )?.id ?? [...people.teams.keys()][0];
  const claim = caseTypes.get('claim');
  const opportunity = caseTypes.get('opportunity');
  const task = actionTypes.get('task');
  const call = actionTypes.get('call');
  const rules: CreateAutomationRuleRequest[] = [];
  if (claim && team)
    rules.push({
      name: 'Reclamación nueva → asignar por turnos en el equipo de soporte',
      description:
        'Cada reclamación nueva se asigna por turnos a un miembro del Equipo Madrid, que atiende el soporte posventa.',
      trigger: { type: 'record_created', object: 'case', config: { case_type_id: claim } },
      actions: [{ type: 'assign_owner', team_id: team }],
      active: true,
    });
  if (opportunity && task)
    rules.push({
      name: 'Oportunidad sin actividad 14 días → tarea de seguimiento',
      description:
        'Cuando una oportunidad abierta pasa 14 días sin cambios, acciones ni correos, su responsable recibe una tarea para retomarla.',
      trigger: {
        type: 'days_without_activity',
        object: 'case',
        config: { case_type_id: opportunity, days: 14 },
      },
      actions: [
        {
          type: 'create_action',
          type_id: task,
          subject: 'Retomar la oportunidad: 14 días sin actividad',
          notes:
            'Llama al cliente o planifica el siguiente paso. Si ya no sigue adelante, márcala como perdida con el motivo.',
          due_in_days: 1,
          assignee: 'owner',
        },
      ],
      active: true,
    });
  if (call)
    rules.push({
      name: 'Email recibido de un potencial → llamada',
      description:
        'Ejemplo desactivado: cuando escribe un potencial cliente, su responsable tiene una llamada para hoy. Actívala cuando haya un buzón de entrada configurado.',
      trigger: { type: 'mail_received', object: 'email', config: {} },
      conditions: [{ field: 'entity.roles', op: 'contains', value: 'lead' }],
      actions: [
        {
          type: 'create_action',
          type_id: call,
          subject: 'Llamar al potencial que nos ha escrito',
          notes: 'Ha escrito un potencial cliente: llámale hoy, mientras el interés está fresco.',
          due_in_days: 0,
          assignee: 'owner',
        },
      ],
      active: false,
    });
  // Through the service, checked as POST /automation-rules checks them.
  for (const rule of rules) await createRule(db, auth, CreateAutomationRuleRequest.parse(rule));
  return rules.length;
}
