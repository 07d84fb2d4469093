/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl, so the scheduler needs no
 * date library. A local date is `YYYY-MM-DD`, a local time `HH:MM` (24-hour).
 *
 * The one hard question is turning a wall time into an instant around a DST transition;
 * `zonedInstant` answers it like Temporal's "compatible" disambiguation (and like cron users
 * expect): a time skipped by a spring-forward gap moves forward by the length of the gap, a
 * time repeated by a fall-back overlap means its first occurrence.
 */

const DAY = 86_400_000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{1,2}):(\d{2})$/;

// Building a DateTimeFormat is far slower than using one; the scheduler asks about the
// same few zones every minute.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallParts(epochMs: number, timeZone: string): WallParts {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields['year'] ?? NaN,
    month: fields['month'] ?? NaN,
    day: fields['day'] ?? NaN,
    // Some ICU versions still print midnight as 24 despite h23.
    hour: (fields['hour'] ?? NaN) % 24,
    minute: fields['minute'] ?? NaN,
    second: fields['second'] ?? NaN,
  };
}

/** Date.UTC without its mapping of years 0-99 to 1900-1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** The wall clock at an instant, as if that wall clock were UTC: the basis of offset math. */
function wallMs(epochMs: number, timeZone: string): number {
  const p = wallParts(epochMs, timeZone);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) + ms;
}

/** Local minus UTC at an instant, in milliseconds (+1 h for Berlin in winter). */
function offsetMs(epochMs: number, timeZone: string): number {
  return wallMs(epochMs, timeZone) - epochMs;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The calendar date at `instant` in `timeZone`, `YYYY-MM-DD`. */
export function localDateOf(instant: Date, timeZone: string): string {
  const p = wallParts(instant.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** The wall-clock time at `instant` in `timeZone`, `HH:MM` (seconds dropped). */
export function localTimeOf(instant: Date, timeZone: string): string {
  const p = wallParts(instant.getTime(), timeZone);
  return `${pad(p.hour, 2)}:${pad(p.minute, 2)}`;
}

function parseLocalDate(localDate: string): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(localDate);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  // Round-tripping through Date rejects 2026-02-30 and friends.
  const back = m ? new Date(utcMs(year, month, day)) : undefined;
  if (!back || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`not a local date (YYYY-MM-DD): ${localDate}`);
  }
  return { year, month, day };
}

/** Day of the week of a local date: 0 is Sunday, 6 Saturday. */
export function weekdayOf(localDate: string): number {
  const { year, month, day } = parseLocalDate(localDate);
  return new Date(utcMs(year, month, day)).getUTCDay();
}

/**
 * Every instant whose wall clock in `timeZone` reads `wall`, earliest first: one normally,
 * two in a fall-back overlap, none in a spring-forward gap. The offsets tried are those in
 * force a day either side (as Temporal does) and at the naive guess, which covers every
 * zone that changes its offset at most once within a day of the wall time.
 */
function possibleInstants(wall: number, timeZone: string): number[] {
  const offsets = new Set([offsetMs(wall - DAY, timeZone), offsetMs(wall, timeZone), offsetMs(wall + DAY, timeZone)]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (wallMs(candidate, timeZone) === wall) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The instant at which `timeZone`'s wall clock reads `time` on `localDate`. Skipped wall
 * times (spring forward) move forward by the gap: 02:30 on 2026-03-08 in America/New_York is
 * 03:30 EDT, 07:30Z. Repeated ones (fall back) take the earlier instant: 01:30 on 2026-11-01
 * there is 01:30 EDT, 05:30Z. Throws RangeError for malformed dates or times (a caller bug:
 * subscriptions are validated when saved).
 */
export function zonedInstant(localDate: string, time: string, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(localDate);
  const t = LOCAL_TIME.exec(time);
  const hour = Number(t?.[1]);
  const minute = Number(t?.[2]);
  if (!t || hour > 23 || minute > 59) throw new RangeError(`not a local time (HH:MM): ${time}`);

  const wall = utcMs(year, month, day, hour, minute);
  const instants = possibleInstants(wall, timeZone);
  if (instants[0] !== undefined) return new Date(instants[0]);

  // In a gap: read the wall time with the offset in force before the transition. That lands
  // after the transition, exactly the gap's length later on the wall clock.
  const before = offsetMs(wall - DAY, timeZone);
  return new Date(wall - before);
}
