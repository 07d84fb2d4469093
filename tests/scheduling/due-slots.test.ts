import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATCH_UP_MS, dueSlots } from '../../src/scheduling/due-slots.js';
import { localDateOf, weekdayOf } from '../../src/scheduling/zoned-time.js';
import { HOUR, MINUTE, subscriptionValue } from '../helpers/scheduling-harness.js';

const berlin9 = subscriptionValue({ channel: 'berlin', time: '09:00', timezone: 'Europe/Berlin' });

function due(at: string, subs = [berlin9], catchUpMs?: number) {
  return dueSlots(subs, new Date(at), catchUpMs).map((s) => ({ id: s.subscription.id, localDate: s.localDate, slotAt: s.slotAt.toISOString() }));
}

describe('dueSlots', () => {
  it('is due from the slot time until the grace runs out (6 h by default)', () => {
    expect(due('2026-11-27T07:59:59Z')).toEqual([]);
    expect(due('2026-11-27T08:00:00Z')).toEqual([{ id: 'test:team:berlin', localDate: '2026-11-27', slotAt: '2026-11-27T08:00:00.000Z' }]);
    expect(due('2026-11-27T13:59:59Z')).toHaveLength(1);
    expect(due('2026-11-27T14:00:00Z')).toEqual([]);
    expect(DEFAULT_CATCH_UP_MS).toBe(6 * HOUR);
  });

  it('takes the grace as a parameter', () => {
    expect(due('2026-11-27T15:00:00Z', [berlin9], 8 * HOUR)).toHaveLength(1);
    expect(due('2026-11-27T08:01:00Z', [berlin9], MINUTE)).toEqual([]);
  });

  it('never carries a slot into the next local day, however long the grace', () => {
    const late = subscriptionValue({ time: '22:00', timezone: 'Europe/Berlin' });
    expect(due('2026-11-27T22:59:00Z', [late], 12 * HOUR)).toHaveLength(1); // 23:59 Berlin: still the 27th
    expect(due('2026-11-27T23:00:00Z', [late], 12 * HOUR)).toEqual([]); // midnight: the 27th's slot is over
  });

  it('does not offer a slot whose time passed before the subscription was saved (the first digest is the next one)', () => {
    const savedAt = (iso: string) => subscriptionValue({ channel: 'late', time: '09:00', timezone: 'Europe/Berlin', updatedAt: Date.parse(iso) });
    expect(due('2026-11-27T10:00:00Z', [savedAt('2026-11-27T09:30:00Z')])).toEqual([]); // saved at 10:30 Berlin, after 09:00
    expect(due('2026-11-27T10:00:00Z', [savedAt('2026-11-27T07:30:00Z')])).toHaveLength(1); // saved before: caught up
    expect(due('2026-11-28T08:00:00Z', [savedAt('2026-11-27T09:30:00Z')])).toHaveLength(1); // the next day is due
  });

  it('leaves out disabled subscriptions and keeps failing ones', () => {
    const off = subscriptionValue({ channel: 'off', time: '09:00', timezone: 'Europe/Berlin', enabled: false });
    const failing = subscriptionValue({ channel: 'failing', time: '09:00', timezone: 'Europe/Berlin', failing: 'channel_not_found' });
    expect(due('2026-11-27T08:30:00Z', [off, failing]).map((s) => s.id)).toEqual(['test:team:failing']);
  });

  it('skips Saturday and Sunday for weekday subscriptions, in their own zone', () => {
    const tokyo = subscriptionValue({ time: '08:00', timezone: 'Asia/Tokyo', days: 'weekdays' });
    // Friday 23:30 UTC is Saturday 08:30 in Tokyo.
    expect(due('2026-11-27T23:30:00Z', [tokyo])).toEqual([]);
    expect(due('2026-11-28T23:30:00Z', [tokyo])).toEqual([]); // Sunday 08:30
    expect(due('2026-11-29T23:30:00Z', [tokyo])).toEqual([{ id: 'test:team:c1', localDate: '2026-11-30', slotAt: '2026-11-29T23:00:00.000Z' }]);
    expect(due('2026-11-27T23:30:00Z', [{ ...tokyo, days: 'daily' }])).toHaveLength(1);
  });

  it('offers a time skipped by spring-forward at the end of the gap (02:30 New York at 07:30Z)', () => {
    const ny = subscriptionValue({ time: '02:30', timezone: 'America/New_York' });
    expect(due('2026-03-08T07:29:00Z', [ny])).toEqual([]);
    expect(due('2026-03-08T07:30:00Z', [ny])).toEqual([{ id: 'test:team:c1', localDate: '2026-03-08', slotAt: '2026-03-08T07:30:00.000Z' }]);
  });

  it('offers a repeated fall-back time from its first occurrence, under one date', () => {
    const ny = subscriptionValue({ time: '01:30', timezone: 'America/New_York' });
    expect(due('2026-11-01T05:30:00Z', [ny])).toEqual([{ id: 'test:team:c1', localDate: '2026-11-01', slotAt: '2026-11-01T05:30:00.000Z' }]);
    // The second 01:30 (EST) is the same slot, still within its grace: storage says it is done.
    expect(due('2026-11-01T06:30:00Z', [ny])).toEqual([{ id: 'test:team:c1', localDate: '2026-11-01', slotAt: '2026-11-01T05:30:00.000Z' }]);
  });

  it("offers yesterday's slot when a gap across midnight pushed it into today (America/Nuuk)", () => {
    const nuuk = subscriptionValue({ time: '23:30', timezone: 'America/Nuuk' });
    // Nuuk jumps from 23:00 to 00:00 on 2026-03-28; 23:30 that evening never happens.
    expect(due('2026-03-29T00:59:00Z', [nuuk])).toEqual([]);
    expect(due('2026-03-29T01:30:00Z', [nuuk])).toEqual([{ id: 'test:team:c1', localDate: '2026-03-28', slotAt: '2026-03-29T01:30:00.000Z' }]);
    // The next evening is ordinary again: 23:30 at -01:00.
    expect(due('2026-03-30T00:30:00Z', [nuuk])).toEqual([{ id: 'test:team:c1', localDate: '2026-03-29', slotAt: '2026-03-30T00:30:00.000Z' }]);
  });

  it('offers each slot only on its due day, at or after its time, and within the grace (any zone)', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        hhmm,
        fc.constantFrom('daily' as const, 'weekdays' as const),
        fc.integer({ min: Date.UTC(2020, 0, 1) / MINUTE, max: Date.UTC(2040, 0, 1) / MINUTE }),
        fc.integer({ min: 1, max: 12 * 60 }),
        (timezone, time, days, minute, graceMinutes) => {
          const now = new Date(minute * MINUTE);
          const sub = subscriptionValue({ time, timezone, days });
          for (const slot of dueSlots([sub], now, graceMinutes * MINUTE)) {
            expect(slot.slotAt.getTime()).toBeLessThanOrEqual(now.getTime());
            expect(now.getTime() - slot.slotAt.getTime()).toBeLessThan(graceMinutes * MINUTE);
            expect(localDateOf(now, timezone)).toBe(localDateOf(slot.slotAt, timezone));
            if (days === 'weekdays') expect([0, 6]).not.toContain(weekdayOf(slot.localDate));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
