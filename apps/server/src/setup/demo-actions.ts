import type { Insertable } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { ActionRow, ActionsTable } from '../db/schema.ts';
import { endOfDueDate } from '../modules/actions/action-values.ts';
import { actionEventChanges } from '../modules/actions/actions.service.ts';
import {
  addDays,
  addWorkingDays,
  DEFAULT_TIME_ZONE,
  localDate,
  zonedInstant,
} from '../modules/actions/zoned-time.ts';
import { type DomainEvent, recordEvents } from '../platform/events.ts';
import { newId } from '../platform/ids.ts';
import { createRandom, type Random } from './bulk-load.ts';

/*
 * The demo company's commercial actions, relative to the day it is loaded: each agent has a few overdue
 * actions, a full today, upcoming work over the next three weeks and done ones with outcomes behind them;
 * each team has unclaimed team actions; and the sequence "Alta de cliente nuevo" runs on a few customers.
 * Rows and their `action.created` / `action.completed` events go in a handful of statements.
 */

export interface DemoPeople {
  /** Agent id (and the first administrator's) → their locale ('es' or 'ca'), for the language of the subjects. */
  agents: Map<string, 'es' | 'ca'>;
  /** Team id → member ids (agents only). */
  teams: Map<string, string[]>;
  managerId: string;
}

type Lang = 'es' | 'ca';
const SUBJECTS: Record<string, Record<Lang, string[]>> = {
  call: {
    es: [
      'Llamar para seguimiento de la oferta',
      'Llamada de cortesía',
      'Confirmar pedido por teléfono',
      'Llamar para renovar el contrato',
    ],
    ca: [
      "Trucar per fer seguiment de l'oferta",
      'Trucada de cortesia',
      'Confirmar la comanda per telèfon',
      'Trucar per renovar el contracte',
    ],
  },
  visit: {
    es: ['Visita comercial', 'Visita para presentar novedades', 'Visita técnica al almacén'],
    ca: ['Visita comercial', 'Visita per presentar novetats', 'Visita tècnica al magatzem'],
  },
  meeting: {
    es: ['Reunión de planificación anual', 'Reunión con el departamento de compras'],
    ca: ['Reunió de planificació anual', 'Reunió amb el departament de compres'],
  },
  email: {
    es: ['Enviar tarifas actualizadas', 'Responder consulta por correo'],
    ca: ['Enviar tarifes actualitzades', 'Respondre la consulta per correu'],
  },
  documents: {
    es: ['Enviar catálogo y condiciones', 'Enviar contrato para firma'],
    ca: ['Enviar catàleg i condicions', 'Enviar el contracte per signar'],
  },
  presentation: { es: ['Presentación de la nueva gama'], ca: ['Presentació de la nova gamma'] },
  task: {
    es: ['Preparar presupuesto', 'Revisar incidencia de entrega'],
    ca: ['Preparar pressupost', "Revisar la incidència de l'entrega"],
  },
};
const TEAM_TASKS = [
  'Atender solicitud llegada por la web',
  'Devolver llamada a la centralita',
  'Revisar pedido pendiente de validar',
];
const OUTCOMES: [string, number][] = [
  ['positive', 4],
  ['meeting_booked', 2],
  ['follow_up', 4],
  ['no_answer', 3],
  ['not_interested', 1],
];
const TIMES = ['09:00', '09:30', '10:00', '11:00', '11:30', '12:30', '16:00', '16:30', '17:30'];

interface Target {
  id: string;
  name: string;
  owner_id: string | null;
  contact_id: string | null;
}

interface TypeInfo {
  id: string;
  key: string;
  timed: boolean;
  duration: number;
}

export async function loadDemoActions(
  db: Database,
  people: DemoPeople,
  options: { seed: number; now?: Date },
): Promise<{ actions: number; sequences: number; runs: number }> {
  const now = options.now ?? new Date();
  const tz = DEFAULT_TIME_ZONE;
  const today = localDate(now, tz);
  const random = createRandom(options.seed);

  const types = new Map(
    (await db.selectFrom('action_types').selectAll().where('deleted_at', 'is', null).execute()).map((t) => [
      t.key,
      { id: t.id, key: t.key, timed: t.timed, duration: t.default_duration_minutes } satisfies TypeInfo,
    ]),
  );
  const entities: Target[] = await db
    .selectFrom('entities')
    .leftJoin('contacts', (join) =>
      join.onRef('contacts.entity_id', '=', 'entities.id').on('contacts.is_primary', '=', true),
    )
    .select(['entities.id', 'entities.name', 'entities.owner_id', 'contacts.id as contact_id'])
    .where('entities.deleted_at', 'is', null)
    .orderBy('entities.name')
    .execute();
  const byOwner = new Map<string, Target[]>();
  for (const e of entities) if (e.owner_id) byOwner.set(e.owner_id, [...(byOwner.get(e.owner_id) ?? []), e]);

  const rows: Insertable<ActionsTable>[] = [];
  const events: DomainEvent[] = [];
  const typeOf = (key: string) => {
    const type = types.get(key);
    if (!type) throw new Error(`action type ${key} is missing: run ensureBaseData first`);
    return type;
  };

  /** One action row, its times derived as the service derives them, and its events. */
  function add(spec: {
    type: string;
    subject: string;
    by: string;
    userId: string | null;
    teamId?: string | null;
    target: Target | null;
    day: string;
    time?: string;
    done?: { outcome: string; at: Date } | null;
    cancelled?: boolean;
    private?: boolean;
    run?: { id: string; step: string };
  }): ActionRow['id'] {
    const type = typeOf(spec.type);
    const startsAt = type.timed ? zonedInstant(spec.day, spec.time ?? '10:00', tz) : null;
    const endsAt = startsAt ? new Date(startsAt.getTime() + type.duration * 60_000) : null;
    const id = newId();
    const createdAt = new Date(
      Math.min(now.getTime(), (startsAt ?? zonedInstant(spec.day, '09:00', tz)).getTime() - 3 * 86_400_000),
    );
    const row: ActionRow = {
      id,
      type_id: type.id,
      subject: spec.subject,
      notes: null,
      location: null,
      starts_at: startsAt,
      ends_at: endsAt,
      due_date: type.timed ? null : spec.day,
      due_at: endsAt ?? endOfDueDate(spec.day, tz),
      status: spec.done ? 'done' : spec.cancelled ? 'cancelled' : 'planned',
      outcome: spec.done?.outcome ?? null,
      outcome_notes: null,
      completed_at: spec.done?.at ?? null,
      completed_by: spec.done ? spec.userId : null,
      assignee_user_id: spec.userId,
      assignee_team_id: spec.teamId ?? null,
      entity_id: spec.target?.id ?? null,
      contact_id: spec.target?.contact_id ?? null,
      case_id: null,
      campaign_id: null,
      sequence_run_id: spec.run?.id ?? null,
      sequence_step_key: spec.run?.step ?? null,
      private: spec.private ?? false,
      attendees: [],
      ical_uid: null,
      ical_sequence: 0,
      custom: {},
      version: spec.done ? 2 : 1,
      created_at: createdAt,
      updated_at: spec.done?.at ?? createdAt,
      created_by: spec.by,
      updated_by: spec.by,
      deleted_at: null,
    };
    rows.push({ ...row, attendees: JSON.stringify([]), custom: JSON.stringify({}) });
    const planned = {
      ...row,
      status: 'planned' as const,
      outcome: null,
      completed_at: null,
      completed_by: null,
    };
    events.push({
      type: 'action.created',
      object: 'action',
      objectId: id,
      entityId: row.entity_id,
      actorId: spec.by,
      changes: actionEventChanges(null, planned, type.key),
    });
    if (spec.done || spec.cancelled)
      events.push({
        type: spec.done ? 'action.completed' : 'action.cancelled',
        object: 'action',
        objectId: id,
        entityId: row.entity_id,
        actorId: spec.userId,
        changes: actionEventChanges(planned, row, type.key),
      });
    return id;
  }

  const subject = (r: Random, type: string, lang: Lang) => r.pick(SUBJECTS[type]![lang]);
  const plannedType = (r: Random) =>
    r.weighted([
      ['call', 5],
      ['visit', 3],
      ['meeting', 2],
      ['email', 2],
      ['documents', 1],
      ['presentation', 1],
      ['task', 2],
    ] as const);

  for (const [agentId, lang] of people.agents) {
    // Someone who owns no entity (the administrator trying Trato out) works on any of them.
    const own = byOwner.get(agentId) ?? entities;
    if (own.length === 0) continue;
    const target = () => random.pick(own);
    const plan = (type: string, day: string, time?: string, extra: Partial<Parameters<typeof add>[0]> = {}) =>
      add({
        type,
        subject: subject(random, type, lang),
        by: agentId,
        userId: agentId,
        target: target(),
        day,
        ...(time !== undefined && { time }),
        ...extra,
      });

    // Overdue: a few days behind.
    for (const back of [1, 2, 4])
      plan(random.pick(['call', 'email', 'task']), addWorkingDays(today, -back), random.pick(TIMES));
    // Today: a morning and an afternoon of work, and something without a time.
    for (const time of ['09:30', '11:00', '16:00', '17:30'])
      plan(random.pick(['call', 'visit', 'meeting', 'call']), today, time);
    plan('task', today);
    // Upcoming over the next three weeks, on working days.
    for (let i = 1; i <= 12; i++)
      plan(plannedType(random), addWorkingDays(today, Math.ceil((i * 15) / 12)), random.pick(TIMES));
    // One private note-to-self.
    plan('task', addWorkingDays(today, 3), undefined, {
      private: true,
      subject:
        lang === 'ca' ? 'Preparar revisió de preus (privat)' : 'Preparar revisión de precios (privado)',
    });
    // Done in the last month, with how they went; one cancelled.
    for (let i = 0; i < 14; i++) {
      const day = addWorkingDays(today, -random.int(1, 22));
      const time = random.pick(TIMES);
      const type = random.pick(['call', 'call', 'visit', 'meeting', 'email', 'documents']);
      const at = new Date(zonedInstant(day, time, tz).getTime() + 30 * 60_000);
      plan(type, day, time, { done: { outcome: random.weighted(OUTCOMES), at } });
    }
    plan('visit', addWorkingDays(today, -5), '12:00', { cancelled: true });
  }

  // Team work nobody has taken yet, and one a member took.
  for (const [teamId, members] of people.teams) {
    TEAM_TASKS.forEach((task, i) => {
      add({
        type: 'task',
        subject: task,
        by: people.managerId,
        userId: null,
        teamId,
        target: null,
        day: addWorkingDays(today, i === 0 ? 0 : i),
      });
    });
    const taker = members[0];
    if (taker)
      add({
        type: 'call',
        subject: 'Llamar al cliente que pidió información',
        by: people.managerId,
        userId: taker,
        teamId,
        target: random.pick(byOwner.get(taker) ?? entities),
        day: today,
        time: '12:30',
      });
  }

  // The sequence "Alta de cliente nuevo" and three customers going through it.
  const sequenceId = newId();
  const steps = [
    {
      key: 'llamada',
      type: 'call',
      subject: 'Llamada de bienvenida',
      offset: 0,
      working: false,
      time: '10:00',
      rule: 'same',
    },
    {
      key: 'documentacion',
      type: 'documents',
      subject: 'Enviar documentación de alta',
      offset: 2,
      working: true,
      time: null,
      rule: 'same',
    },
    {
      key: 'visita',
      type: 'visit',
      subject: 'Visita de presentación',
      offset: 5,
      working: false,
      time: '10:00',
      rule: 'owner',
    },
  ] as const;
  const runs: {
    id: string;
    entity: Target;
    step: string;
    status: string;
    reason: string | null;
    startedAt: Date;
    endedAt: Date | null;
  }[] = [];
  const customers = [...people.agents.keys()].flatMap((agent) => (byOwner.get(agent) ?? []).slice(0, 1));
  const [first, second, third] = customers;
  if (first) {
    // Started today: the welcome call is planned.
    const run = {
      id: newId(),
      entity: first,
      step: 'llamada',
      status: 'active',
      reason: null,
      startedAt: now,
      endedAt: null,
    };
    runs.push(run);
    add({
      type: 'call',
      subject: steps[0].subject,
      by: first.owner_id!,
      userId: first.owner_id,
      target: first,
      day: today,
      time: '12:00',
      run: { id: run.id, step: 'llamada' },
    });
  }
  if (second) {
    // Called yesterday with no answer; the documents are next.
    const yesterday = addDays(today, -1);
    const run = {
      id: newId(),
      entity: second,
      step: 'documentacion',
      status: 'active',
      reason: null,
      startedAt: zonedInstant(yesterday, '09:00', tz),
      endedAt: null,
    };
    runs.push(run);
    add({
      type: 'call',
      subject: steps[0].subject,
      by: second.owner_id!,
      userId: second.owner_id,
      target: second,
      day: yesterday,
      time: '10:00',
      done: { outcome: 'no_answer', at: zonedInstant(yesterday, '10:20', tz) },
      run: { id: run.id, step: 'llamada' },
    });
    add({
      type: 'documents',
      subject: steps[1].subject,
      by: second.owner_id!,
      userId: second.owner_id,
      target: second,
      day: addWorkingDays(yesterday, 2),
      run: { id: run.id, step: 'documentacion' },
    });
  }
  if (third) {
    // Went through the call and the documents; the visit was booked: goal reached.
    const start = addDays(today, -12);
    const docsDay = addWorkingDays(start, 2);
    const run = {
      id: newId(),
      entity: third,
      step: 'documentacion',
      status: 'achieved',
      reason: 'meeting_booked',
      startedAt: zonedInstant(start, '09:00', tz),
      endedAt: zonedInstant(docsDay, '12:00', tz),
    };
    runs.push(run);
    add({
      type: 'call',
      subject: steps[0].subject,
      by: third.owner_id!,
      userId: third.owner_id,
      target: third,
      day: start,
      time: '10:00',
      done: { outcome: 'follow_up', at: zonedInstant(start, '10:15', tz) },
      run: { id: run.id, step: 'llamada' },
    });
    add({
      type: 'documents',
      subject: steps[1].subject,
      by: third.owner_id!,
      userId: third.owner_id,
      target: third,
      day: docsDay,
      done: { outcome: 'meeting_booked', at: run.endedAt },
      run: { id: run.id, step: 'documentacion' },
    });
  }

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sequences')
      .values({
        id: sequenceId,
        name: 'Alta de cliente nuevo',
        description:
          'Llamada de bienvenida, documentación a los dos días laborables y visita de presentación.',
        goal_outcomes: ['meeting_booked'],
        created_by: people.managerId,
      })
      .execute();
    await trx
      .insertInto('sequence_steps')
      .values(
        steps.map((s, position) => ({
          id: newId(),
          sequence_id: sequenceId,
          key: s.key,
          position,
          type_id: typeOf(s.type).id,
          subject: s.subject,
          offset_days: s.offset,
          working_days: s.working,
          time_of_day: s.time,
          assignee_rule: s.rule,
          notes: null,
          assignee_user_id: null,
          assignee_team_id: null,
          next_key: null,
        })),
      )
      .execute();
    if (runs.length > 0)
      await trx
        .insertInto('sequence_runs')
        .values(
          runs.map((r) => ({
            id: r.id,
            sequence_id: sequenceId,
            entity_id: r.entity.id,
            contact_id: r.entity.contact_id,
            status: r.status,
            current_step_key: r.step,
            end_reason: r.reason,
            started_by: r.entity.owner_id,
            started_at: r.startedAt,
            ended_at: r.endedAt,
            created_by: r.entity.owner_id,
          })),
        )
        .execute();
    await trx.insertInto('actions').values(rows).execute();
    await recordEvents(trx, [
      ...runs.map((r) => ({
        type: 'sequence_run.started',
        object: 'sequence_run',
        objectId: r.id,
        entityId: r.entity.id,
        actorId: r.entity.owner_id,
        changes: {
          summary: 'Alta de cliente nuevo',
          sequence_id: sequenceId,
          contact_id: r.entity.contact_id,
          step: 'llamada',
        },
      })),
      ...events,
    ]);
  });
  return { actions: rows.length, sequences: 1, runs: runs.length };
}
