import { weekdayOf } from './zoned-time.js';

/**
 * Calendar arithmetic on local dates (`YYYY-MM-DD`, no time zone involved) and ISO 8601
 * weeks, the slot of a weekly digest: weeks start on Monday, and week 1 is the one holding
 * the year's first Thursday, so 2026-12-28 … 2027-01-03 is `2026-W53` and 2027-01-01 belongs
 * to 2026's last week, not 2027's first.
 */
const DAY_MS = 86_400_000;

/** The local date `days` after `localDate` (before, when negative). */
export function addDays(localDate: string, days: number): string {
  weekdayOf(localDate); // validates: 2026-02-30 is a bug of the caller, not a date to roll over
  const d = new Date(`${localDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 for Monday … 7 for Sunday, as ISO 8601 numbers them. */
function isoWeekday(localDate: string): number {
  return ((weekdayOf(localDate) + 6) % 7) + 1;
}

/** `2026-W49` for any day from Monday 30 November to Sunday 6 December 2026. */
export function isoWeekOf(localDate: string): string {
  // The week belongs to the year its Thursday is in.
  const thursday = addDays(localDate, 4 - isoWeekday(localDate));
  const year = thursday.slice(0, 4);
  const week = 1 + Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** The Monday of an ISO week (`2026-W49` → 2026-11-30); throws RangeError for a week the year does not have. */
export function mondayOfIsoWeek(week: string): string {
  const m = ISO_WEEK.exec(week);
  if (!m) throw new RangeError(`not an ISO week (YYYY-Www): ${week}`);
  // 4 January is always in week 1.
  const fourth = `${m[1]}-01-04`;
  const monday = addDays(fourth, 1 - isoWeekday(fourth) + (Number(m[2]) - 1) * 7);
  if (isoWeekOf(monday) !== week) throw new RangeError(`${m[1]} has no week ${m[2]}`);
  return monday;
}

/** 49 for `2026-W49`. */
export function weekNumber(week: string): number {
  return Number(week.slice(6));
}
