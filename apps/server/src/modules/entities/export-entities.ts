import type { Entity } from '@trato/contracts/entities';

export const DEFAULT_ENTITY_COLUMNS = [
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

const EXTRA = ['id', 'legal_name', 'tax_country', 'language', 'owner_id', 'updated_at'];

/** Columns an entity export may have: the defaults, a few more, and every custom field. */
export function exportableEntityColumns(customKeys: string[]): Set<string> {
  return new Set([...DEFAULT_ENTITY_COLUMNS, ...EXTRA, ...customKeys.map((k) => `custom.${k}`)]);
}

export function entityCell(entity: Entity, column: string): unknown {
  if (column.startsWith('custom.')) return entity.custom[column.slice(7)];
  if (column === 'owner') return entity.owner?.name;
  return (entity as unknown as Record<string, unknown>)[column];
}
