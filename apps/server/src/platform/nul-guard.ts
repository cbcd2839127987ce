import type { FieldIssue } from './errors.ts';

/** PostgreSQL refuses NUL in text even as a parameter: find every string that carries one. */
export function findNulCharacters(value: unknown, path = '', found: FieldIssue[] = []): FieldIssue[] {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: path || 'body', code: 'nul_character' });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      findNulCharacters(item, path ? `${path}.${i}` : String(i), found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push({ field: path || 'body', code: 'nul_character' });
      else findNulCharacters(item, path ? `${path}.${key}` : key, found);
    }
  }
  return found;
}
