import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateOf, localTimeOf, weekdayOf, zonedInstant } from '../../src/scheduling/zoned-time.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * An independent reading of the wall clock, to seconds (some zones' offsets had seconds),
 * as epoch-like milliseconds: the oracle the properties compare against.
 */
const oracles = new Map<string, Intl.DateTimeFormat>();
function wallOf(ms: number, timeZone: string): number {
  let oracle = oracles.get(timeZone);
  if (!oracle) {
    oracle = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    oracles.set(timeZone, oracle);
  }
  const parts = oracle.formatToParts(ms);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

function wallAt(localDate: string, time: string): number {
  return Date.parse(`${localDate}T${time}:00Z`);
}

/** Time zones, and minute-aligned instants from 1900 to 2100 (tzdata rules are extrapolated past 2037). */
const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({ min: Date.UTC(1900, 0, 1) / MINUTE, max: Date.UTC(2100, 0, 1) / MINUTE }).map((m) => new Date(m * MINUTE));
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** Instants at which `timeZone` changed its offset during `year`, to the minute. */
function transitionsIn(timeZone: string, year: number): number[] {
  const offset = (at: number): number => wallOf(at, timeZone) - at;
  const found: number[] = [];
  for (let month = 0; month < 12; month++) {
    let lo = Date.UTC(year, month, 1);
    let hi = Date.UTC(year, month + 1, 1);
    if (offset(lo) === offset(hi)) continue; // assumes at most one change a month, true of DST
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

/**
 * A zone and a wall time (date and HH:MM) within three hours of one of its offset changes,
 * so that gaps and overlaps are hit often rather than once in thousands of runs. Falls back
 * to any wall time in zones that did not change that year.
 */
/** Any zone and a wall time on a date that exists there. */
/** A zone and an instant within three hours of one of its offset changes. */
const instantNearTransition = fc.tuple(zone, fc.integer({ min: 1970, max: 2040 }), fc.nat(), fc.integer({ min: -180, max: 180 }), instant).map(([z, year, pick, minutes, fallback]): [string, Date] => {
  const changes = transitionsIn(z, year);
  const change = changes.length > 0 ? changes[pick % changes.length]! : fallback.getTime();
  return [z, new Date(change + minutes * MINUTE)];
});

const anyWallTime = fc.tuple(zone, instant, time).map(([z, i, t]) => ({ z, d: localDateOf(i, z), t }));

const nearTransition = fc.tuple(zone, fc.integer({ min: 1970, max: 2040 }), fc.nat(), fc.integer({ min: -180, max: 180 }), instant).map(([z, year, pick, minutes, fallback]) => {
  const changes = transitionsIn(z, year);
  const change = changes.length > 0 ? changes[pick % changes.length]! : fallback.getTime();
  // The wall clock a minute before the change, moved by whole minutes: some of these
  // wall times were skipped, some happened twice.
  const wall = new Date(wallOf(change - MINUTE, z) + minutes * MINUTE).toISOString();
  return { z, d: wall.slice(0, 10), t: wall.slice(11, 16) };
});

describe('zonedInstant at DST transitions', () => {
  it('moves a time skipped by spring-forward on by the gap (02:30 New York → 03:30 EDT)', () => {
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of a time repeated by fall-back (01:30 New York → 01:30 EDT)', () => {
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('handles 30-minute DST (Lord Howe) and 45-minute offsets (Chatham)', () => {
    // Lord Howe springs from 02:00 +10:30 to 02:30 +11 on the first Sunday of October.
    expect(zonedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:45:00.000Z');
    expect(zonedInstant('2026-06-01', '09:00', 'Pacific/Chatham').toISOString()).toBe('2026-05-31T20:15:00.000Z'); // +12:45 in winter;
  });

  it('is ordinary arithmetic on ordinary days and in zones without DST', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedInstant('2026-11-27', '08:00', 'Asia/Tokyo').toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(zonedInstant('2026-11-27', '9:05', 'UTC').toISOString()).toBe('2026-11-27T09:05:00.000Z');
  });

  it('moves a time skipped by a gap that spans midnight into the next day (America/Nuuk, 23:00 → 00:00)', () => {
    const at = zonedInstant('2026-03-28', '23:30', 'America/Nuuk');
    expect(at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(localDateOf(at, 'America/Nuuk')).toBe('2026-03-29');
  });

  it('rejects malformed dates and times (a caller bug)', () => {
    expect(() => zonedInstant('2026-02-30', '09:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-1-05', '09:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-01-05', '24:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-01-05', '9.00', 'UTC')).toThrow(RangeError);
  });
});

describe('localDateOf, localTimeOf, weekdayOf', () => {
  it('read the date in the given zone, not UTC', () => {
    const fridayEveningUtc = new Date('2026-11-27T20:00:00Z');
    expect(localDateOf(fridayEveningUtc, 'UTC')).toBe('2026-11-27');
    expect(localDateOf(fridayEveningUtc, 'Asia/Tokyo')).toBe('2026-11-28');
    expect(localTimeOf(fridayEveningUtc, 'Asia/Tokyo')).toBe('05:00');
    expect(localDateOf(new Date('2026-11-27T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-26');
  });

  it('numbers weekdays from Sunday', () => {
    expect(weekdayOf('2026-11-27')).toBe(5); // a Friday
    expect(weekdayOf('2026-11-28')).toBe(6);
    expect(weekdayOf('2026-11-29')).toBe(0);
    expect(weekdayOf('2026-03-09')).toBe(1);
    expect(weekdayOf('2000-02-29')).toBe(2);
  });

  it('agree with Intl at midnight, whatever the zone', () => {
    fc.assert(
      fc.property(zone, instant, (z, i) => {
        const [date, hhmm] = new Date(wallOf(i.getTime(), z)).toISOString().split('T') as [string, string];
        expect(localDateOf(i, z)).toBe(date);
        expect(localTimeOf(i, z)).toBe(hhmm.slice(0, 5));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('zonedInstant properties, over every zone and two centuries', () => {
  it('stays on the requested date, and reads back the requested time unless a gap skipped it', () => {
    fc.assert(
      fc.property(fc.oneof(anyWallTime, nearTransition), ({ z, d, t }) => {
        const wall = wallAt(d, t);
        const result = zonedInstant(d, t, z).getTime();
        const resultWall = wallOf(result, z);
        if (resultWall === wall) {
          // The wall time exists: the result is its first occurrence, on the date asked for.
          expect(localDateOf(new Date(result), z)).toBe(d);
          for (const earlier of [30, 60, 120]) expect(wallOf(result - earlier * MINUTE, z)).not.toBe(wall);
        } else {
          // A gap: the clock jumped by `gap` just before the result, over the requested time.
          const gap = resultWall - wall;
          expect(gap).toBeGreaterThan(0);
          expect(gap).toBeLessThanOrEqual(DAY);
          expect(wallOf(result - gap, z)).toBe(wall - gap);
          // Still the requested date, unless the gap runs past midnight (Nuuk, above).
          if (new Date(resultWall).toISOString().slice(0, 10) === d) expect(localDateOf(new Date(result), z)).toBe(d);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips every instant to itself or to the first occurrence of its wall time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(zone, instant), instantNearTransition), ([z, i]) => {
        const back = zonedInstant(localDateOf(i, z), localTimeOf(i, z), z).getTime();
        // Offsets with seconds (old local mean time) make wall minutes start mid-minute.
        const wallSeconds = ((wallOf(i.getTime(), z) % MINUTE) + MINUTE) % MINUTE;
        expect(back).toBeLessThanOrEqual(i.getTime() - wallSeconds);
        expect(wallOf(back, z)).toBe(wallOf(i.getTime(), z) - wallSeconds);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips exactly away from transitions', () => {
    fc.assert(
      fc.property(zone, instant, (z, i) => {
        const ms = i.getTime();
        const offset = (at: number): number => wallOf(at, z) - at;
        fc.pre(offset(ms - DAY) === offset(ms + DAY) && offset(ms) === offset(ms + DAY) && offset(ms) % MINUTE === 0);
        expect(zonedInstant(localDateOf(i, z), localTimeOf(i, z), z).getTime()).toBe(ms);
      }),
      { numRuns: 3000 },
    );
  });
});
