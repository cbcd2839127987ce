import type { RuleCondition, RuleValue } from '@trato/contracts/automation';

// Conditions compare a record's value now with the rule's value. Text compares without case or accents; numbers
// and money compare exactly as decimals (numeric columns arrive as strings: never through floats); dates and
// times compare as instants; a list field (roles, emails, multiselect) holds when any of its items does.

const normalize = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

const DECIMAL = /^-?\d+(\.\d+)?$/;
const SCALE = 8;

/** A decimal as a scaled integer (8 places), or null when it is not a plain decimal. */
function toScaled(value: unknown): bigint | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    // Numbers JS prints with an exponent (1e21) are outside what a rule compares.
    return null;
  }
  const [whole = '0', fraction = ''] = text.trim().replace('-', '').split('.');
  const scaled = BigInt(whole + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return text.trim().startsWith('-') ? -scaled : scaled;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const toInstant = (value: unknown): number | null =>
  typeof value === 'string' && DATE_LIKE.test(value)
    ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
    : null;

function compare(actual: unknown, expected: unknown): number | null {
  if (actual === null || actual === undefined || expected === null || expected === undefined) return null;
  const a = toScaled(actual);
  const b = toScaled(expected);
  if (a !== null && b !== null) return a === b ? 0 : a < b ? -1 : 1;
  const x = toInstant(actual);
  const y = toInstant(expected);
  if (x !== null && y !== null && !Number.isNaN(x) && !Number.isNaN(y)) return Math.sign(x - y);
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected) ? 0 : null;
  if (typeof actual === 'string' && typeof expected === 'string')
    return Math.sign(normalize(actual).localeCompare(normalize(expected)));
  return null;
}

const equals = (actual: unknown, expected: unknown): boolean => compare(actual, expected) === 0;

const isEmpty = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/** `in` takes a list, or a comma-separated text. */
const listOf = (value: RuleValue | undefined): unknown[] =>
  Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value === undefined
        ? []
        : [value];

/** Does the condition hold for these values? */
export function conditionHolds(condition: RuleCondition, values: Record<string, unknown>): boolean {
  const actual = values[condition.field];
  const expected = condition.value;
  const items = Array.isArray(actual) ? actual : [actual];
  switch (condition.op) {
    case 'empty':
      return isEmpty(actual);
    case 'not_empty':
      return !isEmpty(actual);
    case 'eq':
      if (Array.isArray(expected))
        return (
          Array.isArray(actual) &&
          actual.length === expected.length &&
          expected.every((e) => actual.some((a) => equals(a, e)))
        );
      if (expected === null) return isEmpty(actual);
      return items.some((a) => equals(a, expected));
    case 'ne':
      return !conditionHolds({ ...condition, op: 'eq' }, values);
    case 'in': {
      const list = listOf(expected);
      return items.some((a) => list.some((e) => equals(a, e)));
    }
    case 'contains': {
      if (expected === undefined || expected === null) return false;
      if (Array.isArray(actual)) return listOf(expected).every((e) => actual.some((a) => equals(a, e)));
      if (typeof actual !== 'string') return false;
      return normalize(actual).includes(normalize(String(expected)));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const order = compare(actual, expected);
      if (order === null) return false;
      return condition.op === 'gt'
        ? order > 0
        : condition.op === 'gte'
          ? order >= 0
          : condition.op === 'lt'
            ? order < 0
            : order <= 0;
    }
  }
}

/** Every condition holds (an empty list always does). */
export const conditionsHold = (
  conditions: readonly RuleCondition[],
  values: Record<string, unknown>,
): boolean => conditions.every((c) => conditionHolds(c, values));
