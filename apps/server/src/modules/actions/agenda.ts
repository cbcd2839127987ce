import { type Agenda, type AgendaQuery, MAX_AGENDA_ITEMS } from '@trato/contracts/actions';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { invalid } from './actions.errors.ts';
import { toAction } from './actions.mapper.ts';
import * as repo from './actions.repository.ts';
import { overlapsRange } from './actions.service.ts';
import { whoseActions } from './control-panel.ts';
import { safeTimeZone } from './zoned-time.ts';

// A calendar's worth of actions: what happens in [from, to) for the user (default), some users or a team.

const MAX_RANGE_DAYS = 400;
const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export async function agenda(
  db: Database,
  auth: AuthContext,
  query: z.output<typeof AgendaQuery>,
): Promise<z.infer<typeof Agenda>> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (to <= from) throw invalid('to', 'invalid_range');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw invalid('to', 'range_too_long', { max: MAX_RANGE_DAYS });

  const conditions: RawBuilder<SqlBool>[] = [
    await whoseActions(db, auth, { user_id: query.user_id, team_id: query.team_id }),
    overlapsRange(from, to, safeTimeZone(auth.timeZone)),
  ];
  const types = asList(query.type_id);
  if (types.length > 0) conditions.push(sql<SqlBool>`actions.type_id = any(${types}::uuid[])`);
  // Cancelled actions stay off the calendar unless asked for.
  const statuses = asList(query.status);
  conditions.push(
    sql<SqlBool>`actions.status = any(${statuses.length > 0 ? statuses : ['planned', 'done']}::text[])`,
  );

  const rows = await repo.findActions(db, auth, conditions, {
    limit: MAX_AGENDA_ITEMS + 1,
    order: sql`coalesce(actions.starts_at, actions.due_at), actions.id`,
  });
  const now = new Date();
  return {
    data: rows.slice(0, MAX_AGENDA_ITEMS).map((r) => toAction(r, now)),
    truncated: rows.length > MAX_AGENDA_ITEMS,
  };
}
