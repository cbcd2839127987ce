import type { CaseSlaView, Sla, WorkingHours } from '@trato/contracts/cases';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { CasePriority, CaseSla } from '../../db/schema.ts';
import { type Executor, recordEvents } from '../../platform/events.ts';
import { addWorkingHours, getWorkingHours } from './working-hours.ts';

// SLA of after-sales cases: targets per priority in working hours (the case type's `sla`), due dates counted
// from when the case was opened, the state a user sees, and the worker that flags breached cases.

type SlaView = z.infer<typeof CaseSlaView>;
type Instant = Date | string | null;

/** Less than this share of the time from opening to a due date left: at risk. */
const AT_RISK_SHARE = 0.2;
const POLL_MS = 60_000;

/**
 * The due dates of a case of this type and priority opened at `from` (null where the type sets no target).
 * `workingHours` loads the working hours, only when there is a target: a run of many writes (an import)
 * passes its cached copy; by default they are read from the settings.
 */
export async function computeSlaDueDates(
  db: Executor,
  sla: CaseSla | Sla,
  priority: CasePriority,
  from: Date,
  workingHours: () => Promise<WorkingHours> = () => getWorkingHours(db),
): Promise<{ first_response_due_at: Date | null; resolution_due_at: Date | null }> {
  const target = sla[priority];
  const firstHours = target?.first_response_hours ?? null;
  const resolutionHours = target?.resolution_hours ?? null;
  if (firstHours === null && resolutionHours === null)
    return { first_response_due_at: null, resolution_due_at: null };
  const wh = await workingHours();
  return {
    first_response_due_at: firstHours === null ? null : addWorkingHours(from, firstHours, wh),
    resolution_due_at: resolutionHours === null ? null : addWorkingHours(from, resolutionHours, wh),
  };
}

const toDate = (value: Instant): Date | null => (value === null ? null : new Date(value));
const iso = (value: Date | null) => (value === null ? null : value.toISOString());

/**
 * The SLA of a case as the API shows it. none: no targets; met: closed in time; breached: flagged, or a due
 * date passed (first response not given in time, or still open past the resolution due date, or closed
 * late); at_risk: under 20% of the time from opening to a pending due date left; ok otherwise.
 */
export function slaView(
  row: {
    first_response_due_at: Instant;
    first_response_at: Instant;
    resolution_due_at: Instant;
    sla_breached_at: Instant;
    closed_at: Instant;
    created_at: Instant;
  },
  now: Date,
): SlaView {
  const firstDue = toDate(row.first_response_due_at);
  const firstAt = toDate(row.first_response_at);
  const resolutionDue = toDate(row.resolution_due_at);
  const breachedAt = toDate(row.sla_breached_at);
  const closedAt = toDate(row.closed_at);
  const createdAt = toDate(row.created_at);
  const view = (state: SlaView['state']): SlaView => ({
    state,
    first_response_due_at: iso(firstDue),
    first_response_at: iso(firstAt),
    resolution_due_at: iso(resolutionDue),
    breached_at: iso(breachedAt),
  });
  if (!firstDue && !resolutionDue) return view('none');
  if (breachedAt) return view('breached');

  // When the first response came (closing the case answers it too), or now if it has not come yet.
  const respondedAt = firstAt ?? closedAt;
  const end = closedAt ?? now;
  const firstLate = firstDue !== null && (respondedAt ?? now) > firstDue;
  const resolutionLate = resolutionDue !== null && end > resolutionDue;
  if (firstLate || resolutionLate) return view('breached');
  if (closedAt) return view('met');

  const pending = [respondedAt ? null : firstDue, resolutionDue].filter((d): d is Date => d !== null);
  const atRisk = pending.some((due) => {
    const total = createdAt ? due.getTime() - createdAt.getTime() : 0;
    return total > 0 && due.getTime() - now.getTime() < total * AT_RISK_SHARE;
  });
  return view(atRisk ? 'at_risk' : 'ok');
}

/**
 * Flags open cases whose first response or resolution is overdue: sla_breached_at = now and a
 * 'case.sla_breached' event each, all in one transaction. Returns how many were flagged.
 */
export async function flagBreachedCases(db: Database, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Two branches so the resolution one can range-scan cases_sla_idx (open, unflagged, by resolution_due_at).
    const flagged = await sql<{
      id: string;
      entity_id: string;
      first_response_due_at: Date | null;
      first_response_at: Date | null;
      resolution_due_at: Date | null;
    }>`
      update cases set sla_breached_at = ${now}
      where id in (
        select id from cases
        where deleted_at is null and closed_at is null and sla_breached_at is null
          and resolution_due_at < ${now}
        union
        select id from cases
        where deleted_at is null and closed_at is null and sla_breached_at is null
          and first_response_due_at < ${now} and first_response_at is null)
      returning id, entity_id, first_response_due_at, first_response_at, resolution_due_at`.execute(trx);
    await recordEvents(
      trx,
      flagged.rows.map((c) => {
        const resolutionPassed = c.resolution_due_at !== null && new Date(c.resolution_due_at) < now;
        const due = resolutionPassed ? 'resolution' : 'first_response';
        const dueAt = resolutionPassed ? c.resolution_due_at : c.first_response_due_at;
        return {
          type: 'case.sla_breached',
          object: 'case',
          objectId: c.id,
          entityId: c.entity_id,
          actorId: null,
          changes: { due, due_at: dueAt === null ? null : new Date(dueAt).toISOString() },
        };
      }),
    );
    return flagged.rows.length;
  });
}

interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface SlaWorker {
  /** Runs one pass now (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Flags breached cases every minute (a pass never overlaps the previous one; errors are logged). */
export function startSlaWorker(options: { db: Database; log: Logger; intervalMs?: number }): SlaWorker {
  const { db, log } = options;
  const intervalMs = options.intervalMs ?? POLL_MS;
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = (): Promise<void> => {
    running ??= flagBreachedCases(db)
      .then((flagged) => {
        if (flagged > 0) log.info(`SLA: ${flagged} case(s) flagged as breached`);
      })
      .catch((error: unknown) => log.error(`SLA: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
