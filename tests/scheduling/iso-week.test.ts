import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekOf, mondayOfIsoWeek, weekNumber } from '../../src/scheduling/iso-week.js';
import { weekdayOf } from '../../src/scheduling/zoned-time.js';

describe('isoWeekOf', () => {
  it.each([
    ['2026-11-30', '2026-W49'], // Monday
    ['2026-12-03', '2026-W49'],
    ['2026-12-06', '2026-W49'], // Sunday
    ['2026-12-07', '2026-W50'],
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 holds it
    ['2026-12-28', '2026-W53'], // 2026 has 53 weeks (it starts on a Thursday)
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'], // new year's day in the old year's last week
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2020-12-31', '2020-W53'], // 2020 (a leap year starting on Wednesday) has 53 too
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2019-12-30', '2020-W01'], // and the other way: December days in next year's week 1
    ['2024-12-30', '2025-W01'],
    ['2025-12-28', '2025-W52'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('gives every day of a week the same key, and the Monday back (property)', () => {
    const day = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (date) => {
        const week = isoWeekOf(date);
        const monday = mondayOfIsoWeek(week);
        expect(weekdayOf(monday)).toBe(1);
        const offset = (Date.parse(date) - Date.parse(monday)) / 86_400_000;
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(7);
        expect(isoWeekOf(addDays(monday, 6))).toBe(week);
        expect(isoWeekOf(addDays(monday, 7))).not.toBe(week);
        expect(weekNumber(week)).toBeGreaterThanOrEqual(1);
        expect(weekNumber(week)).toBeLessThanOrEqual(53);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the Monday of a week, and refuses a week the year does not have', () => {
    expect(mondayOfIsoWeek('2026-W49')).toBe('2026-11-30');
    expect(mondayOfIsoWeek('2026-W53')).toBe('2026-12-28');
    expect(mondayOfIsoWeek('2020-W01')).toBe('2019-12-30');
    expect(() => mondayOfIsoWeek('2027-W53')).toThrow(/2027 has no week 53/);
    expect(() => mondayOfIsoWeek('2026-W00')).toThrow(RangeError);
    expect(() => mondayOfIsoWeek('2026-49')).toThrow(/not an ISO week/);
    expect(() => mondayOfIsoWeek('')).toThrow(/not an ISO week/);
  });

  it('adds days across months, leap days and years; refuses dates that do not exist', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-12-06', -6)).toBe('2026-11-30');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => isoWeekOf('2026-W49')).toThrow(RangeError);
    expect(() => isoWeekOf('<script>')).toThrow(RangeError);
  });
});
