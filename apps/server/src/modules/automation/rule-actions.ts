import { UpdateActionRequest } from '@trato/contracts/actions';
import type { RuleAction, RunOutcome } from '@trato/contracts/automation';
import { UpdateCaseRequest } from '@trato/contracts/cases';
import { UpdateContactRequest } from '@trato/contracts/contacts';
import { UpdateEntityRequest } from '@trato/contracts/entities';
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import type { Executor } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { insertActionIn, updateAction } from '../actions/actions.service.ts';
import { startSequence } from '../actions/sequence-runs.ts';
import { addDays, localDate, safeTimeZone, zonedInstant } from '../actions/zoned-time.ts';
import { moveCase } from '../cases/case-move.ts';
import { updateCase } from '../cases/cases.service.ts';
import { updateContact } from '../contacts/contacts.service.ts';
import { optedOutAmong } from '../email-opt-outs/opt-outs.service.ts';
import { renderTemplateById } from '../email-templates/template-render.ts';
import { queueEmailIn } from '../emails/emails.service.ts';
import { updateEntity } from '../entities/entities.service.ts';
import type { RuleRecord } from './rule-records.ts';

// What a rule's actions do, each through the module that owns the record (so its checks, events and side
// effects hold as if a person did it), all in the run's transaction. `preview` answers what an action would do
// without doing it (the rule's dry run).

export interface ActionContext {
  ruleId: string;
  ruleName: string;
  auth: AuthContext;
  record: RuleRecord;
  /** The event that fired the run, or null for a date trigger. */
  eventId: string | null;
  triggerKey: string | null;
  runId: string;
  triggerType: string;
  now: Date;
}

/** An action cannot run for a reason that is not an error (no address to write to, a sequence already running). */
class Skip {
  readonly detail: string;
  constructor(detail: string) {
    this.detail = detail;
  }
}

const DEFAULT_TIME_OF_DAY = '09:00';
const QUARTER_HOUR = 15 * 60_000;

/** The message kept in a run log for an error: the code and the fields at fault, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) {
    const issues = error.issues.map((i) => `${i.field}: ${i.code}`).join(', ');
    return (issues ? `${error.code} (${issues})` : error.code).slice(0, 2000);
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

async function currentVersion(trx: Executor, record: RuleRecord): Promise<number> {
  const table = { entity: 'entities', contact: 'contacts', case: 'cases', action: 'actions' } as const;
  if (record.object === 'email') return 1;
  const row = await sql<{ version: number }>`
    select version from ${sql.table(table[record.object])} where id = ${record.id}`.execute(trx);
  return row.rows[0]?.version ?? record.version;
}

/** Parses a patch with the object's own update schema, so a bad value fails as the API would answer it. */
function parsePatch<T extends z.ZodType>(schema: T, patch: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(patch);
  if (parsed.success) return parsed.data;
  throw new AppError('validation_failed', {
    issues: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'value', code: 'invalid_value' })),
  });
}

/** Writes a change to the rule's record through its module's update. */
async function patchRecord(
  trx: Transaction<DB>,
  context: ActionContext,
  patch: Record<string, unknown>,
): Promise<void> {
  const { record, auth } = context;
  const version = await currentVersion(trx, record);
  switch (record.object) {
    case 'entity':
      await updateEntity(trx, auth, record.id, parsePatch(UpdateEntityRequest, { version, ...patch }));
      return;
    case 'contact':
      await updateContact(trx, auth, record.id, parsePatch(UpdateContactRequest, { version, ...patch }));
      return;
    case 'case':
      await updateCase(trx, auth, record.id, parsePatch(UpdateCaseRequest, { version, ...patch }));
      return;
    case 'action':
      await updateAction(trx, auth, record.id, parsePatch(UpdateActionRequest, { version, ...patch }));
      return;
    case 'email':
      throw new AppError('validation_failed', { issues: [{ field: 'type', code: 'not_applicable' }] });
  }
}

/** set_field's patch: custom.<key> goes inside `custom` (the other custom values stay). */
export function fieldPatch(field: string, value: unknown): Record<string, unknown> {
  return field.startsWith('custom.')
    ? { custom: { [field.slice('custom.'.length)]: value } }
    : { [field]: value };
}

async function recipient(
  trx: Executor,
  context: ActionContext,
  to: 'contact' | 'entity' | 'owner',
): Promise<{ name: string; address: string }> {
  const { record } = context;
  if (to === 'owner') {
    if (!record.ownerId) throw new Skip('no_owner');
    const user = await trx
      .selectFrom('users')
      .select(['name', 'email', 'active'])
      .where('id', '=', record.ownerId)
      .executeTakeFirst();
    if (!user?.active) throw new Skip('no_owner');
    return { name: user.name, address: user.email };
  }
  if (to === 'contact') {
    if (!record.contactId) throw new Skip('no_contact');
    const contact = await trx
      .selectFrom('contacts')
      .select(['first_name', 'last_name', 'emails'])
      .where('id', '=', record.contactId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const address = contact?.emails[0];
    if (!contact || !address) throw new Skip('no_address');
    return { name: [contact.first_name, contact.last_name].filter(Boolean).join(' '), address };
  }
  if (!record.entityId) throw new Skip('no_entity');
  const entity = await trx
    .selectFrom('entities')
    .select(['name', 'emails'])
    .where('id', '=', record.entityId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const address = entity?.emails[0];
  if (!entity || !address) throw new Skip('no_address');
  return { name: entity.name, address };
}

/** The next member of a team in turn (by name), after the one the rule gave the last record to. */
async function nextInTeam(
  trx: Executor,
  context: ActionContext,
  teamId: string,
  advance: boolean,
): Promise<string> {
  const members = await trx
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('users.id')
    .where('team_members.team_id', '=', teamId)
    .where('users.active', '=', true)
    .where('users.deleted_at', 'is', null)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  if (members.length === 0) throw new Skip('no_active_members');
  const rule = await trx
    .selectFrom('automation_rules')
    .select('state')
    .where('id', '=', context.ruleId)
    .$if(advance, (q) => q.forUpdate())
    .executeTakeFirst();
  const state = (rule?.state ?? {}) as { round_robin?: Record<string, string> };
  const last = state.round_robin?.[teamId];
  const index = members.findIndex((m) => m.id === last);
  const next = members[(index + 1) % members.length]!.id;
  if (advance) {
    const updated = { ...state, round_robin: { ...state.round_robin, [teamId]: next } };
    await trx
      .updateTable('automation_rules')
      .set({ state: JSON.stringify(updated) })
      .where('id', '=', context.ruleId)
      .execute();
  }
  return next;
}

async function actionTiming(
  trx: Executor,
  context: ActionContext,
  action: Extract<RuleAction, { type: 'create_action' }>,
  assigneeUserId: string | null,
): Promise<{ starts_at?: string; due_date?: string }> {
  const type = await trx
    .selectFrom('action_types')
    .select(['timed'])
    .where('id', '=', action.type_id)
    .executeTakeFirst();
  const user = assigneeUserId
    ? await trx.selectFrom('users').select('time_zone').where('id', '=', assigneeUserId).executeTakeFirst()
    : undefined;
  const timeZone = safeTimeZone(user?.time_zone ?? context.auth.timeZone);
  const day = addDays(localDate(context.now, timeZone), action.due_in_days ?? 0);
  if (!type?.timed) return { due_date: day };
  let startsAt = zonedInstant(day, action.time_of_day ?? DEFAULT_TIME_OF_DAY, timeZone);
  // An action made for today at a time already past starts at the next quarter hour, not born overdue.
  if (startsAt < context.now)
    startsAt = new Date(Math.ceil(context.now.getTime() / QUARTER_HOUR) * QUARTER_HOUR);
  return { starts_at: startsAt.toISOString() };
}

function assigneeOf(
  context: ActionContext,
  action: Extract<RuleAction, { type: 'create_action' }>,
): { assignee_user_id: string | null; assignee_team_id: string | null } {
  if (action.assignee === 'user' && action.user_id)
    return { assignee_user_id: action.user_id, assignee_team_id: null };
  if (action.assignee === 'team' && action.team_id)
    return { assignee_user_id: null, assignee_team_id: action.team_id };
  // The record's owner, else whoever the rule runs as.
  return { assignee_user_id: context.record.ownerId ?? context.auth.userId, assignee_team_id: null };
}

/** Does one action; answers its outcome (ok, or skipped with why). Throws when it fails. */
async function runAction(
  trx: Transaction<DB>,
  context: ActionContext,
  action: RuleAction,
  preview: boolean,
): Promise<Omit<RunOutcome, 'type'>> {
  const { record, auth } = context;
  switch (action.type) {
    case 'send_template': {
      const to = await recipient(trx, context, action.to);
      const template = await trx
        .selectFrom('email_templates')
        .select('commercial')
        .where('id', '=', action.template_id)
        .executeTakeFirst();
      if (template?.commercial && (await optedOutAmong(trx, [to.address])).size > 0)
        throw new Skip('opted_out');
      if (preview) return { status: 'ok', detail: to.address };
      const emailId = newId();
      const rendered = await renderTemplateById(
        trx,
        action.template_id,
        {
          entityId: record.entityId,
          contactId: record.contactId,
          caseId: record.caseId,
          ownerUserId: record.ownerId,
        },
        undefined,
        emailId,
      );
      const email = await queueEmailIn(trx, auth.userId, {
        id: emailId,
        commercial: rendered.commercial === true,
        to: [to],
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html || null,
        entityId: record.entityId,
        contactId: record.contactId,
        caseId: record.caseId,
        templateId: action.template_id,
        language: rendered.language,
        // An answer to a received mail goes in its thread.
        replyToEmailId: record.object === 'email' && action.to === 'contact' ? record.id : null,
        ruleId: context.ruleId,
      });
      return { status: 'ok', detail: to.address, record_id: email.id };
    }
    case 'create_action': {
      const assignee = assigneeOf(context, action);
      if (preview) return { status: 'ok', detail: action.subject };
      const timing = await actionTiming(trx, context, action, assignee.assignee_user_id);
      const row = await insertActionIn(trx, auth, {
        type_id: action.type_id,
        subject: action.subject,
        notes: action.notes ?? null,
        ...timing,
        ...assignee,
        entity_id: record.entityId,
        contact_id: record.contactId,
        case_id: record.caseId,
      });
      return { status: 'ok', detail: action.subject, record_id: row.id };
    }
    case 'start_sequence': {
      if (!record.entityId) throw new Skip('no_entity');
      const running = await trx
        .selectFrom('sequence_runs')
        .select('id')
        .where('sequence_id', '=', action.sequence_id)
        .where('entity_id', '=', record.entityId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (running) throw new Skip('sequence_running');
      if (preview) return { status: 'ok', detail: null };
      const run = await startSequence(trx, auth, action.sequence_id, {
        entity_id: record.entityId,
        contact_id: record.contactId,
        assignee_user_id: record.ownerId,
      });
      return { status: 'ok', detail: null, record_id: run.id };
    }
    case 'assign_owner': {
      const userId =
        action.user_id ?? (action.team_id ? await nextInTeam(trx, context, action.team_id, !preview) : null);
      if (!userId) throw new Skip('no_owner');
      if (userId === record.ownerId) return { status: 'skipped', detail: 'unchanged', record_id: userId };
      if (!preview)
        await patchRecord(trx, context, {
          owner_id: userId,
          ...(record.object === 'case' && action.team_id && { team_id: action.team_id }),
        });
      return { status: 'ok', detail: userId, record_id: userId };
    }
    case 'set_field': {
      const detail = `${action.field} = ${JSON.stringify(action.value)}`.slice(0, 2000);
      if (!preview) await patchRecord(trx, context, fieldPatch(action.field, action.value));
      return { status: 'ok', detail };
    }
    case 'set_status': {
      if (record.object !== 'case') throw new Skip('not_a_case');
      if (record.values.status_id === action.status_id) return { status: 'skipped', detail: 'unchanged' };
      if (!preview)
        await moveCase(trx, auth, record.id, {
          version: await currentVersion(trx, record),
          status_id: action.status_id,
        });
      return { status: 'ok', detail: action.status_id, record_id: record.id };
    }
    case 'call_webhook': {
      if (!action.webhook_id) throw new Error('the webhook of this action is missing: save the rule again');
      if (preview) return { status: 'ok', detail: action.url };
      const deliveryId = newId();
      await trx
        .insertInto('webhook_deliveries')
        .values({
          id: deliveryId,
          webhook_id: action.webhook_id,
          // One delivery per run: the run id stands for the event of a date trigger.
          event_id: context.eventId ?? context.runId,
          event_type: 'automation.rule',
          next_attempt_at: context.now,
          payload: JSON.stringify({
            id: deliveryId,
            type: 'automation.rule',
            occurred_at: context.now.toISOString(),
            data: {
              rule: { id: context.ruleId, name: context.ruleName },
              trigger: context.triggerType,
              event_id: context.eventId,
              trigger_key: context.triggerKey,
              run_id: context.runId,
              object: record.object,
              object_id: record.id,
              entity_id: record.entityId,
              record: record.values,
            },
          }),
        })
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
      return { status: 'ok', detail: action.url, record_id: deliveryId };
    }
  }
}

/**
 * Runs the actions in order. On a failure it throws `ActionsFailed` carrying the outcomes: the ones before it
 * rolled back with the transaction, the failing one with its error, the rest not run.
 */
export async function runActions(
  trx: Transaction<DB>,
  context: ActionContext,
  actions: readonly RuleAction[],
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const [index, action] of actions.entries()) {
    try {
      outcomes.push({ type: action.type, ...(await runAction(trx, context, action, false)) });
    } catch (error) {
      if (error instanceof Skip) {
        outcomes.push({ type: action.type, status: 'skipped', detail: error.detail });
        continue;
      }
      throw new ActionsFailed(
        [
          ...outcomes.map((o) =>
            o.status === 'ok'
              ? { ...o, status: 'skipped' as const, detail: 'rolled_back', record_id: null }
              : o,
          ),
          { type: action.type, status: 'failed', detail: describeError(error) },
          ...actions
            .slice(index + 1)
            .map((a) => ({ type: a.type, status: 'skipped' as const, detail: 'not_run' })),
        ],
        error,
      );
    }
  }
  return outcomes;
}

/** What each action would do now, without doing it. */
export async function previewActions(
  trx: Transaction<DB>,
  context: ActionContext,
  actions: readonly RuleAction[],
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const action of actions) {
    try {
      outcomes.push({ type: action.type, ...(await runAction(trx, context, action, true)) });
    } catch (error) {
      outcomes.push(
        error instanceof Skip
          ? { type: action.type, status: 'skipped', detail: error.detail }
          : { type: action.type, status: 'failed', detail: describeError(error) },
      );
    }
  }
  return outcomes;
}

export class ActionsFailed extends Error {
  readonly outcomes: RunOutcome[];
  constructor(outcomes: RunOutcome[], cause: unknown) {
    super(describeError(cause), { cause });
    this.outcomes = outcomes;
  }
}
