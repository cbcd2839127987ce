import type { CaseTypeRow } from '../../db/schema.ts';
import type { Executor } from '../../platform/events.ts';
import { localDate } from '../actions/zoned-time.ts';
import type { CaseLookups } from './case-values.ts';
import * as repo from './cases.repository.ts';
import { getWorkingHours } from './working-hours.ts';

/** OPP-2026-00042: the type's prefix, the year, and the counter padded to five digits. */
export const formatCaseNumber = (prefix: string, year: number, n: number) =>
  `${prefix}-${year}-${String(n).padStart(5, '0')}`;

/** Case numbers run per type and calendar year in the installation's time zone. */
export async function caseNumberYear(trx: Executor, at: Date, cache?: CaseLookups): Promise<number> {
  const wh = cache
    ? await cache.get('working hours', () => getWorkingHours(trx))
    : await getWorkingHours(trx);
  return Number(localDate(at, wh.time_zone).slice(0, 4));
}

export async function nextCaseNumber(
  trx: Executor,
  type: CaseTypeRow,
  now: Date,
  cache?: CaseLookups,
): Promise<string> {
  const year = await caseNumberYear(trx, now, cache);
  const take = cache?.options.previewNumbers
    ? () => previewCaseNumber(trx, cache, type.id, year)
    : async () => (await repo.takeCaseNumbers(trx, type.id, year, 1))[0]!;
  // A number can be taken already when a deleted type's prefix was given to a new one: skip past it.
  for (;;) {
    const number = formatCaseNumber(type.prefix, year, await take());
    if (!(await repo.isNumberTaken(trx, number))) return number;
  }
}

/** The number the next case would get, counted on from the counter without locking or moving it. */
async function previewCaseNumber(trx: Executor, cache: CaseLookups, typeId: string, year: number) {
  const key = `${typeId} ${year}`;
  const last = cache.previewed.get(key) ?? (await repo.peekCaseNumber(trx, typeId, year));
  cache.previewed.set(key, last + 1);
  return last + 1;
}
