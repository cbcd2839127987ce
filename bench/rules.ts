/*
 * npm run bench:rules — issue 5 §9: the automation engine's cost per event with 200 active rules.
 *
 * 200 rules of mixed triggers (record_created / record_changed on entities, contacts, cases and actions,
 * status_changed, action_done, mail_received, date triggers) and conditions (eq, in, contains, gt, custom
 * fields, the entity of a case). Then outbox events are read by the engine exactly as in production
 * (processAutomationEvents, one pass after another):
 *   1. matching + conditions: entity and case changes that 80 rules watch, none of whose conditions hold;
 *   2. with actions: the same with 4 of those rules' conditions holding (create an action, set a field, assign an
 *      owner round robin, start nothing twice), each run in its transaction with its run row.
 *
 *   BENCH_RULES_ENTITIES=2000   entities (one contact each) the events are about
 *   BENCH_RULES_EVENTS=3000     events of step 1 (step 2 uses a third of them)
 *   BENCH_DB=pglite,postgres    PostgreSQL only when TEST_DATABASE_URL points at a server (a fresh database there)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateAutomationRuleRequest } from '@trato/contracts/automation';
import { CreateAutomationRuleRequest as CreateRuleSchema } from '@trato/contracts/automation';
import type { Kysely } from 'kysely';
import { openDatabase } from '../apps/server/src/db/connection.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import type { DB } from '../apps/server/src/db/schema.ts';
import { createRule } from '../apps/server/src/modules/automation/automation.service.ts';
import { processAutomationEvents } from '../apps/server/src/modules/automation/engine.ts';
import type { AuthContext } from '../apps/server/src/platform/auth.ts';
import { newId } from '../apps/server/src/platform/ids.ts';
import { SEEDED_ROLES } from '../apps/server/src/platform/permissions.ts';
import { configureSecrets } from '../apps/server/src/platform/secrets.ts';
import { ensureBaseData } from '../apps/server/src/setup/bootstrap.ts';
import { bulkLoadEntities, createEntityGenerator } from '../apps/server/src/setup/bulk-load.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../apps/server/src/test/database.ts';
import { envInt, round, seconds } from './util.ts';

const ENTITIES = envInt('BENCH_RULES_ENTITIES', 2_000);
const EVENTS = envInt('BENCH_RULES_EVENTS', 3_000);
const RULES = 200;
const log = (line: string) => console.log(`[bench:rules] ${line}`);

interface Refs {
  callType: string;
  taskType: string;
  opportunity: string;
  proposal: string;
  teamId: string;
  userId: string;
}

/** 200 rules: 80 watch entity and case changes (the events below), the rest other triggers and objects. */
function ruleSet(refs: Refs): CreateAutomationRuleRequest[] {
  const rules: CreateAutomationRuleRequest[] = [];
  const never = (i: number) =>
    [
      // Conditions that do not hold on the seeded data, of every kind the engine compares.
      [{ field: 'city', op: 'eq', value: `Ciudad inexistente ${i}` }],
      [
        { field: 'sector', op: 'in', value: ['sector_x', 'sector_y'] },
        { field: 'name', op: 'contains', value: 'zzz' },
      ],
      [{ field: 'custom.employees', op: 'gt', value: 1_000_000 + i }],
      [{ field: 'roles', op: 'contains', value: 'supplier_nope' }],
    ][i % 4]!;
  for (let i = 0; i < 60; i++)
    rules.push({
      name: `Entidad cambia ${i}`,
      trigger: {
        type: 'record_changed',
        object: 'entity',
        config: i % 3 === 0 ? { fields: ['city', 'sector'] } : {},
      },
      conditions: never(i) as CreateAutomationRuleRequest['conditions'],
      actions: [{ type: 'create_action', type_id: refs.taskType, subject: `Revisar ${i}` }],
    });
  for (let i = 0; i < 20; i++)
    rules.push({
      name: `Caso cambia ${i}`,
      trigger: { type: 'record_changed', object: 'case', config: { case_type_id: refs.opportunity } },
      conditions: [
        { field: 'amount', op: 'gt', value: String(10_000_000 + i) },
        { field: 'entity.sector', op: 'not_empty' },
      ],
      actions: [{ type: 'set_status', status_id: refs.proposal }],
    });
  const others: CreateAutomationRuleRequest['trigger'][] = [
    { type: 'record_created', object: 'entity', config: {} },
    { type: 'record_created', object: 'case', config: {} },
    { type: 'record_created', object: 'contact', config: {} },
    { type: 'record_changed', object: 'contact', config: {} },
    { type: 'status_changed', object: 'case', config: {} },
    { type: 'action_done', object: 'action', config: {} },
    { type: 'mail_received', object: 'email', config: {} },
    { type: 'days_without_activity', object: 'entity', config: { days: 30 } },
    { type: 'days_before_close', object: 'case', config: { days: 7 } },
    { type: 'sla_due_soon', object: 'case', config: { hours: 4, target: 'any' } },
  ];
  for (let i = 0; rules.length < RULES; i++)
    rules.push({
      name: `Otra regla ${i}`,
      trigger: others[i % others.length]!,
      actions: [{ type: 'create_action', type_id: refs.callType, subject: `Llamar ${i}` }],
    });
  return rules;
}

/** Outbox events as the services write them: entity and case changes, oldest first. */
async function writeEvents(
  db: Kysely<DB>,
  entityIds: string[],
  caseIds: string[],
  count: number,
  userId: string,
) {
  const rows = [];
  for (let i = 0; i < count; i++) {
    const isCase = i % 4 === 3;
    const id = isCase ? caseIds[i % caseIds.length]! : entityIds[i % entityIds.length]!;
    rows.push({
      id: newId(),
      type: isCase ? 'case.updated' : 'entity.updated',
      object: isCase ? 'case' : 'entity',
      object_id: id,
      entity_id: isCase ? null : id,
      actor_id: userId,
      changes: JSON.stringify(isCase ? { amount: ['100.00', '200.00'] } : { city: ['Olot', 'Vic'] }),
    });
  }
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('events')
      .values(rows.slice(i, i + 1000))
      .execute();
}

async function run(kind: 'pglite' | 'postgres') {
  const url = kind === 'postgres' ? await createTestDatabaseUrl() : null;
  if (kind === 'postgres' && !url)
    return log('postgres: skipped (set TEST_DATABASE_URL to a PostgreSQL server)');
  const dataDir = await mkdtemp(join(tmpdir(), 'trato-bench-rules-'));
  const handle = await openDatabase(url ? { url } : { dataDir: join(dataDir, 'db') });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    await ensureBaseData(db);
    configureSecrets({ dataDir, log: { warn: () => {} } });
    const role = await db
      .selectFrom('roles')
      .select('id')
      .where('key', '=', 'admin')
      .executeTakeFirstOrThrow();
    const userId = newId();
    const colleague = newId();
    for (const [id, name] of [
      [userId, 'Jordi Pla'],
      [colleague, 'Marta Vidal'],
    ] as const)
      await db
        .insertInto('users')
        .values({
          id,
          email: `${id}@example.com`,
          name,
          password_hash: 'x',
          role_id: role.id,
          created_by: null,
        })
        .execute();
    const teamId = newId();
    await db.insertInto('teams').values({ id: teamId, name: 'Ventas', created_by: null }).execute();
    await db
      .insertInto('team_members')
      .values([
        { team_id: teamId, user_id: userId },
        { team_id: teamId, user_id: colleague },
      ])
      .execute();
    const auth: AuthContext = {
      userId,
      name: 'Jordi Pla',
      email: `${userId}@example.com`,
      locale: 'es',
      timeZone: 'Europe/Madrid',
      roleId: role.id,
      roleKey: 'admin',
      permissions: SEEDED_ROLES[0]!.permissions,
      teamIds: [teamId],
      via: 'api_key',
      sessionId: null,
      csrfToken: null,
    };

    let started = performance.now();
    const generator = createEntityGenerator({ contacts: 1, ownerIds: [userId], e164: true });
    await bulkLoadEntities(
      db,
      (function* () {
        for (let i = 0; i < ENTITIES; i++) yield generator.entity(i);
      })(),
      { actorId: userId, validate: false, events: false },
    );
    const entityIds = (await db.selectFrom('entities').select('id').orderBy('id').execute()).map((r) => r.id);
    const types = await db.selectFrom('action_types').select(['id', 'key']).execute();
    const opportunity = await db
      .selectFrom('case_types')
      .select('id')
      .where('key', '=', 'opportunity')
      .executeTakeFirstOrThrow();
    const statuses = await db
      .selectFrom('case_statuses')
      .select(['id', 'key'])
      .where('type_id', '=', opportunity.id)
      .execute();
    const caseRows = entityIds.slice(0, Math.min(500, entityIds.length)).map((entityId, i) => ({
      id: newId(),
      type_id: opportunity.id,
      number: `OPP-2026-${String(i + 1).padStart(5, '0')}`,
      title: `Oportunidad ${i}`,
      entity_id: entityId,
      owner_id: userId,
      status_id: statuses.find((s) => s.key === 'new')!.id,
      status_changed_at: new Date(),
      amount: '1500.00',
      custom: JSON.stringify({}),
      created_by: userId,
    }));
    await db.insertInto('cases').values(caseRows).execute();
    const caseIds = caseRows.map((c) => c.id);
    log(
      `${kind}: ${entityIds.length} entities, ${caseIds.length} cases seeded in ${seconds(performance.now() - started)}`,
    );

    await db
      .insertInto('field_definitions')
      .values({
        id: newId(),
        object: 'entity',
        key: 'employees',
        labels: JSON.stringify({ es: 'Empleados' }),
        type: 'number',
        options: JSON.stringify([]),
        validation: JSON.stringify({}),
        position: 1,
        created_by: userId,
      })
      .execute();
    const refs: Refs = {
      callType: types.find((t) => t.key === 'call')!.id,
      taskType: types.find((t) => t.key === 'task')!.id,
      opportunity: opportunity.id,
      proposal: statuses.find((s) => s.key === 'proposal')!.id,
      teamId,
      userId,
    };
    started = performance.now();
    for (const rule of ruleSet(refs)) await createRule(db, auth, CreateRuleSchema.parse(rule));
    log(
      `${kind}: ${RULES} active rules saved (checked like the API does) in ${seconds(performance.now() - started)}`,
    );
    await processAutomationEvents(db, { settleMs: 0 });

    // 1. Matching and conditions only.
    await writeEvents(db, entityIds, caseIds, EVENTS, userId);
    started = performance.now();
    const idle = await processAutomationEvents(db, { settleMs: 0 });
    const idleMs = performance.now() - started;
    log(
      `${kind}: matching + conditions: ${idle.events} events, 80 of ${RULES} rules watching each, ${idle.succeeded} runs, in ${seconds(idleMs)} → ${round(idleMs / idle.events, 3)} ms/event, ${round((idle.events / idleMs) * 1000, 0)} events/s`,
    );

    // 2. With actions: four more rules whose conditions hold on every entity change.
    const firing: CreateAutomationRuleRequest[] = [
      {
        name: 'Llamar tras el cambio',
        trigger: { type: 'record_changed', object: 'entity', config: { fields: ['city'] } },
        conditions: [{ field: 'city', op: 'not_empty' }],
        actions: [
          {
            type: 'create_action',
            type_id: refs.callType,
            subject: 'Confirmar la nueva dirección',
            due_in_days: 1,
          },
        ],
      },
      {
        name: 'Marcar revisada',
        trigger: { type: 'record_changed', object: 'entity', config: {} },
        conditions: [{ field: 'kind', op: 'in', value: ['company', 'person'] }],
        actions: [{ type: 'set_field', field: 'web', value: 'https://revisada.example.com' }],
      },
      {
        name: 'Repartir',
        trigger: { type: 'record_changed', object: 'entity', config: { fields: ['city'] } },
        conditions: [{ field: 'name', op: 'not_empty' }],
        actions: [{ type: 'assign_owner', team_id: refs.teamId }],
      },
      {
        name: 'Tarea de seguimiento',
        trigger: { type: 'record_changed', object: 'entity', config: { fields: ['city'] } },
        conditions: [{ field: 'owner_id', op: 'not_empty' }],
        actions: [{ type: 'create_action', type_id: refs.taskType, subject: 'Seguimiento', due_in_days: 7 }],
      },
    ];
    for (const rule of firing) await createRule(db, auth, CreateRuleSchema.parse(rule));
    const withActions = Math.max(1, Math.floor(EVENTS / 3));
    // Entity changes only, one per entity, so every run changes a record that nothing else is changing.
    const rows = entityIds.slice(0, withActions).map((id) => ({
      id: newId(),
      type: 'entity.updated',
      object: 'entity',
      object_id: id,
      entity_id: id,
      actor_id: userId,
      changes: JSON.stringify({ city: ['Olot', 'Vic'] }),
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await db
        .insertInto('events')
        .values(rows.slice(i, i + 1000))
        .execute();
    started = performance.now();
    const busy = await processAutomationEvents(db, { settleMs: 0 });
    const busyMs = performance.now() - started;
    log(
      `${kind}: with actions: ${rows.length} events (${busy.events} read, counting the ones the runs wrote), ${busy.succeeded} runs, ${busy.failed} failed, ${busy.skipped} loops stopped, in ${seconds(busyMs)} → ${round(busyMs / rows.length, 2)} ms per event, ${round(busyMs / Math.max(1, busy.succeeded), 2)} ms per run`,
    );
  } finally {
    await handle.close();
    await dropTestDatabase(url);
    await rm(dataDir, { recursive: true, force: true });
  }
}

for (const kind of (process.env.BENCH_DB ?? 'pglite,postgres').split(',').map((s) => s.trim()))
  if (kind === 'pglite' || kind === 'postgres') await run(kind);
