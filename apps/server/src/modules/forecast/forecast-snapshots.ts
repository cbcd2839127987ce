import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import { AppError } from '../../platform/errors.ts';
import { recordEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { addDays, isRealDate, localDate, weekday } from '../actions/zoned-time.ts';
import { installationCalendar } from './forecast.service.ts';

// Weekly forecast snapshots: what the open pipeline expected for each close month, per type, owner, team,
// status and currency, on the day it was taken. "Forecast vs actual" (GET /forecast/history) compares them
// with what was won. A worker takes one each week (Monday in the installation's time zone, or the first
// hour the server is up that week); an admin can take one now.

const HOUR_MS = 3_600_000;
// Two processes taking the same day's snapshot at once must not both insert it.
const SNAPSHOT_LOCK = 4_244_180_003;
const DEMO_WEEKS = 12;

export interface SnapshotResult {
  taken_on: string;
  /** Rows written: one per (month, type, owner, team, status, currency) with open opportunities. */
  rows: number;
}

/** The live open pipeline of sale types grouped the way snapshots keep it (cases with a close date only). */
const pipelineRows = sql`
  select date_trunc('month', c.expected_close)::date as month, c.type_id, c.owner_id, c.team_id, c.status_id,
    c.currency, count(*)::int as cases, coalesce(sum(c.amount), 0) as amount,
    round(coalesce(sum(c.amount * coalesce(c.probability, s.probability)), 0) / 100, 4) as weighted
  from cases c
  join case_statuses s on s.id = c.status_id
  join case_types t on t.id = c.type_id
  where c.deleted_at is null and s.category = 'open' and t.kind = 'sale' and c.expected_close is not null
  group by 1, 2, 3, 4, 5, 6`;

/**
 * Takes the snapshot of `takenOn` (YYYY-MM-DD) from the pipeline as it is now, replacing any rows of that day
 * (idempotent), in one transaction with its event.
 */
export async function takeForecastSnapshot(
  db: Database,
  takenOn: string,
  options: { actorId?: string | null } = {},
): Promise<SnapshotResult> {
  if (!isRealDate(takenOn))
    throw new AppError('validation_failed', { issues: [{ field: 'taken_on', code: 'invalid_date' }] });
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK})`.execute(trx);
    const removed = await trx
      .deleteFrom('forecast_snapshots')
      .where('taken_on', '=', takenOn)
      .executeTakeFirst();
    const inserted = await sql`
      insert into forecast_snapshots (taken_on, month, type_id, owner_id, team_id, status_id, currency, cases,
        amount, weighted)
      select ${takenOn}::date, p.* from (${pipelineRows}) p`.execute(trx);
    const rows = Number(inserted.numAffectedRows ?? 0);
    const replaced = Number(removed.numDeletedRows);
    if (rows > 0 || replaced > 0)
      await recordEvent(trx, {
        type: 'forecast.snapshot_taken',
        object: 'forecast_snapshot',
        objectId: newId(),
        entityId: null,
        actorId: options.actorId ?? null,
        changes: { taken_on: takenOn, rows, replaced },
      });
    return { taken_on: takenOn, rows };
  });
}

/** The Monday of the week of `day` (YYYY-MM-DD). */
const mondayOf = (day: string) => addDays(day, -((weekday(day) + 6) % 7));

/** Today in the installation's time zone. */
export async function installationToday(db: Database, now = new Date()): Promise<string> {
  return localDate(now, (await installationCalendar(db)).timeZone);
}

/** Takes this week's snapshot (dated today) unless the week already has one; null when it had. */
export async function ensureWeeklySnapshot(db: Database, now = new Date()): Promise<SnapshotResult | null> {
  const today = await installationToday(db, now);
  const existing = await db
    .selectFrom('forecast_snapshots')
    .select('taken_on')
    .where('taken_on', '>=', mondayOf(today))
    .where('taken_on', '<=', today)
    .limit(1)
    .executeTakeFirst();
  if (existing) return null;
  return takeForecastSnapshot(db, today);
}

interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface ForecastSnapshotWorker {
  /** Runs one check now (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Checks every hour whether this week's snapshot is missing and takes it (so it is taken on Monday, or the
 * first hour the server runs that week). Unref'd timer, no overlapping passes, errors logged not thrown.
 */
export function startForecastSnapshotWorker(options: {
  db: Database;
  log: Logger;
  intervalMs?: number;
  /** The first check, shortly after start-up (default one minute). */
  firstDelayMs?: number;
}): ForecastSnapshotWorker {
  const { db, log } = options;
  const intervalMs = options.intervalMs ?? HOUR_MS;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = (): Promise<void> => {
    running ??= ensureWeeklySnapshot(db)
      .then((taken) => {
        if (taken) log.info(`Forecast: weekly snapshot of ${taken.taken_on} taken (${taken.rows} rows)`);
      })
      .catch((error: unknown) =>
        log.error(`Forecast snapshot: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(() => schedule(intervalMs));
    }, delay);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? 60_000);
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Demo history: the snapshots of the 12 Mondays before this week, as the pipeline looked then. A case counts
 * on a past Monday if it had been opened by then and was still open: in the status its history shows for that
 * day (or, without a stay covering it, its current status if open, else the last open status of its type —
 * a deal since won or lost was still in play). Amounts drift deterministically (a hash of the case number and the
 * week, up to ±15 % twelve weeks back), and some deals sat a month earlier before they slipped. Replaces
 * those days' rows; one transaction with its event. Returns the rows written.
 */
export async function loadDemoSnapshots(db: Database, now = new Date()): Promise<number> {
  const { timeZone } = await installationCalendar(db);
  const thisMonday = mondayOf(localDate(now, timeZone));
  const days = Array.from({ length: DEMO_WEEKS }, (_, i) => addDays(thisMonday, -7 * (i + 1)));
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SNAPSHOT_LOCK})`.execute(trx);
    await trx.deleteFrom('forecast_snapshots').where('taken_on', 'in', days).execute();
    const inserted = await sql`
      with weeks as (
        select d::date as taken_on, w::int as weeks_back,
          ((d::date + 1)::timestamp at time zone ${timeZone}) as day_end
        from unnest(${days}::date[]) with ordinality as x(d, w)
      ), then_open as (
        select wk.taken_on, wk.weeks_back, c.id, c.number, c.type_id, c.owner_id, c.team_id, c.currency, c.amount,
          c.probability, c.expected_close, coalesce(
            (select h.status_id from case_status_history h
              where h.case_id = c.id and h.entered_at < wk.day_end
                and (h.left_at is null or h.left_at >= wk.day_end)
              order by h.entered_at desc limit 1),
            case when s.category = 'open' then c.status_id end,
            (select ls.id from case_statuses ls
              where ls.type_id = c.type_id and ls.category = 'open' and ls.retired_at is null
              order by ls.position desc limit 1)) as status_id
        from weeks wk
        join cases c on c.created_at < wk.day_end and (c.closed_at is null or c.closed_at >= wk.day_end)
        join case_statuses s on s.id = c.status_id
        join case_types t on t.id = c.type_id
        where c.deleted_at is null and t.kind = 'sale' and s.category in ('open', 'won', 'lost')
          and c.expected_close is not null
      ), drifted as (
        select o.*, st.probability as status_probability,
          1 + ((abs(hashtext(o.number || ':' || o.weeks_back)::int8) % 301) - 150) / 1000.0 * o.weeks_back / ${DEMO_WEEKS}
            as factor,
          case when o.weeks_back >= 4 and abs(hashtext(o.number)::int8) % 6 = 0
            then o.expected_close - interval '1 month' else o.expected_close end as close_then
        from then_open o join case_statuses st on st.id = o.status_id
        where st.category = 'open'
      )
      insert into forecast_snapshots (taken_on, month, type_id, owner_id, team_id, status_id, currency, cases,
        amount, weighted)
      select taken_on, date_trunc('month', close_then)::date, type_id, owner_id, team_id, status_id, currency,
        count(*)::int, round(coalesce(sum(amount * factor), 0), 4),
        round(coalesce(sum(amount * factor * coalesce(probability, status_probability)), 0) / 100, 4)
      from drifted
      group by 1, 2, 3, 4, 5, 6, 7`.execute(trx);
    const rows = Number(inserted.numAffectedRows ?? 0);
    await recordEvent(trx, {
      type: 'forecast.snapshot_taken',
      object: 'forecast_snapshot',
      objectId: newId(),
      entityId: null,
      actorId: null,
      changes: { taken_on: days, rows, demo: true },
    });
    return rows;
  });
}
