import type { CaseTypeRow } from '../../db/schema.ts';
import type { Executor } from '../../platform/events.ts';
import { localDate } from '../actions/zoned-time.ts';
import * as repo from './cases.repository.ts';
import { getWorkingHours } from './working-hours.ts';

/** OPP-2026-00042: the type's prefix, the year, and the counter padded to five digits. */
export const formatCaseNumber = (prefix: string, year: number, n: number) =>
  `${prefix}-${year}-${String(n).padStart(5, '0')}`;

/** Case numbers run per type and calendar year in the installation's time zone. */
export async function caseNumberYear(trx: Executor, at: Date): Promise<number> {
  return Number(localDate(at, (await getWorkingHours(trx)).time_zone).slice(0, 4));
}

export async function nextCaseNumber(trx: Executor, type: CaseTypeRow, now: Date): Promise<string> {
  const year = await caseNumberYear(trx, now);
  // A number can be taken already when a deleted type's prefix was given to a new one: skip past it.
  for (;;) {
    const [n] = await repo.takeCaseNumbers(trx, type.id, year, 1);
    const number = formatCaseNumber(type.prefix, year, n!);
    if (!(await repo.isNumberTaken(trx, number))) return number;
  }
}
