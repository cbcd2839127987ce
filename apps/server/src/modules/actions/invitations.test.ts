import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionAttendee, ActionRow } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';
import {
  createSmtpTransport,
  MAX_MAIL_ATTEMPTS,
  processMailQueue,
  startMailWorker,
} from '../../platform/mail.ts';
import {
  createTeam,
  createTestApp,
  createUser,
  type TestContext,
  type TestUser,
} from '../../test/builders.ts';
import { icalValidationErrors } from '../../test/ical-validator.ts';
import { queueInvitations } from './invitations.ts';

// Invitations end to end: an action change writes iTIP mail into mail_queue, the worker's pass sends it through
// a real SMTP server on loopback, and what arrived is parsed, validated by libical and read back by ical.js.

interface Received {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

let ctx: TestContext;
let smtp: SMTPServer;
let smtpPort: number;
let received: Received[] = [];
/** When set, the SMTP server refuses recipients with this reply. */
let refuse: { code: number; message: string } | null = null;
let organizer: TestUser;
let typeId: string;
let untimedTypeId: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'trato' && auth.password === 'secret') return callback(null, { user: 'trato' });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (!refuse) return callback();
      callback(Object.assign(new Error(refuse.message), { responseCode: refuse.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  ctx = await createTestApp({
    TRATO_SMTP_URL: `smtp://trato:secret@127.0.0.1:${smtpPort}`,
    TRATO_MAIL_FROM: 'Trato CRM <crm@trato.test>',
  });
  organizer = await createUser(ctx, { role: 'agent', name: 'Marta Puig', email: 'marta@trato.test' });
  const types = await ctx.db.selectFrom('action_types').select(['id', 'key']).execute();
  typeId = types.find((t) => t.key === 'meeting')?.id ?? '';
  untimedTypeId = types.find((t) => t.key === 'task')?.id ?? '';
});
afterAll(async () => {
  await ctx.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
beforeEach(async () => {
  received = [];
  refuse = null;
  await ctx.db.deleteFrom('mail_queue').execute();
});

const ATTENDEES: ActionAttendee[] = [
  { email: 'jordi@garrotxa.example.com', name: 'Jordi Vila' },
  { email: 'laia@ebro.example.com', name: 'Laia Roca' },
];

/** Inserts or changes an action and queues its invitations in one transaction, as the actions service does. */
async function saveAction(
  id: string | null,
  changes: Partial<Omit<ActionRow, 'attendees'>> & { attendees?: ActionAttendee[] },
): Promise<ActionRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const previous = id
      ? await trx.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      : null;
    const values = { ...changes, ...(changes.attendees && { attendees: JSON.stringify(changes.attendees) }) };
    const action = previous
      ? await trx
          .updateTable('actions')
          .set({ ...values, version: previous.version + 1, updated_at: new Date() })
          .where('id', '=', previous.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('actions')
          .values({
            id: newId(),
            type_id: typeId,
            subject: 'Visita de presentación',
            location: 'Olot, carrer Major 3',
            starts_at: new Date('2026-12-01T09:00:00Z'),
            ends_at: new Date('2026-12-01T10:30:00Z'),
            due_at: new Date('2026-12-01T10:30:00Z'),
            assignee_user_id: organizer.id,
            created_by: organizer.id,
            ...values,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await queueInvitations(trx, { action, previous, actorId: organizer.id });
    return action;
  });
}

const api = (method: 'POST' | 'PATCH', url: string, payload: object) =>
  ctx.app.inject({ method, url, headers: organizer.headers, payload });

const sendQueued = () =>
  processMailQueue(ctx.db, createSmtpTransport(ctx.config.smtpUrl ?? ''), { from: ctx.config.mailFrom });

const queueRows = () => ctx.db.selectFrom('mail_queue').selectAll().orderBy('created_at').execute();

/** The invitation's iCalendar text, from the text/calendar part and from the .ics attachment. */
function calendarParts(message: Received): {
  inline: string;
  attachment: string;
  method: string | undefined;
} {
  const inline = message.mail.attachments.find((a) => a.contentType === 'text/calendar');
  const attachment = message.mail.attachments.find((a) => a.filename === 'invite.ics' && a !== inline);
  const header = /Content-Type: text\/calendar;[^\r\n]*(?:\r\n[ \t][^\r\n]*)*/i.exec(message.raw)?.[0];
  return {
    inline: inline?.content.toString('utf8') ?? '',
    attachment: attachment?.content.toString('utf8') ?? '',
    method: /method=([A-Z]+)/i.exec(header ?? '')?.[1],
  };
}

function readEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    allDay: event.startDate.isDate,
    status: vevent.getFirstPropertyValue('status'),
    organizer: String(vevent.getFirstPropertyValue('organizer')).toLowerCase(),
    organizerName: vevent.getFirstProperty('organizer')?.getParameter('cn'),
    attendees: event.attendees.map((a) => String(a.getFirstValue()).toLowerCase()).sort(),
  };
}

const byRecipient = (messages: Received[]) =>
  Object.fromEntries(messages.map((m) => [m.to.join(','), m] as const));

describe('calendar invitations through SMTP', () => {
  it('sends each attendee a REQUEST with the event inline and as invite.ics, then updates and cancels it', async () => {
    // Through the actions API, as a user plans, moves and cancels a visit.
    const created = await api('POST', '/api/v1/actions', {
      type_id: typeId,
      subject: 'Visita de presentación',
      location: 'Olot, carrer Major 3',
      starts_at: '2026-12-01T09:00:00Z',
      ends_at: '2026-12-01T10:30:00Z',
      assignee_user_id: organizer.id,
      attendees: ATTENDEES,
    });
    expect(created.statusCode, created.body).toBe(201);
    const action = created.json() as { id: string; version: number };
    const queued = await queueRows();
    expect(queued.map((r) => r.recipients)).toEqual([
      ['jordi@garrotxa.example.com'],
      ['laia@ebro.example.com'],
    ]);
    expect(queued.every((r) => r.status === 'pending' && r.kind === 'invitation')).toBe(true);

    expect(await sendQueued()).toEqual({ sent: 2, failed: 0 });
    expect(received).toHaveLength(2);
    const first = byRecipient(received);
    for (const attendee of ATTENDEES) {
      const message = first[attendee.email];
      if (!message) throw new Error(`nothing arrived for ${attendee.email}`);
      expect(message.from).toBe('crm@trato.test');
      expect(message.mail.subject).toBe('Invitación: Visita de presentación');
      expect(message.mail.replyTo?.text).toContain('marta@trato.test');
      expect(message.mail.text).toContain('Marta Puig te invita a «Visita de presentación».');
      expect(message.mail.text).toContain('Dónde: Olot, carrer Major 3');
      const parts = calendarParts(message);
      expect(parts.method).toBe('REQUEST');
      expect(parts.attachment).toBe(parts.inline);
      expect(message.mail.attachments.filter((a) => a.contentType === 'application/ics')).toHaveLength(1);
      expect(await icalValidationErrors(parts.inline)).toEqual([]);
      expect(readEvent(parts.inline)).toMatchObject({
        method: 'REQUEST',
        uid: `${action.id}@trato`,
        sequence: 0,
        summary: 'Visita de presentación',
        location: 'Olot, carrer Major 3',
        start: '2026-12-01T09:00:00.000Z',
        end: '2026-12-01T10:30:00.000Z',
        allDay: false,
        organizer: 'mailto:marta@trato.test',
        organizerName: 'Marta Puig',
        attendees: ['mailto:jordi@garrotxa.example.com', 'mailto:laia@ebro.example.com'],
      });
    }
    const sent = await queueRows();
    expect(sent.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at && r.message_id)).toBe(
      true,
    );
    expect(
      await ctx.db
        .selectFrom('actions')
        .select(['ical_uid', 'ical_sequence'])
        .where('id', '=', action.id)
        .execute(),
    ).toEqual([{ ical_uid: `${action.id}@trato`, ical_sequence: 0 }]);

    // Rescheduled: the same UID with SEQUENCE 1, to both.
    received = [];
    const moved = await api('PATCH', `/api/v1/actions/${action.id}`, {
      version: action.version,
      starts_at: '2026-12-02T15:00:00Z',
      ends_at: '2026-12-02T16:00:00Z',
    });
    expect(moved.statusCode).toBe(200);
    expect(await sendQueued()).toEqual({ sent: 2, failed: 0 });
    expect(received.flatMap((m) => m.to).sort()).toEqual([
      'jordi@garrotxa.example.com',
      'laia@ebro.example.com',
    ]);
    for (const message of received) {
      expect(message.mail.subject).toBe('Actualizada: Visita de presentación');
      const parts = calendarParts(message);
      expect(parts.method).toBe('REQUEST');
      expect(await icalValidationErrors(parts.attachment)).toEqual([]);
      expect(readEvent(parts.attachment)).toMatchObject({
        uid: `${action.id}@trato`,
        sequence: 1,
        start: '2026-12-02T15:00:00.000Z',
        end: '2026-12-02T16:00:00.000Z',
      });
    }

    // Notes alone do not move the event in anyone's calendar: nothing is sent.
    const noted = await api('PATCH', `/api/v1/actions/${action.id}`, {
      version: moved.json().version,
      notes: 'Llevar catálogo',
    });
    expect(noted.statusCode).toBe(200);
    expect(await queueRows()).toHaveLength(4);

    // Cancelled: METHOD:CANCEL with a higher SEQUENCE to everyone invited.
    received = [];
    const cancelled = await api('POST', `/api/v1/actions/${action.id}/cancel`, {
      version: noted.json().version,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await sendQueued()).toEqual({ sent: 2, failed: 0 });
    expect(received.flatMap((m) => m.to).sort()).toEqual([
      'jordi@garrotxa.example.com',
      'laia@ebro.example.com',
    ]);
    for (const message of received) {
      expect(message.mail.subject).toBe('Cancelada: Visita de presentación');
      const parts = calendarParts(message);
      expect(parts.method).toBe('CANCEL');
      expect(await icalValidationErrors(parts.inline)).toEqual([]);
      expect(readEvent(parts.inline)).toMatchObject({
        method: 'CANCEL',
        uid: `${action.id}@trato`,
        sequence: 2,
        status: 'CANCELLED',
      });
    }
  });

  it('cancels only for a removed attendee and invites an added one, in the language of attendees who are users', async () => {
    await ctx.db.updateTable('users').set({ locale: 'en' }).where('id', '=', organizer.id).execute();
    const colleague = await createUser(ctx, {
      role: 'agent',
      email: 'nuria@trato.test',
      name: 'Núria Soler',
    });
    await ctx.db.updateTable('users').set({ locale: 'ca' }).where('id', '=', colleague.id).execute();
    try {
      const action = await saveAction(null, { attendees: ATTENDEES });
      await sendQueued();
      received = [];
      await saveAction(action.id, {
        attendees: [ATTENDEES[0] as ActionAttendee, { email: 'NURIA@trato.test', name: 'Núria Soler' }],
      });
      expect(await sendQueued()).toEqual({ sent: 2, failed: 0 });
      const messages = byRecipient(received);
      expect(Object.keys(messages).sort()).toEqual(['NURIA@trato.test', 'laia@ebro.example.com']);

      const removed = messages['laia@ebro.example.com'] as Received;
      expect(removed.mail.subject).toBe('Cancelled: Visita de presentación');
      expect(readEvent(calendarParts(removed).inline)).toMatchObject({
        method: 'CANCEL',
        sequence: 1,
        attendees: ['mailto:laia@ebro.example.com'],
      });
      const added = messages['NURIA@trato.test'] as Received;
      expect(added.mail.subject).toBe('Invitació: Visita de presentación');
      expect(added.mail.text).toContain('Marta Puig et convida a');
      const event = readEvent(calendarParts(added).inline);
      expect(event).toMatchObject({ method: 'REQUEST', sequence: 1 });
      expect(event.attendees).toEqual(['mailto:jordi@garrotxa.example.com', 'mailto:nuria@trato.test']);
      expect(await icalValidationErrors(calendarParts(added).inline)).toEqual([]);
    } finally {
      await ctx.db.updateTable('users').set({ locale: null }).where('id', '=', organizer.id).execute();
    }
  });

  it('invites to an all-day event for an action with only a due date, organised by the sender for a team', async () => {
    const teamId = await createTeam(ctx, 'Comercial Girona', [organizer.id]);
    const action = await saveAction(null, {
      type_id: untimedTypeId,
      subject: 'Enviar la oferta firmada',
      location: null,
      starts_at: null,
      ends_at: null,
      due_date: '2026-12-03',
      due_at: new Date('2026-12-03T22:59:59Z'),
      assignee_user_id: null,
      assignee_team_id: teamId,
      attendees: [ATTENDEES[0] as ActionAttendee],
    });
    await sendQueued();
    expect(received).toHaveLength(1);
    expect(received[0]?.mail.replyTo).toBeUndefined();
    const ics = calendarParts(received[0] as Received).inline;
    expect(ics).toContain('DTSTART;VALUE=DATE:20261203');
    expect(await icalValidationErrors(ics)).toEqual([]);
    expect(readEvent(ics)).toMatchObject({
      uid: `${action.id}@trato`,
      allDay: true,
      organizer: 'mailto:crm@trato.test',
      organizerName: 'Trato CRM',
    });
  });

  it('sends nothing when an action is done, nor for one without attendees', async () => {
    const action = await saveAction(null, { attendees: ATTENDEES });
    await sendQueued();
    await saveAction(action.id, {
      status: 'done',
      completed_at: new Date(),
      starts_at: new Date('2026-12-05T09:00:00Z'),
    });
    await saveAction(null, { attendees: [] });
    // Deleting it once done tidies the CRM; the meeting happened, so no CANCEL.
    await saveAction(action.id, { deleted_at: new Date() });
    expect(await queueRows()).toHaveLength(2);
  });

  it('cancels for everyone invited when a planned action is deleted', async () => {
    const action = await saveAction(null, { attendees: ATTENDEES });
    await sendQueued();
    await saveAction(action.id, { deleted_at: new Date() });
    const cancels = (await queueRows()).filter((r) => r.status === 'pending');
    expect(cancels.map((r) => r.recipients[0]).sort()).toEqual([
      'jordi@garrotxa.example.com',
      'laia@ebro.example.com',
    ]);
    expect(cancels.map((r) => (r.message as { icalEvent: { method: string } }).icalEvent.method)).toEqual([
      'CANCEL',
      'CANCEL',
    ]);
  });

  it('writes nothing when the change rolls back', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        const action = await trx
          .insertInto('actions')
          .values({
            id: newId(),
            type_id: typeId,
            subject: 'Reunión que no llega a existir',
            starts_at: new Date('2026-12-01T09:00:00Z'),
            due_at: new Date('2026-12-01T09:00:00Z'),
            assignee_user_id: organizer.id,
            attendees: JSON.stringify(ATTENDEES),
            created_by: organizer.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await queueInvitations(trx, { action, previous: null, actorId: organizer.id });
        throw new Error('the rest of the change failed');
      }),
    ).rejects.toThrow('the rest of the change failed');
    expect(await queueRows()).toEqual([]);
  });
});

describe('the mail queue when sending fails', () => {
  it('keeps a refused mail pending with its error, retries it later, and sends it once the server accepts', async () => {
    await saveAction(null, { attendees: [ATTENDEES[0] as ActionAttendee] });
    refuse = { code: 550, message: 'Mailbox unavailable' };
    expect(await sendQueued()).toEqual({ sent: 0, failed: 1 });
    let [row] = await queueRows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
    expect(row?.last_error).toContain('550');
    expect(row?.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);

    // Not due yet: a pass leaves it alone.
    refuse = null;
    expect(await sendQueued()).toEqual({ sent: 0, failed: 0 });

    // Its time comes: sent.
    await ctx.db
      .updateTable('mail_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await sendQueued()).toEqual({ sent: 1, failed: 0 });
    [row] = await queueRows();
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(received.flatMap((m) => m.to)).toEqual(['jordi@garrotxa.example.com']);
  });

  it('keeps mail pending when the SMTP server is down, and marks it failed after the last try', async () => {
    await saveAction(null, { attendees: [ATTENDEES[1] as ActionAttendee] });
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ disabledCommands: ['STARTTLS'] });
      probe.listen(0, '127.0.0.1', () => {
        const port = (probe.server.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const down = createSmtpTransport(`smtp://127.0.0.1:${closed}`);
    expect(await processMailQueue(ctx.db, down, { from: ctx.config.mailFrom })).toEqual({
      sent: 0,
      failed: 1,
    });
    let [row] = await queueRows();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.last_error).toMatch(/ECONNREFUSED|connect/i);

    await ctx.db
      .updateTable('mail_queue')
      .set({ attempts: MAX_MAIL_ATTEMPTS - 1, next_attempt_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await processMailQueue(ctx.db, down, { from: ctx.config.mailFrom })).toEqual({
      sent: 0,
      failed: 1,
    });
    [row] = await queueRows();
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS });
    expect(row?.last_error).toMatch(/ECONNREFUSED|connect/i);
    // A failed mail is kept, and no later pass picks it up again.
    await ctx.db
      .updateTable('mail_queue')
      .set({ next_attempt_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await sendQueued()).toEqual({ sent: 0, failed: 0 });
    expect(received).toEqual([]);
  });
});

describe('the mail worker', () => {
  it('sends what is queued when it ticks, and without an SMTP URL warns once and leaves mail queued', async () => {
    await saveAction(null, { attendees: [ATTENDEES[0] as ActionAttendee] });
    const warnings: string[] = [];
    const log = {
      info: () => {},
      warn: (m: string) => warnings.push(m),
      error: (m: string) => warnings.push(m),
    };

    const idle = startMailWorker({ db: ctx.db, smtpUrl: undefined, from: ctx.config.mailFrom, log });
    await idle.tick();
    await idle.stop();
    expect(warnings).toEqual([expect.stringContaining('TRATO_SMTP_URL')]);
    expect((await queueRows()).map((r) => r.status)).toEqual(['pending']);

    const worker = startMailWorker({
      db: ctx.db,
      smtpUrl: ctx.config.smtpUrl,
      from: ctx.config.mailFrom,
      log,
    });
    await worker.tick();
    await worker.stop();
    expect((await queueRows()).map((r) => r.status)).toEqual(['sent']);
    expect(received.flatMap((m) => m.to)).toEqual(['jordi@garrotxa.example.com']);
    expect(warnings).toHaveLength(1);
  });
});
