import { addDays } from '../scheduling/iso-week.js';
import { localDateOf, localTimeOf, zonedInstant } from '../scheduling/zoned-time.js';
import { normalizeTime } from '../subscriptions/subscription.js';
import type { QuietHours } from './preferences.js';

/**
 * Quiet hours are wall-clock hours in the person's own zone, `22:00-08:00 Europe/Berlin`:
 * alerts found meanwhile wait and go out together when they end.
 *
 * Each night has one quiet spell, from the first instant the clock reads `start` to the
 * first instant it reads `end` (on the next day when `end` is earlier than `start`). So:
 * - a spring-forward gap that skips `start` or `end` moves it to the moment the clock jumps
 *   (quiet from 02:30 starts at 03:00 when 02:00-03:00 never happens); a spell that lies
 *   wholly inside a gap does not happen that night;
 * - a fall-back night is an hour longer (22:00-08:00 is 11 hours), and a wall time that
 *   happens twice counts once, at its first occurrence: a spell ending 01:30 ends at the first
 *   01:30, and the repeated 01:00-01:30 is not quiet again.
 * - `start` equal to `end` is no spell at all (never quiet): a zero-length night. The
 *   quiet command should refuse it and point to `/papers quiet off`.
 */
export interface QuietSpell {
  readonly from: Date;
  readonly until: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function checkedTime(time: string): string {
  const normal = normalizeTime(time);
  if (normal === undefined) throw new RangeError(`not a time of day (HH:MM): ${time}`);
  return normal;
}

const wallReading = (ms: number, timeZone: string): string => `${localDateOf(new Date(ms), timeZone)} ${localTimeOf(new Date(ms), timeZone)}`;

/**
 * The first instant at which the wall clock in `timeZone` reads `time` on `localDate` or
 * later: the time itself (its first occurrence when it happens twice), or, when a gap skips
 * it, the instant the clock jumps over it. zonedInstant moves a skipped time forward by the
 * gap's length instead (right for a digest due at 02:30, wrong for the end of a spell: at
 * 03:00 the clock already reads past 02:30).
 */
export function firstInstantReading(localDate: string, time: string, timeZone: string): Date {
  const guess = zonedInstant(localDate, time, timeZone);
  if (localDateOf(guess, timeZone) === localDate && localTimeOf(guess, timeZone) === time) return guess;
  // Skipped: the guess reads later than `time`, a day before reads earlier; the jump lies between.
  const target = `${localDate} ${time}`;
  let lo = guess.getTime() - DAY;
  let hi = guess.getTime();
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallReading(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The quiet spell of the night starting on the local date `night`; undefined for start equal to end. */
export function quietSpellOf(quiet: QuietHours, night: string): QuietSpell | undefined {
  const start = checkedTime(quiet.start);
  const end = checkedTime(quiet.end);
  if (start === end) return undefined;
  const from = firstInstantReading(night, start, quiet.timezone);
  const until = firstInstantReading(end < start ? addDays(night, 1) : night, end, quiet.timezone);
  return { from, until };
}

/**
 * The spell `at` falls in, or undefined when alerts may go out. Throws RangeError for a
 * malformed time or zone (stored quiet hours are validated when set: a caller bug).
 */
export function quietSpellAt(quiet: QuietHours, at: Date): QuietSpell | undefined {
  const today = localDateOf(at, quiet.timezone);
  // A spell holding `at` started today or, overnight, yesterday.
  for (const night of [addDays(today, -1), today]) {
    const spell = quietSpellOf(quiet, night);
    if (spell && spell.from.getTime() <= at.getTime() && at.getTime() < spell.until.getTime()) return spell;
  }
  return undefined;
}

export function isQuiet(quiet: QuietHours, at: Date): boolean {
  return quietSpellAt(quiet, at) !== undefined;
}

/** When the quiet spell holding `at` ends; `at` itself when it is not quiet then. */
export function quietEndsAt(quiet: QuietHours, at: Date): Date {
  return quietSpellAt(quiet, at)?.until ?? at;
}

/** `22:00-08:00 Europe/Berlin`, as the quiet command takes it. */
export function describeQuietHours(quiet: QuietHours): string {
  return `${quiet.start}-${quiet.end} ${quiet.timezone}`;
}
