import { sql } from 'kysely';
import { FIRST_NAMES, SURNAMES } from '../apps/server/src/setup/bulk-load.ts';
import type { BenchDatabase } from './database.ts';
import {
  buildIndexes,
  countRows,
  type Db,
  dropSecondaryIndexes,
  ensureTeam,
  ensureUsers,
  insertChunks,
  isSuperuser,
  type LoadState,
  missingChunks,
  readLoadState,
  roleId,
  u,
  weightedIndex,
  writeLoadState,
} from './seed-util.ts';
import { round } from './util.ts';

/*
 * Commercial actions for the panel, agenda and reassign scenarios, generated inside the database:
 * `INSERT … SELECT FROM generate_series` in chunks, every column a function of the row number (hashint8extended
 * as the random source), so a chunk is the same whenever it runs. Each chunk commits together with its row in
 * `bench_action_chunks`: an interrupted load resumes where it stopped. The secondary indexes of `actions` are
 * dropped during the load and rebuilt after it (their definitions are kept in `bench_state` first, so a crash in
 * the middle does not lose them), then VACUUM ANALYZE.
 *
 * People: 200 agents (bench-agent-NNN@example.com) in 20 teams of 10, plus the panel user
 * (bench-actions@example.com, an agent in team 1) who has exactly PANEL_ACTIONS actions of their own: every
 * action with assignee_user_id = them, or unclaimed by team 1 (what "mine" means on the panel).
 *
 * Shape, relative to the day of seeding (Europe/Madrid): 92 % of the actions fell due in the last two years
 * (done, 3 % cancelled, a quarter of last month's still planned = overdue, 1 % forgotten), 8 % fall due in the
 * next two years (planned, 3 % done or cancelled early; 60 % of them in the next 30 days, 30 % in the 150 days
 * after). Weekdays, 8:00–18:45 in quarters of an hour. At 5M rows a bench agent has ~25,000 actions (~30 per
 * working day); the panel user has 10,000, 15 % of them ahead (~1,600 planned: enough to reassign 1,000).
 * Types: call 35 %, email 20 %, task 13 %, visit 12 %, meeting 10 % (30 % with an attendee), documents 7 %,
 * presentation 3 %. 12 % are team actions (half of the open ones unclaimed), 3 % private; 92 % name an entity,
 * 60 % one of its contacts.
 */

export const PANEL_USER_EMAIL = 'bench-actions@example.com';
export const OTHER_USER_EMAIL = 'bench-agent-001@example.com';
const AGENTS = 200;
const TEAMS = 20;
const PANEL_ACTIONS = 10_000;
const TIME_ZONE = 'Europe/Madrid';

const TYPES: [key: string, weight: number, subjects: string[]][] = [
  [
    'call',
    35,
    [
      'Llamar para seguimiento de la oferta',
      'Llamada de cortesía',
      'Confirmar pedido por teléfono',
      'Trucar per renovar el contracte',
      "Trucar per fer seguiment de l'oferta",
    ],
  ],
  [
    'email',
    20,
    ['Enviar tarifas actualizadas', 'Responder consulta por correo', 'Enviar tarifes actualitzades'],
  ],
  ['task', 13, ['Preparar presupuesto', 'Revisar incidencia de entrega', 'Preparar pressupost']],
  ['visit', 12, ['Visita comercial', 'Visita para presentar novedades', 'Visita tècnica al magatzem']],
  ['meeting', 10, ['Reunión de planificación anual', 'Reunió amb el departament de compres']],
  ['documents', 7, ['Enviar catálogo y condiciones', 'Enviar el contracte per signar']],
  ['presentation', 3, ['Presentación de la nueva gama', 'Presentació de la nova gamma']],
];
const OUTCOMES: [string, number][] = [
  ['positive', 30],
  ['follow_up', 30],
  ['no_answer', 20],
  ['meeting_booked', 12],
  ['not_interested', 7],
  ['stop', 1],
];
const NOTES = [
  'Pide que le llamemos por la tarde.',
  'Interesado en la gama nueva; enviar precios.',
  'Parla millor en català.',
  'Contacto a través de la centralita.',
];

export interface ActionSeeding {
  actions: number;
  panel_user_actions: number;
  /** When the rows were generated (the day "now" of their shape). */
  anchor: string;
  load_s: number;
  indexes_s: number;
  vacuum_s: number;
  /** True when this run loaded (some of) the rows. */
  seeded: boolean;
  fk_checks: boolean;
}

export interface ActionPeople {
  panelUserId: string;
  panelTeamId: string;
  /** The other agent of team 1: the reassign scenario moves actions between the panel user and them. */
  otherUserId: string;
}

async function ensurePeople(
  db: Db,
  passwordHash: string,
): Promise<ActionPeople & { agents: string[]; teams: string[] }> {
  const emails = Array.from(
    { length: AGENTS },
    (_, k) => `bench-agent-${String(k + 1).padStart(3, '0')}@example.com`,
  );
  const names = emails.map(
    (_, k) =>
      `${FIRST_NAMES[(k * 7) % FIRST_NAMES.length]} ${SURNAMES[(k * 13) % SURNAMES.length]} ${SURNAMES[(k * 29 + 3) % SURNAMES.length]}`,
  );
  emails.push(PANEL_USER_EMAIL);
  names.push('Marta Bench Casals');
  const ids = await ensureUsers(db, { emails, names, roleId: await roleId(db, 'agent'), passwordHash });
  const agents = ids.slice(0, AGENTS);
  const panelUserId = ids[AGENTS]!;
  const teams: string[] = [];
  for (let t = 0; t < TEAMS; t++) {
    const members = agents.slice(t * 10, t * 10 + 10);
    if (t === 0) members.push(panelUserId);
    teams.push(await ensureTeam(db, `Bench team ${String(t + 1).padStart(2, '0')}`, members));
  }
  return { agents, teams, panelUserId, panelTeamId: teams[0]!, otherUserId: agents[0]! };
}

interface State extends LoadState {
  /** The day (Europe/Madrid) the panel user's actions are centred on; moved to today on a later run. */
  panel_day: string;
  fk_checks: boolean;
}

const CHUNKS = 'bench_action_chunks';
const STATE_KEY = 'actions';
const writeState = (db: Db, state: State) => writeLoadState(db, STATE_KEY, state);

const today = (at: Date) => at.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE });

/**
 * Seeds `total` actions (idempotent; resumes an interrupted load), then moves the panel user's actions to
 * today's date if they were generated on an earlier day, so that overdue/today/upcoming keep their shape.
 */
export async function seedActions(
  bench: BenchDatabase,
  options: {
    total: number;
    /** For the bench users (they sign in: the panel user gets an API key that way). */
    passwordHash: string;
    /** Check foreign keys while loading (default: not, when the user may switch them off). */
    fkChecks?: boolean;
    log: (line: string) => void;
  },
): Promise<{ seeding: ActionSeeding; people: ActionPeople }> {
  const { db } = bench;
  const { log } = options;
  if (options.total < 100) throw new Error(`BENCH_ACTIONS must be 0 or at least 100, got ${options.total}`);
  const people = await ensurePeople(db, options.passwordHash);
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'admin@example.com')
    .executeTakeFirstOrThrow();
  let { state, done } = await readLoadState<State>(db, STATE_KEY, CHUNKS);
  if (state && state.total !== options.total) {
    const chunks = Math.ceil(state.total / state.chunk_size);
    if (done.size < chunks)
      throw new Error(
        `an interrupted load of ${state.total} actions is in this database: set BENCH_ACTIONS=${state.total} to finish it`,
      );
    log(
      `keeping the ${state.total.toLocaleString('en')} actions seeded earlier (BENCH_ACTIONS asks for ${options.total.toLocaleString('en')})`,
    );
  }
  if (!state) {
    const existing = await countRows(db, 'actions');
    if (existing > 0) throw new Error(`actions has ${existing} rows not seeded by the benchmark`);
    const chunkSize = Math.max(10_000, Math.min(200_000, Math.ceil(options.total / 25 / 10_000) * 10_000));
    const now = new Date();
    state = {
      total: options.total,
      chunk_size: chunkSize,
      anchor: now.toISOString(),
      panel_day: today(now),
      pending_indexes: null,
      load_s: 0,
      indexes_s: 0,
      vacuum_s: 0,
      fk_checks: true,
    };
    await writeState(db, state);
  }
  const total = state.total;
  const panelActions = Math.min(PANEL_ACTIONS, Math.floor(total / 2));
  const chunks = missingChunks(state, done);
  let seeded = false;
  if (chunks.length > 0 || state.pending_indexes) {
    seeded = true;
    const started = performance.now();
    if (chunks.length > 0) {
      await dropSecondaryIndexes(db, ['actions'], state, STATE_KEY);
      state.fk_checks = await loadChunks(bench, people, state, chunks, panelActions, {
        adminId: admin.id,
        fkChecks: options.fkChecks ?? false,
        log,
      });
      state.load_s = round(state.load_s + (performance.now() - started) / 1000, 1);
      await writeState(db, state);
      log(`  ${total.toLocaleString('en')} actions in ${state.load_s} s; building indexes…`);
    }
    const indexStarted = performance.now();
    const times = await buildIndexes(bench, state.pending_indexes ?? []);
    state.indexes_s = round((performance.now() - indexStarted) / 1000, 1);
    state.pending_indexes = null;
    await writeState(db, state);
    log(`  indexes in ${state.indexes_s} s (${times.join(', ')})`);
    const vacuumStarted = performance.now();
    await sql`drop table if exists bench_action_pick`.execute(db);
    await sql`vacuum analyze actions`.execute(db);
    await sql`analyze users, teams, team_members`.execute(db);
    state.vacuum_s = round((performance.now() - vacuumStarted) / 1000, 1);
    await writeState(db, state);
    log(
      `actions seeded: rows ${state.load_s} s, indexes ${state.indexes_s} s, VACUUM ANALYZE ${state.vacuum_s} s` +
        ` (${Math.round(total / (state.load_s + state.indexes_s)).toLocaleString('en')} actions/s)`,
    );
  } else {
    log(`actions already seeded: ${total.toLocaleString('en')} (on ${state.anchor.slice(0, 10)})`);
  }
  await recentrePanelUser(db, people, state, log);
  return {
    seeding: {
      actions: total,
      panel_user_actions: panelActions,
      anchor: state.anchor,
      load_s: state.load_s,
      indexes_s: state.indexes_s,
      vacuum_s: state.vacuum_s,
      seeded,
      fk_checks: state.fk_checks,
    },
    people: {
      panelUserId: people.panelUserId,
      panelTeamId: people.panelTeamId,
      otherUserId: people.otherUserId,
    },
  };
}

/**
 * The panel user's actions were generated around the day of seeding; on a later day their overdue/today/
 * upcoming split would drift. Moving them (10,000 rows, all created by that user) by whole days keeps it.
 */
async function recentrePanelUser(db: Db, people: ActionPeople, state: State, log: (line: string) => void) {
  const days = Math.round((Date.parse(today(new Date())) - Date.parse(state.panel_day)) / 86_400_000);
  if (days === 0) return;
  const shift = sql`make_interval(days => ${days})`;
  const result = await sql`
    update actions set
      starts_at = (starts_at at time zone ${TIME_ZONE} + ${shift}) at time zone ${TIME_ZONE},
      ends_at = (ends_at at time zone ${TIME_ZONE} + ${shift}) at time zone ${TIME_ZONE},
      due_date = due_date + ${days}::int,
      due_at = (due_at at time zone ${TIME_ZONE} + ${shift}) at time zone ${TIME_ZONE},
      completed_at = least(now(), completed_at + ${shift}),
      created_at = least(now(), created_at + ${shift})
    where created_by = ${people.panelUserId}`.execute(db);
  state.panel_day = today(new Date());
  await writeState(db, state);
  // The moved rows leave 10,000 dead versions under the panel user's index keys.
  await sql`vacuum (index_cleanup on, analyze) actions`.execute(db);
  log(`moved the panel user's ${Number(result.numAffectedRows ?? 0)} actions by ${days} days to today`);
}

/** Inserts the missing chunks (two at a time on PostgreSQL); returns whether foreign keys were checked. */
async function loadChunks(
  bench: BenchDatabase,
  people: ActionPeople & { agents: string[]; teams: string[] },
  state: State,
  chunks: number[],
  panelActions: number,
  options: { adminId: string; fkChecks?: boolean; log: (line: string) => void },
): Promise<boolean> {
  const { db } = bench;
  // Entities and contacts to link, by row number (contacts of live entities, with the entity's city).
  await sql`drop table if exists bench_action_pick`.execute(db);
  await sql`create unlogged table bench_action_pick as
    select (row_number() over ())::int as n, c.id as contact_id, c.entity_id, e.city
    from contacts c join entities e on e.id = c.entity_id
    where c.deleted_at is null and e.deleted_at is null`.execute(db);
  await sql`alter table bench_action_pick add primary key (n)`.execute(db);
  const picks = await countRows(db, 'bench_action_pick');
  const typeRows = await db
    .selectFrom('action_types')
    .select(['id', 'key', 'timed', 'default_duration_minutes'])
    .where('deleted_at', 'is', null)
    .execute();
  const types = TYPES.map(([key]) => {
    const row = typeRows.find((t) => t.key === key);
    if (!row) throw new Error(`action type ${key} is missing (ensureBaseData seeds it)`);
    return row;
  });
  const subjects = TYPES.flatMap(([, , s]) => s);
  const offsets = TYPES.map((_, i) => 1 + TYPES.slice(0, i).reduce((n, [, , s]) => n + s.length, 0));
  const unclaimedPanel = Math.round(panelActions * 0.04);
  // The panel user's rows are every stride-th row, spread over the table as a real user's are (rows arrive in
  // time order, everybody's mixed): a query for them reads one heap page per row, not a few hundred pages.
  const stride = Math.floor(state.total / panelActions);
  const panelRow = sql.raw(`(g.i % ${stride} = 0 and g.i / ${stride} < ${panelActions})`);
  const unclaimedRow = sql.raw(`(g.i % ${stride} = 0 and g.i / ${stride} < ${unclaimedPanel})`);
  const meeting = TYPES.findIndex(([key]) => key === 'meeting') + 1;
  const visit = TYPES.findIndex(([key]) => key === 'visit') + 1;
  const typeIndex = weightedIndex(
    3,
    TYPES.map(([, w]) => w),
  );
  const outcomeIndex = weightedIndex(
    10,
    OUTCOMES.map(([, w]) => w),
  );
  const anchor = sql`${state.anchor}::timestamptz`;
  const tz = sql.lit(TIME_ZONE);

  const ids = (values: unknown[], type: string) => sql`${values}::${sql.raw(type)}[]`;

  // One level per dependency: draws, type, day and link → times → status → who → dates and the rest. Each
  // level ends in OFFSET 0 so the planner computes a column once per row instead of inlining its expression
  // wherever a later level uses it (which multiplies the time-zone conversions).
  const insert = (first: number, last: number) => sql`
    with l1 as (
      select g.i, ${panelRow} as panel, ${unclaimedRow} as unclaimed_panel,
        ${u(1)} as r1, ${u(2)} as r2, ${u(7)} as r7, ${u(8)} as r8, ${u(9)} as r9, ${u(14)} as r14,
        ${u(16)} as r16, ${u(17)} as r17, ${u(12)} as r12, ${typeIndex} as t, ${outcomeIndex} as o,
        ${u(13)} as r13, ${u(15)} as r15, p.entity_id, p.contact_id, p.city,
        day.d, day.d + case extract(isodow from day.d) when 6 then -1 when 7 then 1 else 0 end as day
      from generate_series(${first}::int8, ${last}::int8) as g(i)
      cross join lateral (select ((${anchor} at time zone ${tz})::date) + (case
          when ${unclaimedRow} then -20 + floor(${u(5)} * 80)
          when ${u(4)} < case when ${panelRow} then 0.85 else 0.92 end then -1 - floor(${u(5)} * 730)
          when ${u(5)} < 0.6 then floor(${u(6)} * 30)
          when ${u(5)} < 0.9 then 30 + floor(${u(6)} * 150)
          else 180 + floor(${u(6)} * 550) end)::int as d) day
      left join bench_action_pick p on p.n = 1 + floor(${u(11)} * ${picks})::int
      offset 0
    ), l2 as (
      select l1.*, (${ids(
        types.map((t) => t.id),
        'uuid',
      )})[t] as type_id,
        (${ids(
          types.map((t) => t.timed),
          'bool',
        )})[t] as timed,
        make_interval(mins => (${ids(
          types.map((t) => t.default_duration_minutes),
          'int',
        )})[t]) as duration,
        t = ${meeting} and r15 < 0.3 as with_attendee
      from l1
    ), l3 as (
      select l2.*,
        case when timed then (day + make_interval(mins => 480 + 15 * floor(r7 * 44)::int)) at time zone ${tz} end
          as starts_at,
        case when not timed then day end as due_date
      from l2 offset 0
    ), l4 as (
      select l3.*, starts_at + duration as ends_at,
        coalesce(starts_at + duration, (due_date + 1)::timestamp at time zone ${tz}) as due_at
      from l3 offset 0
    ), l5 as (
      select l4.*, case
          when unclaimed_panel then 'planned'
          when due_at < ${anchor} then
            case when (d - ((${anchor} at time zone ${tz})::date) >= -30 and r8 < 0.25) or r8 < 0.01 then 'planned'
              when r8 < 0.97 then 'done' else 'cancelled' end
          when r8 < 0.02 then 'done' when r8 < 0.03 then 'cancelled' else 'planned'
        end as status
      from l4 offset 0
    ), l6 as (
      select l5.*,
        case when panel then case when unclaimed_panel then null else ${people.panelUserId}::uuid end
          when r1 < 0.06 and status <> 'done' then null
          else (${ids(people.agents, 'uuid')})[1 + floor(r2 * ${AGENTS})::int] end as assignee_user_id,
        case when panel then case when unclaimed_panel or r1 < 0.1 then ${people.panelTeamId}::uuid end
          when r1 < 0.06 and status <> 'done' then (${ids(people.teams, 'uuid')})[2 + floor(r2 * ${TEAMS - 1})::int]
          when r1 < 0.12 then (${ids(people.teams, 'uuid')})[1 + floor(r2 * ${AGENTS})::int / 10]
        end as assignee_team_id,
        case when status = 'done' then
          case when due_at < ${anchor} then least(${anchor}, due_at + r9 * interval '2 days')
          else ${anchor} - r9 * interval '5 days' end
        end as completed_at,
        least(due_at - make_interval(hours => 1 + floor(r16 * 500)::int),
          ${anchor} - make_interval(mins => 1 + floor(r16 * 20000)::int)) as created_at
      from l5 offset 0
    ), l7 as (
      select l6.*, (lpad(to_hex((extract(epoch from created_at) * 1000)::int8), 12, '0') || '70008' ||
          lpad(to_hex(i), 15, '0'))::uuid as id,
        case when panel then ${people.panelUserId}::uuid else coalesce(assignee_user_id, ${options.adminId}::uuid) end
          as created_by
      from l6
    )
    insert into actions (id, type_id, subject, notes, location, starts_at, ends_at, due_date, due_at, status,
      outcome, outcome_notes, completed_at, completed_by, assignee_user_id, assignee_team_id, entity_id,
      contact_id, private, attendees, ical_uid, version, created_at, updated_at, created_by, updated_by)
    select id, type_id,
      (${ids(subjects, 'text')})[(${ids(offsets, 'int')})[t] + floor(r13 * (${ids(
        TYPES.map(([, , s]) => s.length),
        'int',
      )})[t])::int],
      case when r14 < 0.2 then (${ids(NOTES, 'text')})[1 + floor(r17 * ${NOTES.length})::int] end,
      case when t = ${visit} then 'Oficina del cliente, ' || coalesce(city, 'Barcelona')
        when t = ${meeting} and r17 < 0.5 then 'Sala de reuniones' end,
      starts_at, ends_at, due_date, due_at, status,
      case when status = 'done' then (${ids(
        OUTCOMES.map(([k]) => k),
        'text',
      )})[o] end,
      case when status = 'done' and r9 < 0.1 then 'Cliente interesado, enviar oferta' end,
      completed_at, case when status = 'done' then assignee_user_id end,
      assignee_user_id, assignee_team_id,
      case when r12 < 0.92 then entity_id end, case when r12 < 0.6 then contact_id end,
      r14 >= 0.2 and r14 < 0.23,
      case when with_attendee then jsonb_build_array(jsonb_build_object(
        'email', 'cliente' || (i % 997) || '@example.com', 'status', 'ACCEPTED')) else '[]'::jsonb end,
      case when with_attendee then id || '@trato' end,
      case when status = 'planned' then 1 else 2 end,
      created_at, greatest(created_at, coalesce(completed_at, created_at)), created_by, created_by
    from l7`;

  // Foreign keys: every id comes from the table it references, so a superuser loads without the checks
  // (session_replication_role = replica; BENCH_ACTIONS_FK=1 keeps them).
  const fkChecks = options.fkChecks || !(await isSuperuser(db));
  options.log(
    `seeding ${state.total.toLocaleString('en')} actions: ${chunks.length} chunks of ${state.chunk_size.toLocaleString('en')} to load` +
      ` (${fkChecks ? 'foreign keys checked' : 'foreign keys not checked: ids come from their tables'})…`,
  );
  await insertChunks(bench, {
    state,
    chunks,
    chunkTable: CHUNKS,
    noun: 'actions',
    checkForeignKeys: fkChecks,
    insert,
    log: options.log,
  });
  return fkChecks;
}
