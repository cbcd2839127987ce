import type {
  AutomationObject,
  RuleAction,
  RuleCondition,
  RuleTrigger,
  RunOutcome,
  TriggerType,
} from '@trato/contracts/automation';
import { DATE_TRIGGERS } from '@trato/contracts/automation';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import {
  ensureEventCursor,
  eventsAfter,
  moveEventCursor,
  type OutboxEvent,
  readEventCursor,
} from '../../platform/event-cursor.ts';
import type { Executor } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { SEEDED_ROLES } from '../../platform/permissions.ts';
import { addDays, localDate, safeTimeZone } from '../actions/zoned-time.ts';
import { conditionsHold } from './conditions.ts';
import { ActionsFailed, describeError, runActions } from './rule-actions.ts';
import { loadRuleRecord, type RuleRecord } from './rule-records.ts';

// The engine reads the events outbox after its own cursor and runs the rules whose trigger matches, and scans
// for date triggers now and then. Each run is one transaction with its automation_runs row; the unique
// (rule_id, event_id) and (rule_id, object_id, trigger_key) make a rule fire at most once for the same thing,
// even when a crash makes the engine read an event again. A failing action rolls the run's changes back and the
// run is logged as failed in a second transaction.
// What a rule's own actions write is not activity: a quiet record stays quiet until a person (or the outside
// world) does something, so days_without_activity fires once per quiet spell.
// Loops: the events a run writes carry changes.automation = { rule_id, run_id, depth }; a rule never runs on
// its own change, and a chain of rules stops at depth 3 (both logged as skipped, reason 'loop').

export const AUTOMATION_CURSOR_KEY = 'automation.event_cursor';
export const MAX_DEPTH = 3;
const BATCH = 200;
const SCAN_LIMIT = 1000;

export interface CachedRule {
  id: string;
  name: string;
  trigger: RuleTrigger;
  conditions: RuleCondition[];
  actions: RuleAction[];
  createdBy: string | null;
}

// Rules cached per database, indexed by trigger type + object; reloaded when a rule changes (this process
// clears the cache on write, other processes notice the changed count or newest updated_at).
interface RuleCache {
  fingerprint: string;
  byTrigger: Map<string, CachedRule[]>;
}
const caches = new WeakMap<Database, RuleCache>();

export function forgetCachedRules(db: Database): void {
  caches.delete(db);
}

export function toCachedRule(row: {
  id: string;
  name: string;
  trigger_type: string;
  object: string;
  trigger_config: unknown;
  conditions: unknown;
  actions: unknown;
  created_by: string | null;
}): CachedRule {
  return {
    id: row.id,
    name: row.name,
    trigger: { type: row.trigger_type, object: row.object, config: row.trigger_config ?? {} } as RuleTrigger,
    conditions: (row.conditions ?? []) as RuleCondition[],
    actions: (row.actions ?? []) as RuleAction[],
    createdBy: row.created_by,
  };
}

const triggerKey = (type: string, object: string) => `${type}:${object}`;

export async function activeRules(db: Database): Promise<Map<string, CachedRule[]>> {
  const stamp = await sql<{ n: number; at: Date | null }>`
    select count(*)::int as n, max(updated_at) as at from automation_rules`.execute(db);
  const fingerprint = `${stamp.rows[0]?.n}:${stamp.rows[0]?.at ? new Date(stamp.rows[0].at).getTime() : ''}`;
  const cached = caches.get(db);
  if (cached && cached.fingerprint === fingerprint) return cached.byTrigger;
  const rows = await db
    .selectFrom('automation_rules')
    .select(['id', 'name', 'trigger_type', 'object', 'trigger_config', 'conditions', 'actions', 'created_by'])
    .where('active', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byTrigger = new Map<string, CachedRule[]>();
  for (const row of rows) {
    const rule = toCachedRule(row);
    const key = triggerKey(rule.trigger.type, rule.trigger.object);
    byTrigger.set(key, [...(byTrigger.get(key) ?? []), rule]);
  }
  caches.set(db, { fingerprint, byTrigger });
  return byTrigger;
}

/** Which (trigger, object) pairs an outbox event stands for. */
export function triggersOf(event: Pick<OutboxEvent, 'type' | 'object'>): [TriggerType, AutomationObject][] {
  const [object, verb] = event.type.split('.') as [string, string];
  if (object === 'email') return verb === 'received' ? [['mail_received', 'email']] : [];
  if (!['entity', 'contact', 'case', 'action'].includes(object) || event.object !== object) return [];
  const record = object as AutomationObject;
  if (verb === 'created') return [['record_created', record]];
  if (verb === 'updated') return [['record_changed', record]];
  if (record === 'case' && verb === 'status_changed')
    return [
      ['status_changed', 'case'],
      ['record_changed', 'case'],
    ];
  if (record === 'action' && verb === 'completed')
    return [
      ['action_done', 'action'],
      ['record_changed', 'action'],
    ];
  if (record === 'action' && ['cancelled', 'reopened', 'reassigned'].includes(verb))
    return [['record_changed', 'action']];
  return [];
}

/**
 * The trigger's own filters: the case or action type, the mailbox, the fields that changed, the statuses left
 * and entered, the outcome. `changes` is the event's (null in a dry run or a date trigger: only what the record
 * shows is checked).
 */
export function triggerFiltersHold(
  trigger: RuleTrigger,
  record: RuleRecord,
  changes: Record<string, unknown> | null,
): boolean {
  const config = trigger.config as Record<string, unknown>;
  if (config.case_type_id && record.object === 'case' && record.typeId !== config.case_type_id) return false;
  if (config.action_type_id && record.object === 'action' && record.typeId !== config.action_type_id)
    return false;
  switch (trigger.type) {
    case 'record_changed': {
      const fields = trigger.config.fields ?? [];
      if (!changes || fields.length === 0) return true;
      return fields.some((f) => f in changes);
    }
    case 'status_changed': {
      if (!changes) return true;
      const moved = changes.status_id as [string | null, string | null] | undefined;
      if (!Array.isArray(moved)) return false;
      const { from_status_ids: from = [], to_status_ids: to = [] } = trigger.config;
      return (
        (from.length === 0 || from.includes(moved[0] ?? '')) &&
        (to.length === 0 || to.includes(moved[1] ?? ''))
      );
    }
    case 'action_done': {
      const outcomes = trigger.config.outcomes ?? [];
      return (
        record.values.status === 'done' &&
        (outcomes.length === 0 || outcomes.includes(String(record.values.outcome)))
      );
    }
    case 'mail_received':
      return (
        record.values.direction === 'in' &&
        (!trigger.config.account_id || record.values.account_id === trigger.config.account_id)
      );
    default:
      return true;
  }
}

/** Who a rule acts as: its author (an admin) with every right, so the owning modules' checks hold. */
export async function automationAuth(
  db: Executor,
  rule: Pick<CachedRule, 'createdBy' | 'name'>,
): Promise<AuthContext> {
  const select = () =>
    db
      .selectFrom('users')
      .innerJoin('roles', 'roles.id', 'users.role_id')
      .select(['users.id', 'users.name', 'users.email', 'users.locale', 'users.time_zone', 'users.role_id']);
  let user = rule.createdBy
    ? await select().where('users.id', '=', rule.createdBy).executeTakeFirst()
    : undefined;
  user ??= await select()
    .where('roles.key', '=', 'admin')
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .orderBy('users.created_at')
    .executeTakeFirst();
  if (!user) throw new Error('no user for the rule to act as');
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    locale: (user.locale as AuthContext['locale']) ?? null,
    timeZone: safeTimeZone(user.time_zone),
    roleId: user.role_id,
    roleKey: 'automation',
    permissions: SEEDED_ROLES[0]!.permissions,
    teamIds: [],
    via: 'api_key',
    sessionId: null,
    csrfToken: null,
  };
}

export type RunResult = 'succeeded' | 'failed' | 'skipped' | 'no_match' | 'duplicate';

interface RunSource {
  eventId: string | null;
  triggerKey: string | null;
  changes: Record<string, unknown> | null;
  depth: number;
}

async function insertRun(
  db: Executor,
  values: {
    id: string;
    ruleId: string;
    source: RunSource;
    object: string;
    objectId: string;
    status: 'succeeded' | 'failed' | 'skipped';
    outcome: RunOutcome[];
    error: string | null;
    startedAt: Date;
  },
): Promise<boolean> {
  const inserted = await sql<{ id: string }>`
    insert into automation_runs (id, rule_id, event_id, trigger_key, object, object_id, status, outcome, error,
                                 depth, started_at, finished_at)
    values (${values.id}, ${values.ruleId}, ${values.source.eventId}, ${values.source.triggerKey}, ${values.object},
            ${values.objectId}, ${values.status}, ${JSON.stringify(values.outcome)}, ${values.error},
            ${values.source.depth}, ${values.startedAt}, ${new Date()})
    on conflict do nothing
    returning id`.execute(db);
  return inserted.rows.length > 0;
}

async function countRun(db: Executor, ruleId: string, at: Date): Promise<void> {
  await db
    .updateTable('automation_rules')
    .set((eb) => ({ runs_total: eb('runs_total', '+', 1), last_run_at: at }))
    .where('id', '=', ruleId)
    .execute();
}

/** Logs a run that did not run its actions (the rule's own change, a chain too deep, conditions not met). */
export async function logSkippedRun(
  db: Executor,
  rule: CachedRule,
  target: { object: string; id: string },
  source: RunSource,
  reason: 'loop' | 'conditions',
): Promise<boolean> {
  return insertRun(db, {
    id: newId(),
    ruleId: rule.id,
    source,
    object: target.object,
    objectId: target.id,
    status: 'skipped',
    outcome: [],
    error: reason,
    startedAt: new Date(),
  });
}

class NoMatch extends Error {}

/**
 * Runs one rule on one record, in one transaction with its run row: reads the record as it is now (locked),
 * checks the trigger's filters and the conditions, does the actions, tags the events they wrote. A date
 * trigger whose conditions do not hold is logged as skipped (reason 'conditions'), so that date is settled.
 */
export async function runRule(
  db: Database,
  rule: CachedRule,
  target: { object: AutomationObject; id: string },
  source: RunSource,
  now: Date = new Date(),
): Promise<RunResult> {
  const runId = newId();
  const startedAt = new Date();
  try {
    return await db.transaction().execute(async (trx) => {
      const auth = await automationAuth(trx, rule);
      const record = await loadRuleRecord(trx, target.object, target.id, { lock: true });
      if (!record || !triggerFiltersHold(rule.trigger, record, source.changes)) throw new NoMatch();
      if (!conditionsHold(rule.conditions, record.values)) {
        if (source.triggerKey && (await logSkippedRun(trx, rule, target, source, 'conditions')))
          return 'skipped';
        throw new NoMatch();
      }
      // Claimed first: a second engine on the same event waits here, then finds it taken and does nothing.
      if (
        !(await insertRun(trx, {
          id: runId,
          ruleId: rule.id,
          source,
          object: target.object,
          objectId: target.id,
          status: 'succeeded',
          outcome: [],
          error: null,
          startedAt,
        }))
      )
        return 'duplicate';
      const marker = newId();
      const outcome = await runActions(
        trx,
        {
          ruleId: rule.id,
          ruleName: rule.name,
          auth,
          record,
          eventId: source.eventId,
          triggerKey: source.triggerKey,
          runId,
          triggerType: rule.trigger.type,
          now,
        },
        rule.actions,
      );
      // The events this run wrote say so: the engine will not run this rule on them, and counts the chain.
      const tag = JSON.stringify({
        rule_id: rule.id,
        rule_name: rule.name,
        run_id: runId,
        depth: source.depth + 1,
      });
      await sql`
        update events set changes = changes || jsonb_build_object('automation', ${tag}::jsonb)
        where id > ${marker}::uuid and xmin = pg_current_xact_id()::xid`.execute(trx);
      await trx
        .updateTable('automation_runs')
        .set({ outcome: JSON.stringify(outcome), finished_at: new Date() })
        .where('id', '=', runId)
        .execute();
      await countRun(trx, rule.id, startedAt);
      return 'succeeded';
    });
  } catch (error) {
    if (error instanceof NoMatch) return 'no_match';
    const outcome =
      error instanceof ActionsFailed
        ? error.outcomes
        : [{ type: 'rule', status: 'failed' as const, detail: describeError(error) }];
    const logged = await db.transaction().execute(async (trx) => {
      const inserted = await insertRun(trx, {
        id: runId,
        ruleId: rule.id,
        source,
        object: target.object,
        objectId: target.id,
        status: 'failed',
        outcome,
        error: describeError(error instanceof ActionsFailed ? error.cause : error),
        startedAt,
      });
      if (inserted) await countRun(trx, rule.id, startedAt);
      return inserted;
    });
    return logged ? 'failed' : 'duplicate';
  }
}

interface AutomationTag {
  rule_id?: string;
  depth?: number;
}

export interface ProcessOptions {
  /** How old an event must be before it is taken (see platform/event-cursor.ts); 5 s by default. */
  settleMs?: number;
  now?: Date;
  log?: Logger;
  /**
   * Passes in a row an event may fail (an error outside any rule's actions, which are logged as failed runs)
   * before the engine gives up on it and goes on, so one bad event never stops automation for good.
   */
  maxEventTries?: number;
  /** Tries so far per event id; the engine keeps one map for its life. */
  eventFailures?: Map<string, number>;
  /** For tests: what handles one event. */
  handle?: typeof handleEvent;
}

export interface ProcessResult {
  events: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** Runs the rules on one event; adds what happened to `result`. */
export async function handleEvent(
  db: Database,
  rules: Map<string, CachedRule[]>,
  event: OutboxEvent,
  result: ProcessResult,
  now: Date = new Date(),
): Promise<void> {
  const tag = (event.changes?.automation ?? {}) as AutomationTag;
  const depth = typeof tag.depth === 'number' ? tag.depth : 0;
  const source: RunSource = { eventId: event.id, triggerKey: null, changes: event.changes ?? {}, depth };
  for (const [type, object] of triggersOf(event)) {
    const candidates = rules.get(triggerKey(type, object)) ?? [];
    if (candidates.length === 0) continue;
    // Read once for every rule: most rules' filters or conditions do not hold and need no transaction.
    const record = await loadRuleRecord(db, object, event.object_id);
    if (!record) continue;
    for (const rule of candidates) {
      if (!triggerFiltersHold(rule.trigger, record, source.changes)) continue;
      if (!conditionsHold(rule.conditions, record.values)) continue;
      const target = { object, id: event.object_id };
      if (tag.rule_id === rule.id || depth >= MAX_DEPTH) {
        if (await logSkippedRun(db, rule, target, source, 'loop')) result.skipped++;
        continue;
      }
      const outcome = await runRule(db, rule, target, source, now);
      if (outcome === 'succeeded') result.succeeded++;
      else if (outcome === 'failed') result.failed++;
    }
  }
}

/** Reads the outbox after the engine's cursor and runs the matching rules, until no settled event is left. */
export async function processAutomationEvents(
  db: Database,
  options: ProcessOptions = {},
): Promise<ProcessResult> {
  const result: ProcessResult = { events: 0, succeeded: 0, failed: 0, skipped: 0 };
  await ensureEventCursor(db, AUTOMATION_CURSOR_KEY);
  for (;;) {
    const after = await readEventCursor(db, AUTOMATION_CURSOR_KEY);
    const { events, more } = await eventsAfter(db, after, { settleMs: options.settleMs, limit: BATCH });
    const last = events.at(-1);
    if (!last) return result;
    const rules = await activeRules(db);
    const handle = options.handle ?? handleEvent;
    const failures = options.eventFailures ?? new Map<string, number>();
    let done: string | null = null;
    for (const event of events) {
      try {
        await handle(db, rules, event, result, options.now);
        failures.delete(event.id);
      } catch (error) {
        const tries = (failures.get(event.id) ?? 0) + 1;
        // What was handled before it stays handled; this event is tried again at the next pass.
        if (done) await moveEventCursor(db, AUTOMATION_CURSOR_KEY, done);
        if (tries < (options.maxEventTries ?? 5)) {
          failures.set(event.id, tries);
          throw error;
        }
        failures.delete(event.id);
        options.log?.error(
          `Automation: event ${event.id} (${event.type}) left after ${tries} failed passes: ${error instanceof Error ? error.message : error}`,
        );
      }
      done = event.id;
      result.events++;
    }
    await moveEventCursor(db, AUTOMATION_CURSOR_KEY, last.id);
    if (!more) return result;
  }
}

// Date triggers -------------------------------------------------------------------------------------------------

interface Candidate {
  id: string;
  key: string;
}

/** Records whose date has come for this rule and that it has not fired on for that date yet. */
async function dateCandidates(
  db: Database,
  rule: CachedRule,
  now: Date,
  timeZone: string,
): Promise<Candidate[]> {
  const trigger = rule.trigger;
  const caseType = 'case_type_id' in trigger.config ? (trigger.config.case_type_id ?? null) : null;
  const ofType = caseType ? sql`and c.type_id = ${caseType}` : sql``;
  const notFired = (alias: string, key: ReturnType<typeof sql>) =>
    sql`not exists (select 1 from automation_runs r
        where r.rule_id = ${rule.id} and r.object_id = ${sql.ref(`${alias}.id`)} and r.trigger_key = ${key})`;
  switch (trigger.type) {
    case 'days_before_close': {
      const today = localDate(now, timeZone);
      const until = addDays(today, trigger.config.days);
      const key = sql`'close:' || c.expected_close::text`;
      const { rows } = await sql<Candidate>`
        select c.id, 'close:' || c.expected_close::text as key
        from cases c join case_statuses s on s.id = c.status_id
        where c.deleted_at is null and s.category = 'open' and c.expected_close is not null
          and c.expected_close >= ${today}::date and c.expected_close <= ${until}::date ${ofType}
          and ${notFired('c', key)}
        order by c.expected_close, c.id
        limit ${SCAN_LIMIT}`.execute(db);
      return rows;
    }
    case 'days_without_activity': {
      const before = new Date(now.getTime() - trigger.config.days * 86_400_000);
      if (trigger.object === 'entity') {
        const { rows } = await sql<Candidate>`
          select q.id, 'idle:' || to_char(q.last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as key
          from (
            select e.id, coalesce(
              (select ev.occurred_at from events ev where ev.entity_id = e.id and not (ev.changes ? 'automation')
                order by ev.id desc limit 1),
              e.created_at) as last_at
            from entities e
            where e.deleted_at is null and e.merged_into_id is null
          ) q
          where q.last_at <= ${before}
            and not exists (select 1 from automation_runs r where r.rule_id = ${rule.id} and r.object_id = q.id
              and r.trigger_key = 'idle:' || to_char(q.last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
          order by q.last_at, q.id
          limit ${SCAN_LIMIT}`.execute(db);
        return rows;
      }
      const { rows } = await sql<Candidate>`
        select q.id, 'idle:' || to_char(q.last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as key
        from (
          select c.id, greatest(
            c.created_at,
            (select ev.occurred_at from events ev
              where ev.object = 'case' and ev.object_id = c.id and not (ev.changes ? 'automation')
              order by ev.id desc limit 1),
            (select max(ev.occurred_at) from actions a join events ev on ev.object = 'action' and ev.object_id = a.id
              where a.case_id = c.id and not (ev.changes ? 'automation')),
            (select max(m.created_at) from emails m where m.case_id = c.id and m.rule_id is null)) as last_at
          from cases c join case_statuses s on s.id = c.status_id
          where c.deleted_at is null and s.category = 'open' ${ofType}
        ) q
        where q.last_at <= ${before}
          and not exists (select 1 from automation_runs r where r.rule_id = ${rule.id} and r.object_id = q.id
            and r.trigger_key = 'idle:' || to_char(q.last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        order by q.last_at, q.id
        limit ${SCAN_LIMIT}`.execute(db);
      return rows;
    }
    case 'sla_due_soon': {
      const until = new Date(now.getTime() + trigger.config.hours * 3_600_000);
      const target = trigger.config.target ?? 'any';
      const stamp = (column: string) =>
        sql`to_char(${sql.ref(`c.${column}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
      const found: Candidate[] = [];
      if (target !== 'resolution') {
        const key = sql`'sla_first:' || ${stamp('first_response_due_at')}`;
        const { rows } = await sql<Candidate>`
          select c.id, ${key} as key from cases c
          where c.deleted_at is null and c.closed_at is null and c.first_response_at is null
            and c.first_response_due_at > ${now} and c.first_response_due_at <= ${until} ${ofType}
            and ${notFired('c', key)}
          order by c.first_response_due_at, c.id
          limit ${SCAN_LIMIT}`.execute(db);
        found.push(...rows);
      }
      if (target !== 'first_response') {
        const key = sql`'sla_resolution:' || ${stamp('resolution_due_at')}`;
        const { rows } = await sql<Candidate>`
          select c.id, ${key} as key from cases c
          where c.deleted_at is null and c.closed_at is null
            and c.resolution_due_at > ${now} and c.resolution_due_at <= ${until} ${ofType}
            and ${notFired('c', key)}
          order by c.resolution_due_at, c.id
          limit ${SCAN_LIMIT}`.execute(db);
        found.push(...rows);
      }
      return found;
    }
    default:
      return [];
  }
}

/**
 * Fires the date triggers whose date has come (`now` injectable for tests): each record once per date key
 * ('close:2026-12-01', 'idle:<last activity>', 'sla_first:<due>'), so a changed date fires again.
 */
export async function scanDateTriggers(db: Database, now: Date = new Date()): Promise<ProcessResult> {
  const result: ProcessResult = { events: 0, succeeded: 0, failed: 0, skipped: 0 };
  const rules = await activeRules(db);
  for (const type of DATE_TRIGGERS)
    for (const object of ['entity', 'case'] as const)
      for (const rule of rules.get(triggerKey(type, object)) ?? []) {
        const auth = await automationAuth(db, rule);
        for (const candidate of await dateCandidates(db, rule, now, auth.timeZone)) {
          const outcome = await runRule(
            db,
            rule,
            { object, id: candidate.id },
            { eventId: null, triggerKey: candidate.key, changes: null, depth: 0 },
            now,
          );
          if (outcome === 'succeeded') result.succeeded++;
          else if (outcome === 'failed') result.failed++;
          else if (outcome === 'skipped') result.skipped++;
        }
      }
  return result;
}

// The worker ------------------------------------------------------------------------------------------------------

interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export interface AutomationEngine {
  /** One pass now: the new events, and the date triggers (also what the timer does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Polls the outbox every `pollMs` (2 s by default) and scans date triggers every `scanMs` (1 min). */
export function startAutomationEngine(options: {
  db: Database;
  log: Logger;
  pollMs?: number;
  scanMs?: number;
  settleMs?: number;
}): AutomationEngine {
  const { db, log } = options;
  const scanMs = options.scanMs ?? 60_000;
  let lastScan = 0;
  const eventFailures = new Map<string, number>();
  let running: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const pass = async (forceScan: boolean) => {
    const events = await processAutomationEvents(db, { settleMs: options.settleMs, log, eventFailures });
    let dates: ProcessResult | null = null;
    if (forceScan || Date.now() - lastScan >= scanMs) {
      lastScan = Date.now();
      dates = await scanDateTriggers(db);
    }
    const ran = events.succeeded + (dates?.succeeded ?? 0);
    const failed = events.failed + (dates?.failed ?? 0);
    if (ran > 0 || failed > 0) log.info(`Automation: ${ran} rule runs, ${failed} failed`);
  };
  const tick = (forceScan = true): Promise<void> => {
    running ??= pass(forceScan)
      .catch((error: unknown) => log.error(`Automation: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick(false).then(schedule);
    }, options.pollMs ?? 2_000);
    timer.unref();
  };
  schedule();
  return {
    tick: () => tick(true),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
