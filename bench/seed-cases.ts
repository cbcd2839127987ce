import { sql } from 'kysely';
import { newId } from '../apps/server/src/platform/ids.ts';
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
 * Cases for the board and forecast scenarios, generated inside the database like the actions
 * (seed-actions.ts): `INSERT … SELECT FROM generate_series` in chunks of 50,000, every column a function of
 * the row number (hashint8extended as the random source), each chunk committed with its row in
 * `bench_case_chunks` so an interrupted load resumes; the secondary indexes of cases, case_lines and
 * case_status_history dropped during the load and rebuilt after it; foreign keys not checked while loading
 * (every id comes from its table).
 *
 * People: a sales force of 40 agents (bench-sales-NN@example.com) in 5 teams of 8, who own the cases, and
 * bench-cases@example.com, an admin the scenarios run as.
 *
 * Shape, relative to the day of seeding (Europe/Madrid): types opportunity 70 %, claim 12 %, incident 10 %,
 * service request 8 %. Opportunities: 45 % open (new 13, qualified 12, proposal 12, negotiation 8), won 25 %,
 * lost 30 %; open ones close from 2 months back to 12 ahead, closed ones closed in the last 12 months near
 * their expected close; amounts 500–150,000 € skewed to the small (a cube of a uniform draw), 20 % of the
 * open ones with their own probability (5–95 %); currencies EUR 96 %, USD 3 %, GBP 1 %. After-sales cases:
 * 20–30 % open, opened over the last two years, priorities low 20 / normal 55 / high 18 / urgent 7, SLA dates
 * from opening (first response 8 h, resolution 3 days), 5 % of the open ones flagged breached. Owners: one of
 * the 40 agents (4 % of opportunities and 15 % of after-sales cases unowned), team = the owner's team (90 %).
 * About 10 % of the cases (opportunities and service requests with an amount) have two lines whose net
 * amounts add up to the case's amount, with 21 % VAT; every case has its current status stay in
 * case_status_history.
 */

export const CASES_USER_EMAIL = 'bench-cases@example.com';
const AGENTS = 40;
const TEAM_SIZE = 8;
const TIME_ZONE = 'Europe/Madrid';

const TITLES: Record<string, string[]> = {
  opportunity: [
    'Renovación de licencias',
    'Ampliación del contrato de mantenimiento',
    'Instalación en el almacén nuevo',
    'Renovació del contracte anual',
    'Formación para el equipo comercial',
    'Equipos para la oficina de Girona',
    'Migració al núvol',
    'Suministro trimestral',
  ],
  claim: ['Entrega con retraso', 'Factura duplicada', 'Producte danyat en el transport', 'Cobro indebido'],
  incident: ['No arranca el servidor', 'Error al facturar', 'La impressora no imprimeix', 'Caída de la VPN'],
  service_request: [
    'Revisión anual',
    'Instal·lació de punts de xarxa',
    'Alta de usuarios',
    'Cambio de ubicación',
  ],
};
const PRODUCTS: [code: string, name: string, price: number][] = [
  ['BENCH-LIC', 'Licencia anual', 1200],
  ['BENCH-MNT', 'Mantenimiento', 600],
  ['BENCH-INS', 'Instalación', 450],
  ['BENCH-FOR', 'Horas de formación', 60],
  ['BENCH-HW', 'Equipo', 900],
  ['BENCH-SOP', 'Soporte premium', 300],
];

export interface CaseSeeding {
  cases: number;
  anchor: string;
  load_s: number;
  indexes_s: number;
  vacuum_s: number;
  seeded: boolean;
}

export interface CasePeople {
  /** The admin the scenarios run as. */
  userEmail: string;
  opportunityTypeId: string;
  /** An agent with a typical book of cases (the owner filter of the scenarios). */
  ownerId: string;
  /** Every open status of every type (the open-cases report's selection). */
  openStatusIds: string[];
}

const CHUNKS = 'bench_case_chunks';
const STATE_KEY = 'cases';
const writeState = (db: Db, state: LoadState) => writeLoadState(db, STATE_KEY, state);

async function ensurePeople(db: Db, passwordHash: string) {
  const emails = Array.from(
    { length: AGENTS },
    (_, k) => `bench-sales-${String(k + 1).padStart(2, '0')}@example.com`,
  );
  const names = emails.map(
    (_, k) => `${FIRST_NAMES[(k * 11 + 5) % FIRST_NAMES.length]} ${SURNAMES[(k * 17 + 7) % SURNAMES.length]}`,
  );
  const agents = await ensureUsers(db, { emails, names, roleId: await roleId(db, 'agent'), passwordHash });
  await ensureUsers(db, {
    emails: [CASES_USER_EMAIL],
    names: ['Bench cases'],
    roleId: await roleId(db, 'admin'),
    passwordHash,
  });
  const teams: string[] = [];
  for (let t = 0; t < AGENTS / TEAM_SIZE; t++)
    teams.push(
      await ensureTeam(db, `Bench ventas ${t + 1}`, agents.slice(t * TEAM_SIZE, (t + 1) * TEAM_SIZE)),
    );
  return { agents, teams };
}

async function ensureProducts(db: Db): Promise<string[]> {
  for (const [code, name, price] of PRODUCTS) {
    await sql`insert into products (id, code, name, unit_price, currency, tax_rate)
      select ${newId()}, ${code}, ${name}, ${price}, 'EUR', 21
      where not exists (select 1 from products where lower(code) = lower(${code}) and deleted_at is null)`.execute(
      db,
    );
  }
  return (
    await db
      .selectFrom('products')
      .select('id')
      .where(
        'code',
        'in',
        PRODUCTS.map(([code]) => code),
      )
      .where('deleted_at', 'is', null)
      .orderBy('code')
      .execute()
  ).map((r) => r.id);
}

interface TypeInfo {
  id: string;
  key: string;
  prefix: string;
  statuses: { id: string; key: string; category: string }[];
}

async function caseTypes(db: Db): Promise<Map<string, TypeInfo>> {
  const rows = await db
    .selectFrom('case_statuses as s')
    .innerJoin('case_types as t', 't.id', 's.type_id')
    .select(['t.id as type_id', 't.key as type_key', 't.prefix', 's.id', 's.key', 's.category'])
    .where('t.deleted_at', 'is', null)
    .where('s.retired_at', 'is', null)
    .orderBy('t.position')
    .orderBy('s.position')
    .execute();
  const types = new Map<string, TypeInfo>();
  for (const r of rows) {
    const type = types.get(r.type_key) ?? { id: r.type_id, key: r.type_key, prefix: r.prefix, statuses: [] };
    type.statuses.push({ id: r.id, key: r.key, category: r.category });
    types.set(r.type_key, type);
  }
  return types;
}

/** Status weights per type (by status key) for the generator. */
const STATUS_WEIGHTS: Record<string, Record<string, number>> = {
  opportunity: { new: 13, qualified: 12, proposal: 12, negotiation: 8, won: 25, lost: 30 },
  claim: { new: 8, in_progress: 10, waiting: 5, resolved: 62, rejected: 15 },
  incident: { new: 8, in_progress: 12, resolved: 60, closed: 20 },
  service_request: { new: 10, scheduled: 15, done: 65, cancelled: 10 },
};
const TYPE_WEIGHTS: [string, number][] = [
  ['opportunity', 70],
  ['claim', 12],
  ['incident', 10],
  ['service_request', 8],
];

/** Seeds `total` cases (idempotent; resumes an interrupted load) and returns who and what the scenarios use. */
export async function seedCases(
  bench: BenchDatabase,
  options: { total: number; passwordHash: string; log: (line: string) => void },
): Promise<{ seeding: CaseSeeding; people: CasePeople }> {
  const { db } = bench;
  const { log } = options;
  const people = await ensurePeople(db, options.passwordHash);
  const products = await ensureProducts(db);
  const types = await caseTypes(db);
  for (const [key] of TYPE_WEIGHTS)
    if (!types.has(key)) throw new Error(`case type ${key} is missing (ensureBaseData seeds it)`);
  let { state, done } = await readLoadState(db, STATE_KEY, CHUNKS);
  if (state && state.total !== options.total) {
    if (done.size < Math.ceil(state.total / state.chunk_size))
      throw new Error(
        `an interrupted load of ${state.total} cases is in this database: set BENCH_CASES=${state.total}`,
      );
    log(`keeping the ${state.total.toLocaleString('en')} cases seeded earlier`);
  }
  if (!state) {
    const existing = await countRows(db, 'cases');
    if (existing > 0) throw new Error(`cases has ${existing} rows not seeded by the benchmark`);
    state = {
      total: options.total,
      chunk_size: Math.min(50_000, Math.max(5_000, Math.ceil(options.total / 10 / 5_000) * 5_000)),
      anchor: new Date().toISOString(),
      pending_indexes: null,
      load_s: 0,
      indexes_s: 0,
      vacuum_s: 0,
    };
    await writeState(db, state);
  }
  const chunks = missingChunks(state, done);
  let seeded = false;
  if (chunks.length > 0 || state.pending_indexes) {
    seeded = true;
    if (chunks.length > 0) {
      await dropSecondaryIndexes(db, ['cases', 'case_lines', 'case_status_history'], state, STATE_KEY);
      const started = performance.now();
      await loadChunks(bench, state, chunks, {
        agents: people.agents,
        teams: people.teams,
        products,
        types,
        log,
      });
      state.load_s = round(state.load_s + (performance.now() - started) / 1000, 1);
      await writeState(db, state);
      log(`  ${state.total.toLocaleString('en')} cases in ${state.load_s} s; building indexes…`);
    }
    const indexStarted = performance.now();
    const times = await buildIndexes(bench, state.pending_indexes ?? []);
    state.indexes_s = round((performance.now() - indexStarted) / 1000, 1);
    state.pending_indexes = null;
    await writeState(db, state);
    log(`  indexes in ${state.indexes_s} s (${times.join(', ')})`);
    // Case numbers go on from the generated ones (their serial is the row number, at most `total`).
    await sql`insert into case_number_counters (type_id, year, last_value)
      select type_id, split_part(number, '-', 2)::int, ${state.total}::int from cases
      group by 1, 2
      on conflict (type_id, year) do update set last_value = greatest(case_number_counters.last_value, excluded.last_value)`.execute(
      db,
    );
    const vacuumStarted = performance.now();
    await sql`drop table if exists bench_case_pick`.execute(db);
    await sql`vacuum analyze cases`.execute(db);
    await sql`vacuum analyze case_lines`.execute(db);
    await sql`vacuum analyze case_status_history`.execute(db);
    await sql`analyze users, teams, team_members, case_statuses, case_types`.execute(db);
    state.vacuum_s = round((performance.now() - vacuumStarted) / 1000, 1);
    await writeState(db, state);
    log(
      `cases seeded: rows ${state.load_s} s, indexes ${state.indexes_s} s, VACUUM ANALYZE ${state.vacuum_s} s` +
        ` (${Math.round(state.total / (state.load_s + state.indexes_s)).toLocaleString('en')} cases/s)`,
    );
  } else {
    log(`cases already seeded: ${state.total.toLocaleString('en')} (on ${state.anchor.slice(0, 10)})`);
  }
  // The agent with the median number of opportunities: a typical book for the owner filter.
  const owner = (
    await sql<{ owner_id: string }>`
      select owner_id from cases where type_id = ${types.get('opportunity')!.id} and owner_id is not null
      group by owner_id order by count(*), owner_id offset ${AGENTS / 2} limit 1`.execute(db)
  ).rows[0];
  return {
    seeding: {
      cases: state.total,
      anchor: state.anchor,
      load_s: state.load_s,
      indexes_s: state.indexes_s,
      vacuum_s: state.vacuum_s,
      seeded,
    },
    people: {
      userEmail: CASES_USER_EMAIL,
      opportunityTypeId: types.get('opportunity')!.id,
      ownerId: owner?.owner_id ?? people.agents[0]!,
      openStatusIds: [...types.values()].flatMap((t) =>
        t.statuses.filter((s) => s.category === 'open').map((s) => s.id),
      ),
    },
  };
}

async function loadChunks(
  bench: BenchDatabase,
  state: LoadState,
  chunks: number[],
  data: {
    agents: string[];
    teams: string[];
    products: string[];
    types: Map<string, TypeInfo>;
    log: (line: string) => void;
  },
) {
  const { db } = bench;
  await sql`drop table if exists bench_case_pick`.execute(db);
  await sql`create unlogged table bench_case_pick as
    select (row_number() over ())::int as n, e.id as entity_id from entities e where e.deleted_at is null`.execute(
    db,
  );
  await sql`alter table bench_case_pick add primary key (n)`.execute(db);
  const picks = await countRows(db, 'bench_case_pick');
  if (picks === 0) throw new Error('cases need entities: seed some first');

  const typeKeys = TYPE_WEIGHTS.map(([key]) => key);
  const typeInfo = typeKeys.map((key) => data.types.get(key)!);
  const arr = (values: unknown[], type: string) => sql`${values}::${sql.raw(type)}[]`;
  // Per type: its statuses' ids and categories in a flat array, with offsets and counts.
  const statusIds: string[] = [];
  const statusCategories: string[] = [];
  const offsets: number[] = [];
  const weightArms: string[] = [];
  for (const [t, type] of typeInfo.entries()) {
    offsets.push(statusIds.length);
    const weights = STATUS_WEIGHTS[type.key]!;
    const present = type.statuses.filter((s) => (weights[s.key] ?? 0) > 0);
    const total = present.reduce((n, s) => n + weights[s.key]!, 0);
    let sum = 0;
    const arms = present.slice(0, -1).map((s, i) => {
      sum += weights[s.key]!;
      return `when r2 < ${sum / total} then ${i}`;
    });
    weightArms.push(`when ${t + 1} then (case ${arms.join(' ')} else ${present.length - 1} end)`);
    for (const s of present) {
      statusIds.push(s.id);
      statusCategories.push(s.category);
    }
  }
  const titles = typeKeys.flatMap((key) => TITLES[key]!);
  const titleOffsets = typeKeys.map(
    (_, t) => 1 + typeKeys.slice(0, t).reduce((n, k) => n + TITLES[k]!.length, 0),
  );
  const titleCounts = typeKeys.map((key) => TITLES[key]!.length);
  const typeIndex = weightedIndex(
    1,
    TYPE_WEIGHTS.map(([, w]) => w),
  );
  const anchor = sql`${state.anchor}::timestamptz`;
  const tz = sql.lit(TIME_ZONE);
  const today = sql`((${anchor} at time zone ${tz})::date)`;

  // Each level ends in OFFSET 0 so a column is computed once per row, not inlined wherever a later level uses it.
  const insert = (first: number, last: number) => sql`
    with l0 as (
      select g.i, ${typeIndex} as t, ${u(2)} as r2, ${u(3)} as r3, ${u(4)} as r4, ${u(5)} as r5, ${u(6)} as r6,
        ${u(7)} as r7, ${u(8)} as r8, ${u(9)} as r9, ${u(10)} as r10, ${u(11)} as r11, ${u(12)} as r12,
        ${u(13)} as r13, ${u(14)} as r14, ${u(15)} as r15, p.entity_id
      from generate_series(${first}::int8, ${last}::int8) as g(i)
      join bench_case_pick p on p.n = 1 + floor(${u(16)} * ${picks})::int
      offset 0
    ), l1 as (
      select l0.*, (case t ${sql.raw(weightArms.join(' '))} end) as status_pick from l0
    ), l2 as (
      select l1.*, (${arr(
        typeInfo.map((x) => x.id),
        'uuid',
      )})[t] as type_id,
        (${arr(
          typeInfo.map((x) => x.prefix),
          'text',
        )})[t] as prefix,
        (${arr(statusIds, 'uuid')})[(${arr(offsets, 'int')})[t] + status_pick + 1] as status_id,
        (${arr(statusCategories, 'text')})[(${arr(offsets, 'int')})[t] + status_pick + 1] as category
      from l1 offset 0
    ), l3 as (
      select l2.*,
        case when t = 1 then
          case when category = 'open' then ${today} - 60 + floor(r3 * 420)::int
          else ${today} - 365 + floor(r3 * 365)::int end
        end as expected_close,
        -- After-sales cases were opened over the last two years; opportunities well before they close.
        case when t = 1 then null else ${anchor} - make_interval(mins => 120 + floor(r3 * 730 * 1440)::int) end
          as service_opened
      from l2 offset 0
    ), l4 as (
      select l3.*,
        case when category = 'open' then null
          when t = 1 then least(${anchor} - interval '1 hour',
            (expected_close + floor((r4 - 0.5) * 40)::int)::timestamp at time zone ${tz} + make_interval(mins => 540 + floor(r5 * 540)::int))
          else least(${anchor} - interval '1 hour', service_opened + make_interval(mins => 30 + floor(r4 * 14400)::int))
        end as closed_at
      from l3 offset 0
    ), l5 as (
      select l4.*,
        coalesce(service_opened, least(
          coalesce(closed_at, ${anchor}) - interval '1 day',
          case when expected_close - 30 - floor(r6 * 150)::int < ${today}
            then (expected_close - 30 - floor(r6 * 150)::int)::timestamp at time zone ${tz}
              + make_interval(mins => 540 + floor(r5 * 540)::int)
            else ${anchor} - make_interval(days => 1 + floor(r6 * 90)::int) end
        )) as created_at
      from l4 offset 0
    ), l6 as (
      select l5.*,
        case when (t = 1 and r7 < 0.04) or (t > 1 and r7 < 0.15) then null
          else 1 + floor(r8 * ${AGENTS})::int end as owner_n,
        case when t = 1 then round((500 + 149500 * r9 * r9 * r9)::numeric, 2)
          when t = 4 and r9 < 0.6 then round((50 + 1950 * r10)::numeric, 2) end as amount,
        case when r11 < 0.96 then 'EUR' when r11 < 0.99 then 'USD' else 'GBP' end as currency,
        case when t = 1 and category = 'open' and r12 < 0.2 then (1 + floor(r13 * 19)::int) * 5 end as probability,
        case when t = 1 then 'normal' else (array['low', 'normal', 'high', 'urgent'])[
          case when r12 < 0.2 then 1 when r12 < 0.75 then 2 when r12 < 0.93 then 3 else 4 end] end as priority
      from l5 offset 0
    ), l7 as (
      select l6.*,
        (lpad(to_hex((extract(epoch from created_at) * 1000)::int8), 12, '0') || '70009' ||
          lpad(to_hex(i), 15, '0'))::uuid as id,
        case when owner_n is not null then (${arr(data.agents, 'uuid')})[owner_n] end as owner_id,
        case when r14 < 0.1 then null when owner_n is not null then (${arr(data.teams, 'uuid')})[1 + (owner_n - 1) / ${TEAM_SIZE}]
          else (${arr(data.teams, 'uuid')})[1 + floor(r14 * ${data.teams.length})::int] end as team_id,
        -- Two lines for about 10 % of the cases (types with lines that have an amount).
        t in (1, 4) and amount is not null and r15 < 0.14 as with_lines
      from l6
    ), ins as (
      insert into cases (id, type_id, number, title, entity_id, owner_id, team_id, status_id, status_changed_at,
        priority, amount, tax_amount, currency, probability, expected_close, closed_at, first_response_at,
        first_response_due_at, resolution_due_at, sla_breached_at, custom, version, created_at, updated_at,
        created_by, updated_by)
      select id, type_id,
        prefix || '-' || extract(year from created_at at time zone ${tz})::int || '-' || lpad((i + 1)::text, 6, '0'),
        (${arr(titles, 'text')})[(${arr(titleOffsets, 'int')})[t] + floor(r10 * (${arr(titleCounts, 'int')})[t])::int],
        entity_id, owner_id, team_id, status_id,
        coalesce(closed_at, greatest(created_at,
          least(${anchor} - interval '1 hour', created_at + make_interval(days => floor(r4 * 30)::int)))),
        priority, amount,
        case when with_lines then round(round(amount * 0.6, 2) * 0.21, 2) + round((amount - round(amount * 0.6, 2)) * 0.21, 2) end,
        currency, probability, expected_close, closed_at,
        case when t > 1 and (category <> 'open' or r13 < 0.7) then created_at + interval '2 hours' end,
        case when t > 1 then created_at + interval '8 hours' end,
        case when t > 1 then created_at + interval '3 days' end,
        case when t > 1 and category = 'open' and r13 >= 0.95 then created_at + interval '3 days' end,
        '{}'::jsonb, 1, created_at, coalesce(closed_at, created_at), owner_id, owner_id
      from l7
      returning id, owner_id, status_id, status_changed_at, amount, tax_amount
    ), lines as (
      insert into case_lines (case_id, position, product_id, description, quantity, unit_price, discount_pct,
        tax_rate, net_amount, tax_amount)
      select ins.id, k, (${arr(data.products, 'uuid')})[1 + (abs(hashtext(ins.id::text)::int8) + k) % ${data.products.length}],
        null, 1, net, 0, 21, net, round(net * 0.21, 2)
      from ins
      cross join lateral (values (1, round(ins.amount * 0.6, 2)), (2, ins.amount - round(ins.amount * 0.6, 2))) as l(k, net)
      where ins.tax_amount is not null
    )
    insert into case_status_history (case_id, status_id, entered_at, entered_by)
    select id, status_id, status_changed_at, owner_id from ins`;

  const superuser = await isSuperuser(db);
  data.log(
    `seeding ${state.total.toLocaleString('en')} cases: ${chunks.length} chunks of ${state.chunk_size.toLocaleString('en')}` +
      ` (${superuser ? 'foreign keys not checked: ids come from their tables' : 'foreign keys checked'})…`,
  );
  await insertChunks(bench, {
    state,
    chunks,
    chunkTable: CHUNKS,
    noun: 'cases',
    checkForeignKeys: !superuser,
    insert,
    log: data.log,
  });
}
