import { sql } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { emailEventIds, type TimelineQuery, timelinePage } from '../timeline/timeline.service.ts';
import * as repo from './cases.repository.ts';
import { requireVisibleCase } from './cases.service.ts';

/** Every stay of a case in a status (who moved it there, when, for how long) and the time per status. */
export async function caseHistory(db: Database, auth: AuthContext, id: string) {
  await requireVisibleCase(db, auth, id, { includeDeleted: true });
  const stays = await repo.caseStays(db, id);
  const now = Date.now();
  const totals = new Map<string, { status: ReturnType<typeof statusRef>; seconds: number }>();
  const data = stays.map((stay) => {
    const end = stay.left_at?.getTime() ?? now;
    const seconds = Math.max(0, Math.floor((end - stay.entered_at.getTime()) / 1000));
    const status = statusRef(stay);
    const total = totals.get(stay.status_id) ?? { status, seconds: 0 };
    total.seconds += seconds;
    totals.set(stay.status_id, total);
    return {
      status,
      entered_at: stay.entered_at.toISOString(),
      entered_by: stay.entered_by ? { id: stay.entered_by, name: stay.entered_by_name ?? '' } : null,
      left_at: stay.left_at?.toISOString() ?? null,
      seconds,
    };
  });
  return { data, totals: [...totals.values()] };
}

function statusRef(stay: repo.StayRow) {
  return {
    id: stay.status_id,
    key: stay.status_key,
    labels: stay.status_labels,
    category: stay.status_category,
    color: stay.status_color,
  };
}

/** The case's own events and those of the actions on it that the caller may see; newest first. */
export async function caseTimeline(db: Database, auth: AuthContext, id: string, query: TimelineQuery) {
  await requireVisibleCase(db, auth, id, { includeDeleted: true });
  return timelinePage(
    db,
    auth,
    sql`select e.id from events e where e.object = 'case' and e.object_id = ${id}::uuid
      union all
      select e.id from actions a join events e on e.object = 'action' and e.object_id = a.id
        where a.case_id = ${id}::uuid
      union all ${emailEventIds('case_id', id)}`,
    query,
  );
}
