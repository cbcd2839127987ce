import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './zoned-time.ts';

describe('working days', () => {
  // 2026-11-27 is a Friday, 2026-11-30 a Monday.
  it.each([
    ['2026-11-27', 1, '2026-11-30'],
    ['2026-11-30', -1, '2026-11-27'],
    ['2026-11-30', -5, '2026-11-23'],
    ['2026-11-28', 0, '2026-11-30'],
    ['2026-11-25', 3, '2026-11-30'],
  ])('%s %+d working days is %s', (day, days, expected) => {
    expect(addWorkingDays(day, days)).toBe(expected);
  });
});
