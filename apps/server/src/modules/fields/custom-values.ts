import type { FieldDefinition } from '@trato/contracts/settings';
import type { IssueCollector } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { checkEmail, checkPhone, checkUrl } from '../../platform/validate.ts';

const DEFAULT_MAX_LENGTH = { text: 1000, long_text: 20_000 } as const;

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Checks custom-field values against the admin's definitions and returns the record's new `custom` object.
 * `current` is what the record has now (for updates: keys not sent stay as they are). Unknown keys are refused;
 * `userIds` is the set of users a `user` field may point to.
 */
export function validateCustomValues(
  definitions: FieldDefinition[],
  input: Record<string, unknown> | undefined,
  current: Record<string, unknown>,
  issues: IssueCollector,
  userIds: ReadonlySet<string>,
): Record<string, unknown> {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const result: Record<string, unknown> = { ...current };
  for (const [key, raw] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    const field = `custom.${key}`;
    if (!def) {
      issues.add(field, 'unknown_field');
      continue;
    }
    if (isEmpty(raw)) {
      delete result[key];
      continue;
    }
    const value = coerce(def, raw, field, issues, userIds);
    if (value !== undefined) result[key] = value;
  }
  for (const def of definitions) {
    if (
      def.required &&
      isEmpty(result[def.key]) &&
      !issues.issues.some((i) => i.field === `custom.${def.key}`)
    ) {
      issues.add(`custom.${def.key}`, 'required');
    }
  }
  return result;
}

function coerce(
  def: FieldDefinition,
  raw: unknown,
  field: string,
  issues: IssueCollector,
  userIds: ReadonlySet<string>,
): unknown {
  const v = def.validation;
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof raw !== 'string') return issues.add(field, 'invalid_type', { expected: 'string' });
      const value = raw.trim();
      const max = v.max_length ?? DEFAULT_MAX_LENGTH[def.type];
      if (value.length > max) return issues.add(field, 'too_long', { max });
      if (v.min_length !== undefined && value.length < v.min_length)
        return issues.add(field, 'too_short', { min: v.min_length });
      if (v.pattern && !new RegExp(`^(?:${v.pattern})$`, 'u').test(value))
        return issues.add(field, 'pattern_mismatch');
      return value;
    }
    case 'number':
    case 'money': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw.replace(',', '.'))
            : Number.NaN;
      if (!Number.isFinite(n)) return issues.add(field, 'invalid_number');
      const decimals = v.decimals ?? (def.type === 'money' ? 2 : 4);
      const text = typeof raw === 'string' ? raw.trim().replace(',', '.') : String(raw);
      const places = text.includes('.') ? (text.split('.')[1]?.replace(/e.*$/i, '').length ?? 0) : 0;
      if (places > decimals) return issues.add(field, 'too_many_decimals', { max: decimals });
      if (Math.abs(n) >= 1e14) return issues.add(field, 'too_big', { max: '1e14' });
      if (v.min !== undefined && n < v.min) return issues.add(field, 'too_small', { min: v.min });
      if (v.max !== undefined && n > v.max) return issues.add(field, 'too_big', { max: v.max });
      // Money keeps its exact decimal text (never a float): "1234.50".
      return def.type === 'money' ? n.toFixed(decimals) : n;
    }
    case 'date': {
      if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) {
        return issues.add(field, 'invalid_date');
      }
      const [y, m, d] = raw.split('-').map(Number);
      const date = new Date(Date.UTC(y!, m! - 1, d!));
      if (date.getUTCMonth() !== m! - 1 || date.getUTCDate() !== d) return issues.add(field, 'invalid_date');
      return raw;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return issues.add(field, 'invalid_type', { expected: 'boolean' });
      return raw;
    case 'select':
      if (typeof raw !== 'string' || !def.options.some((o) => o.key === raw))
        return issues.add(field, 'invalid_option');
      return raw;
    case 'multiselect': {
      if (!Array.isArray(raw) || raw.length > def.options.length) return issues.add(field, 'invalid_option');
      const keys = new Set(def.options.map((o) => o.key));
      if (raw.some((k) => typeof k !== 'string' || !keys.has(k))) return issues.add(field, 'invalid_option');
      return [...new Set(raw as string[])];
    }
    case 'email':
      if (typeof raw !== 'string' || raw.length > 320) return issues.add(field, 'invalid_email');
      return checkEmail(raw, field, issues) ?? undefined;
    case 'phone':
      if (typeof raw !== 'string' || raw.length > 40) return issues.add(field, 'invalid_phone');
      return checkPhone(raw, field, issues) ?? undefined;
    case 'url':
      if (typeof raw !== 'string' || raw.length > 2000) return issues.add(field, 'invalid_url');
      return checkUrl(raw.trim(), field, issues) ?? undefined;
    case 'user':
      if (typeof raw !== 'string' || !isUuid(raw) || !userIds.has(raw.toLowerCase()))
        return issues.add(field, 'unknown_user');
      return raw.toLowerCase();
  }
}
