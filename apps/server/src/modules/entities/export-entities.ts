import type { Entity } from '@trato/contracts/entities';
import Papa from 'papaparse';
import type { Database } from '../../db/connection.ts';
import type { AuthContext } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { listEntities } from './entities.service.ts';

export const DEFAULT_EXPORT_COLUMNS = [
  'name',
  'kind',
  'code',
  'tax_id',
  'roles',
  'emails',
  'phones',
  'web',
  'street',
  'postal_code',
  'city',
  'province',
  'country',
  'source',
  'sector',
  'zone',
  'owner',
  'created_at',
] as const;

const EXPORTABLE = new Set<string>([
  ...DEFAULT_EXPORT_COLUMNS,
  'id',
  'legal_name',
  'tax_country',
  'owner_id',
  'updated_at',
]);

function cell(entity: Entity, column: string): string {
  if (column.startsWith('custom.')) {
    const value = entity.custom[column.slice(7)];
    return value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? value.join('; ')
        : String(value);
  }
  if (column === 'owner') return entity.owner?.name ?? '';
  const value = (entity as unknown as Record<string, unknown>)[column];
  return Array.isArray(value) ? value.join('; ') : value === null || value === undefined ? '' : String(value);
}

/**
 * The current list view as CSV, streamed page by page (same filters, sort and scope as the list), so an export
 * of every entity never holds them all in memory. A BOM first, so spreadsheet apps read UTF-8 accents right.
 */
export async function* exportEntitiesCsv(
  db: Database,
  auth: AuthContext,
  query: Record<string, unknown>,
  columns: string[],
  customKeys: Set<string>,
): AsyncGenerator<string> {
  const unknown = columns.filter(
    (c) => !EXPORTABLE.has(c) && !(c.startsWith('custom.') && customKeys.has(c.slice(7))),
  );
  if (unknown.length > 0) {
    throw new AppError('validation_failed', {
      issues: unknown.map((c) => ({ field: 'columns', code: 'unknown_field', params: { value: c } })),
    });
  }
  // Validate the query before the first byte goes out, so a bad filter is still a clean 422.
  let page = await listEntities(db, auth, { ...query, limit: 500, include_total: 'false' });
  yield `\uFEFF${Papa.unparse([columns])}\r\n`;
  for (;;) {
    if (page.data.length > 0)
      yield `${Papa.unparse(page.data.map((e) => columns.map((c) => neutraliseFormula(cell(e, c)))))}\r\n`;
    if (!page.next_cursor) return;
    page = await listEntities(db, auth, {
      ...query,
      limit: 500,
      cursor: page.next_cursor,
      include_total: 'false',
    });
  }
}

// A cell starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet (CSV injection).
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d/.test(value) ? `'${value}` : value;
}
