import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQuietHours, firstInstantReading, isQuiet, quietEndsAt, quietSpellAt, quietSpellOf } from '../../src/personal/quiet-hours.js';
import type { QuietHours } from '../../src/personal/preferences.js';
import { localTimeOf } from '../../src/scheduling/zoned-time.js';

const berlin = (start: string, end: string): QuietHours => ({ start, end, timezone: 'Europe/Berlin' });
const newYork = (start: string, end: string): QuietHours => ({ start, end, timezone: 'America/New_York' });
const at = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

describe('quiet hours on ordinary days', () => {
  it('hold an overnight range from its start to its end the next morning, local time', () => {
    const q = berlin('22:00', '08:00');
    // Winter: Berlin is UTC+1.
    expect(isQuiet(q, at('2026-01-14T20:59:00Z'))).toBe(false);
    expect(isQuiet(q, at('2026-01-14T21:00:00Z'))).toBe(true);
    expect(isQuiet(q, at('2026-01-15T02:00:00Z'))).toBe(true);
    expect(isQuiet(q, at('2026-01-15T06:59:59Z'))).toBe(true);
    expect(isQuiet(q, at('2026-01-15T07:00:00Z'))).toBe(false);
    expect(quietEndsAt(q, at('2026-01-14T23:30:00Z'))).toEqual(at('2026-01-15T07:00:00Z'));
    // Just after midnight the spell is yesterday's night.
    expect(quietSpellAt(q, at('2026-01-14T23:30:00Z'))).toEqual({ from: at('2026-01-14T21:00:00Z'), until: at('2026-01-15T07:00:00Z') });
  });

  it('hold a same-day range, and answer the instant itself when it is not quiet', () => {
    const q = newYork('12:00', '13:30');
    expect(isQuiet(q, at('2026-06-10T15:59:00Z'))).toBe(false); // 11:59 EDT
    expect(isQuiet(q, at('2026-06-10T16:00:00Z'))).toBe(true);
    expect(quietEndsAt(q, at('2026-06-10T16:45:00Z'))).toEqual(at('2026-06-10T17:30:00Z'));
    expect(quietEndsAt(q, at('2026-06-10T18:00:00Z'))).toEqual(at('2026-06-10T18:00:00Z'));
  });

  it('never hold anything when start equals end (a zero-length night; the quiet command refuses it)', () => {
    const q = berlin('08:00', '08:00');
    expect(quietSpellOf(q, '2026-01-14')).toBeUndefined();
    for (let h = 0; h < 24; h += 1) expect(isQuiet(q, new Date(Date.parse('2026-01-14T00:00:00Z') + h * HOUR))).toBe(false);
  });

  it('accept 9:00 for 09:00 and refuse malformed times and zones as the bugs they are (stored hours are validated)', () => {
    expect(isQuiet({ start: '9:00', end: '17:00', timezone: 'UTC' }, at('2026-01-14T08:59:00Z'))).toBe(false);
    expect(isQuiet({ start: '9:00', end: '17:00', timezone: 'UTC' }, at('2026-01-14T09:00:00Z'))).toBe(true);
    expect(() => isQuiet({ start: '25:00', end: '08:00', timezone: 'UTC' }, at('2026-01-14T09:00:00Z'))).toThrow(RangeError);
    expect(() => isQuiet({ start: '22:00', end: '<script>', timezone: 'UTC' }, at('2026-01-14T09:00:00Z'))).toThrow(RangeError);
    expect(() => isQuiet({ start: '22:00', end: '08:00', timezone: 'Mars/Olympus' }, at('2026-01-14T09:00:00Z'))).toThrow(RangeError);
  });

  it('read back as the quiet command takes them', () => {
    expect(describeQuietHours(berlin('22:00', '08:00'))).toBe('22:00-08:00 Europe/Berlin');
  });
});

describe('quiet hours across DST changes', () => {
  it('Berlin, spring forward (29 March 2026, 02:00 → 03:00): 22:00-08:00 is a nine-hour night', () => {
    const spell = quietSpellAt(berlin('22:00', '08:00'), at('2026-03-29T00:30:00Z'));
    expect(spell).toEqual({ from: at('2026-03-28T21:00:00Z'), until: at('2026-03-29T06:00:00Z') });
    expect(isQuiet(berlin('22:00', '08:00'), at('2026-03-29T05:59:00Z'))).toBe(true);
    expect(isQuiet(berlin('22:00', '08:00'), at('2026-03-29T06:00:00Z'))).toBe(false);
  });

  it('Berlin, fall back (25 October 2026, 03:00 → 02:00): 22:00-08:00 is an eleven-hour night', () => {
    const spell = quietSpellAt(berlin('22:00', '08:00'), at('2026-10-25T01:30:00Z'));
    expect(spell).toEqual({ from: at('2026-10-24T20:00:00Z'), until: at('2026-10-25T07:00:00Z') });
  });

  it('Berlin, fall back: a spell ending in the repeated hour ends at its first occurrence and does not come back', () => {
    const q = berlin('23:00', '02:30');
    expect(quietEndsAt(q, at('2026-10-24T23:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z')); // 02:30 CEST
    // 02:10 CET, the second time the clock reads 02:10 that night.
    expect(isQuiet(q, at('2026-10-25T01:10:00Z'))).toBe(false);
  });

  it('New York, spring forward (8 March 2026, 02:00 → 03:00): an end the clock skips comes when it jumps', () => {
    const q = newYork('23:00', '02:30');
    expect(isQuiet(q, at('2026-03-08T06:59:00Z'))).toBe(true); // 01:59 EST
    expect(quietEndsAt(q, at('2026-03-08T06:59:00Z'))).toEqual(at('2026-03-08T07:00:00Z')); // 03:00 EDT
    expect(isQuiet(q, at('2026-03-08T07:00:00Z'))).toBe(false);
  });

  it('New York, spring forward: a start the clock skips starts when it jumps; a spell wholly skipped does not happen', () => {
    expect(quietSpellOf(newYork('02:30', '06:00'), '2026-03-08')).toEqual({ from: at('2026-03-08T07:00:00Z'), until: at('2026-03-08T10:00:00Z') });
    const skipped = newYork('02:10', '02:50');
    expect(isQuiet(skipped, at('2026-03-08T06:59:00Z'))).toBe(false);
    expect(isQuiet(skipped, at('2026-03-08T07:00:00Z'))).toBe(false);
    // The day after, it is an ordinary 40 minutes.
    expect(quietSpellOf(skipped, '2026-03-09')).toEqual({ from: at('2026-03-09T06:10:00Z'), until: at('2026-03-09T06:50:00Z') });
  });

  it('New York, fall back (1 November 2026, 02:00 → 01:00): 22:00-07:00 is a ten-hour night', () => {
    const spell = quietSpellAt(newYork('22:00', '07:00'), at('2026-11-01T06:30:00Z'));
    expect(spell).toEqual({ from: at('2026-11-01T02:00:00Z'), until: at('2026-11-01T12:00:00Z') });
  });

  it('finds the jump for a skipped wall time, and the first occurrence of a repeated one', () => {
    expect(firstInstantReading('2026-03-08', '02:30', 'America/New_York')).toEqual(at('2026-03-08T07:00:00Z'));
    expect(firstInstantReading('2026-11-01', '01:30', 'America/New_York')).toEqual(at('2026-11-01T05:30:00Z'));
    expect(firstInstantReading('2026-03-29', '02:00', 'Europe/Berlin')).toEqual(at('2026-03-29T01:00:00Z'));
  });
});

describe('quiet hours, any instant', () => {
  const MINUTE = 60_000;
  const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC');
  const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const instant = fc.integer({ min: Date.UTC(2024, 0, 1) / MINUTE, max: Date.UTC(2030, 0, 1) / MINUTE }).map((m) => new Date(m * MINUTE));

  it('agree with the wall clock whenever the offset is the same a day either side (no DST change near)', () => {
    const offsetOf = (ms: number, timeZone: string): string =>
      new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
    fc.assert(
      fc.property(zone, hhmm, hhmm, instant, (timezone, start, end, when) => {
        const ms = when.getTime();
        fc.pre(offsetOf(ms - 86_400_000, timezone) === offsetOf(ms + 86_400_000, timezone));
        const wall = localTimeOf(when, timezone);
        const expected = start === end ? false : start < end ? wall >= start && wall < end : wall >= start || wall < end;
        expect(isQuiet({ start, end, timezone }, when)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('end after the instant they hold, and the instant they end is not quiet', () => {
    fc.assert(
      fc.property(zone, hhmm, hhmm, instant, (timezone, start, end, when) => {
        const q = { start, end, timezone };
        const ends = quietEndsAt(q, when);
        if (!isQuiet(q, when)) {
          expect(ends).toEqual(when);
          return;
        }
        expect(ends.getTime()).toBeGreaterThan(when.getTime());
        expect(ends.getTime() - when.getTime()).toBeLessThanOrEqual(26 * HOUR);
        expect(isQuiet(q, ends)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
