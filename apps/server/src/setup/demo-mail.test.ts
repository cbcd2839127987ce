import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAutomationEvents, scanDateTriggers } from '../modules/automation/engine.ts';
import { processEmailOutbox } from '../modules/emails/email-worker.ts';
import { createTestApp, createUser, type TestContext, type TestUser } from '../test/builders.ts';
import { type DemoDataResult, loadDemoData } from './demo-data.ts';

// What the demo's mail, templates and rules look like to someone trying Trato out: the templates preview
// cleanly against the demo's records, the mails sit on the records' timelines with their replies threaded,
// nothing waits to be sent, and the rules are valid and stay quiet until something new happens.

let ctx: TestContext;
let admin: TestUser;
let loaded: DemoDataResult | null;
let emails: any[];

beforeAll(async () => {
  ctx = await createTestApp();
  admin = await createUser(ctx, { role: 'admin' });
  // The server ran once before the demo was loaded (`seed` into an installation without data): the automation
  // engine's cursor already stands before everything the demo writes.
  await processAutomationEvents(ctx.db, { settleMs: 0 });
  loaded = await loadDemoData(ctx.db);
  emails = await all('/api/v1/emails');
}, 120_000);
afterAll(async () => ctx.close());

async function request(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  const res = await ctx.app.inject({
    method,
    url,
    headers: admin.headers,
    ...(payload !== undefined && { payload: payload as object }),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}
const get = (url: string) => request('GET', url);

async function all(path: string, query = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: any[]; next_cursor: string | null } = await get(
      `${path}?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

/** When a mail happened, as the mail screens show it. */
const dateOf = (e: { received_at: string | null; sent_at: string | null; created_at: string }) =>
  e.received_at ?? e.sent_at ?? e.created_at;

const TEMPLATE_NAMES = [
  'Confirmación de visita',
  'Envío de propuesta',
  'Novedades del trimestre',
  'Presentación de la empresa',
  'Seguimiento de reclamación',
];

describe('demo mail templates', () => {
  it('are five, in Spanish, Catalan and English, with no unknown merge field; the newsletter is commercial', async () => {
    expect(loaded).toMatchObject({ emailTemplates: 5, automationRules: 3 });
    const list = (await get('/api/v1/email-templates')).data;
    expect(list.map((t: { name: string }) => t.name)).toEqual(TEMPLATE_NAMES);
    for (const summary of list) {
      const template = await get(`/api/v1/email-templates/${summary.id}`);
      expect([...template.languages].sort(), template.name).toEqual(['ca', 'en', 'es']);
      expect(template.warnings, template.name).toEqual([]);
      expect(template.active).toBe(true);
      expect(template.commercial, template.name).toBe(template.name === 'Novedades del trimestre');
    }
  });

  it('preview without warnings, in every language, against the records of the demo mails made from them', async () => {
    const templated = emails.filter((e) => e.template_id);
    const used = new Set(templated.map((e) => e.template_id));
    expect(used.size).toBe(4);
    for (const email of templated) {
      const link = email.links[0];
      const records = {
        entity_id: link.entity.id,
        ...(link.contact && { contact_id: link.contact.id }),
        ...(link.case && { case_id: link.case.id }),
      };
      for (const language of ['es', 'ca', 'en']) {
        const preview = await request('POST', '/api/v1/email-templates/preview', {
          template_id: email.template_id,
          language,
          ...records,
        });
        expect(preview.warnings, `${email.subject} (${language})`).toEqual([]);
        expect(preview.language).toBe(language);
        for (const part of [preview.subject, preview.text, preview.html])
          expect(part).not.toMatch(/\{\{|\{%/);
        // The mail is what the template makes of its records (the subject does not depend on the sender).
        if (language === (await get(`/api/v1/emails/${email.id}`)).language)
          expect(preview.subject).toBe(email.subject);
      }
    }
    // Money and dates come out localised: the proposal's amount in euros, its validity as a date.
    const proposal = templated.find(
      (e) => e.subject.startsWith('Propuesta ') || e.subject.startsWith('Proposta '),
    );
    expect(proposal).toBeDefined();
    const body = (await get(`/api/v1/emails/${proposal.id}`)).text_body;
    expect(body).toMatch(/\d\s€/u);
    expect(body).toMatch(/(hasta el|fins al) \d{1,2} d/);
  }, 60_000);
});

describe('demo mails', () => {
  it('are about forty of the last sixty days: sent, received, two failed, none waiting to go', async () => {
    expect(loaded!.emails).toBe(emails.length);
    expect(emails.length).toBeGreaterThanOrEqual(32);
    expect(emails.length).toBeLessThanOrEqual(45);
    const count = (status: string) => emails.filter((e) => e.status === status).length;
    expect(count('failed')).toBe(2);
    expect(count('received')).toBeGreaterThanOrEqual(8);
    expect(count('sent')).toBeGreaterThanOrEqual(20);
    expect(count('sent') + count('received') + count('failed')).toBe(emails.length);
    const now = Date.now();
    for (const e of emails) {
      const at = Date.parse(dateOf(e));
      expect(at).toBeLessThan(now);
      expect(at).toBeGreaterThan(now - 60 * 86_400_000);
      expect(e.account_id).toBeNull();
      expect(e.links.length, e.subject).toBeGreaterThan(0);
      if (e.status === 'sent') expect(e.sent_at).not.toBeNull();
      if (e.status === 'received') expect(e.direction).toBe('in');
    }
    // Spread over the weeks, in Spanish and Catalan, newest first as the list promises.
    const days = new Set(emails.map((e) => dateOf(e).slice(0, 10)));
    expect(days.size).toBeGreaterThan(15);
    expect(emails.some((e) => /^(Proposta|Reclamació|Confirmació)/.test(e.subject))).toBe(true);
    expect(emails.some((e) => /^(Propuesta|Reclamación|Confirmación)/.test(e.subject))).toBe(true);
    for (let i = 1; i < emails.length; i++)
      expect(Date.parse(dateOf(emails[i]))).toBeLessThanOrEqual(Date.parse(dateOf(emails[i - 1])) + 10_000);

    // The outbox badge: two failed sends, each with the server's answer, none due for another try.
    const failed = await all('/api/v1/emails', '&status=failed');
    expect(failed).toHaveLength(2);
    for (const e of failed) {
      expect(e.last_error).toMatch(/^EENVELOPE: (550 5\.1\.1|452 4\.2\.2) </);
      expect(e.sent_at).toBeNull();
      expect(e.next_attempt_at).toBeNull();
    }
    // Nothing is queued: the mail worker finds nothing to send.
    const pass = await processEmailOutbox(ctx.db, { smtpUrl: undefined, dataDir: ctx.config.dataDir });
    expect(pass).toEqual({ sent: 0, failed: 0, retried: 0, held: 0 });
    expect(await ctx.db.selectFrom('mail_accounts').select('id').execute()).toEqual([]);
  });

  it('thread replies to what they answer; customers write from their contact address', async () => {
    const byMessageId = new Map(emails.map((e) => [e.message_id, e]));
    const replies = emails.filter((e) => e.in_reply_to);
    expect(replies.length).toBeGreaterThanOrEqual(10);
    let longest = 0;
    for (const reply of replies) {
      const parent = byMessageId.get(reply.in_reply_to);
      expect(parent, reply.subject).toBeDefined();
      expect(reply.thread_id).toBe(parent.thread_id);
      expect(reply.direction).not.toBe(parent.direction);
      expect(reply.subject).toBe(/^Re: /.test(parent.subject) ? parent.subject : `Re: ${parent.subject}`);
      expect(Date.parse(dateOf(reply))).toBeGreaterThan(Date.parse(dateOf(parent)));
      expect(reply.links).toEqual(parent.links);
      const full = await get(`/api/v1/emails/${reply.id}`);
      expect(full.in_reply_to).toBe(parent.message_id);
      longest = Math.max(longest, emails.filter((e) => e.thread_id === reply.thread_id).length);
      // We answer the address that wrote to us.
      if (reply.direction === 'out')
        expect(reply.to.map((t: { address: string }) => t.address)).toEqual([parent.from.address]);
    }
    expect(longest).toBeGreaterThanOrEqual(3);
    for (const e of emails.filter((m) => m.direction === 'in')) {
      const contact = await get(`/api/v1/contacts/${e.links[0].contact.id}`);
      expect(contact.emails, e.subject).toContain(e.from.address);
    }
    // A customer's reply quotes ours, as their mail program does.
    const quoted = replies.find((r) => r.direction === 'in');
    expect((await get(`/api/v1/emails/${quoted.id}`)).text_body).toMatch(/\n> /);
  });

  it('show on the timelines of their entity, contact and case, dated when they happened', async () => {
    const expected = { sent: 'email.sent', received: 'email.received', failed: 'email.failed' } as const;
    for (const e of emails) {
      const link = e.links[0];
      const paths = [
        `/api/v1/entities/${link.entity.id}/timeline`,
        `/api/v1/contacts/${link.contact.id}/timeline`,
        ...(link.case ? [`/api/v1/cases/${link.case.id}/timeline`] : []),
      ];
      for (const path of paths) {
        const items = (await all(path, '&objects=email')).filter((i) => i.object_id === e.id);
        expect(items.length, `${e.subject} on ${path}`).toBeGreaterThan(0);
        const newest = items[0];
        expect(newest.type).toBe(expected[e.status as keyof typeof expected]);
        expect(newest.summary).toBe(e.subject);
        if (e.status !== 'failed') expect(newest.occurred_at).toBe(dateOf(e));
      }
    }
    // Proposals and claims are on their case's timeline; the featured customer asked something by mail.
    expect(emails.filter((e) => e.links[0].case).length).toBeGreaterThanOrEqual(8);
    expect(emails.some((e) => e.links[0].entity.name === 'Talleres Muñoz')).toBe(true);
  }, 60_000);
});

describe('demo automation rules', () => {
  it('are three, two active, and the API takes each back as it is', async () => {
    const rules = (await get('/api/v1/automation-rules')).data;
    expect(rules.map((r: { name: string; active: boolean }) => [r.name, r.active])).toEqual([
      ['Email recibido de un potencial → llamada', false],
      ['Oportunidad sin actividad 14 días → tarea de seguimiento', true],
      ['Reclamación nueva → asignar por turnos en el equipo de soporte', true],
    ]);
    for (const rule of rules) {
      const { version, name, description, trigger, conditions, actions, active } = rule;
      const saved = await request('PATCH', `/api/v1/automation-rules/${rule.id}`, {
        version,
        name,
        description,
        trigger,
        conditions,
        actions,
        active,
      });
      expect({ ...saved, version: 0, updated_at: '', webhook_secrets: undefined }).toEqual({
        ...rule,
        version: 0,
        updated_at: '',
        webhook_secrets: undefined,
      });
    }
  });

  it('would act on the demo records they are about (dry run)', async () => {
    const rules = new Map(
      (await get('/api/v1/automation-rules')).data.map((r: { name: string; id: string }) => [
        r.name.slice(0, 10),
        r.id,
      ]),
    );
    // A claim of the Barcelona team: the rule would give it to the Madrid team's next member in turn.
    const madrid = ctx.db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select('team_members.user_id')
      .where('teams.name', '=', 'Equipo Madrid');
    const claim = await ctx.db
      .selectFrom('cases')
      .innerJoin('case_types', 'case_types.id', 'cases.type_id')
      .select('cases.id')
      .where('case_types.key', '=', 'claim')
      .where('cases.owner_id', 'not in', madrid)
      .executeTakeFirstOrThrow();
    const assign = await request('POST', `/api/v1/automation-rules/${rules.get('Reclamació')}/test`, {
      object_id: claim.id,
    });
    expect(assign).toMatchObject({ trigger_filters_met: true, conditions_met: true });
    expect(assign.actions).toMatchObject([{ type: 'assign_owner', status: 'ok' }]);
    expect((await madrid.execute()).map((m) => m.user_id)).toContain(assign.actions[0].record_id);

    const leadReplies = [];
    for (const e of emails.filter((m) => m.direction === 'in')) {
      const entity = await get(`/api/v1/entities/${e.links[0].entity.id}`);
      if (entity.roles.includes('lead') && !entity.roles.includes('customer')) leadReplies.push(e);
    }
    expect(leadReplies.length).toBeGreaterThan(0);
    const call = await request('POST', `/api/v1/automation-rules/${rules.get('Email reci')}/test`, {
      object_id: leadReplies[0].id,
    });
    expect(call).toMatchObject({ trigger_filters_met: true, conditions_met: true });
    expect(call.actions).toMatchObject([{ type: 'create_action', status: 'ok' }]);
  });

  it('leave the demo alone when the server starts, and act on what happens next', async () => {
    const owners = async () =>
      (await ctx.db.selectFrom('cases').select(['id', 'owner_id', 'version']).orderBy('id').execute()).map(
        (c) => `${c.id}:${c.owner_id}:${c.version}`,
      );
    const before = await owners();
    // What the engine does on its first passes: the outbox after its cursor, then the date triggers.
    const events = await processAutomationEvents(ctx.db, { settleMs: 0 });
    const dates = await scanDateTriggers(ctx.db);
    expect(events.succeeded + events.failed + dates.succeeded + dates.failed).toBe(0);
    expect(await ctx.db.selectFrom('automation_runs').select('id').execute()).toEqual([]);
    expect(await owners()).toEqual(before);

    // A new claim is given to the support team by turns.
    const claimType = (await get('/api/v1/case-types')).data.find((t: { key: string }) => t.key === 'claim');
    const entity = (await get('/api/v1/entities?limit=1')).data[0];
    const created = await request('POST', '/api/v1/cases', {
      type_id: claimType.id,
      title: 'Terminal recibido sin cable de alimentación',
      entity_id: entity.id,
    });
    const run = await processAutomationEvents(ctx.db, { settleMs: 0 });
    expect(run.succeeded).toBe(1);
    const team = await ctx.db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select('team_members.user_id')
      .where('teams.name', '=', 'Equipo Madrid')
      .execute();
    const after = await get(`/api/v1/cases/${created.id}`);
    expect(team.map((m) => m.user_id)).toContain(after.owner_id);
  });
});

describe('demo opt-out', () => {
  it('has one customer who asked for no commercial mail: their record says so and the newsletter skips them', async () => {
    const [optOut, ...rest] = await ctx.db.selectFrom('email_opt_outs').selectAll().execute();
    expect(rest).toEqual([]);
    expect(optOut?.source).toBe('user');
    const contact = await ctx.db
      .selectFrom('contacts')
      .select(['id', 'entity_id'])
      .where((eb) => eb(eb.val(optOut?.address), '=', eb.fn.any('emails')))
      .executeTakeFirstOrThrow();
    const timeline = await get(`/api/v1/contacts/${contact.id}/timeline`);
    expect(timeline.data.map((e: { type: string }) => e.type)).toContain('contact.email_opted_out');
    const newsletter = (await get('/api/v1/email-templates')).data.find(
      (t: { name: string }) => t.name === 'Novedades del trimestre',
    );
    const sent = await request('POST', '/api/v1/emails/bulk', {
      template_id: newsletter.id,
      entity_ids: [contact.entity_id],
    });
    expect(sent).toEqual({ queued: 0, skipped: [{ entity_id: contact.entity_id, reason: 'opted_out' }] });
  });
});
