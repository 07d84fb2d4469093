import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/scheduling/delivery-error.js';
import { DigestScheduler, type DigestSchedulerOptions } from '../../src/scheduling/digest-scheduler.js';
import { dueSlots } from '../../src/scheduling/due-slots.js';
import type { Storage } from '../../src/ports/storage.port.js';
import type { Weekday } from '../../src/subscriptions/subscription.js';
import {
  HOUR,
  manualClock,
  minutesThatMatter,
  recordingLogger,
  recordingPlatform,
  subscribe,
  subscriptionValue,
  tickAt,
  tickEveryMinute,
  type ManualClock,
  type RecordingPlatform,
} from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

/** Ticks at the minutes that matter for these subscriptions, sampling every two hours between (weeks, not days). */
const SAMPLE_MINUTES = 120;

describe('dueSlots for a weekly digest', () => {
  const monday = subscriptionValue({ time: '09:00', timezone: 'Europe/Berlin', days: 'monday' });

  it('is due on its weekday only, keyed by the local ISO week, with the day it is due on', () => {
    expect(dueSlots([monday], new Date('2026-11-30T08:00:00Z'))).toEqual([{ subscription: monday, localDate: '2026-W49', day: '2026-11-30', slotAt: new Date('2026-11-30T08:00:00Z') }]);
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']) {
      expect(dueSlots([monday], new Date(`${day}T08:30:00Z`))).toEqual([]);
    }
  });

  it('is due for six hours after its time, never into the next local day', () => {
    expect(dueSlots([monday], new Date('2026-11-30T13:59:00Z'))).toHaveLength(1);
    expect(dueSlots([monday], new Date('2026-11-30T14:00:00Z'))).toEqual([]);
    const late = subscriptionValue({ time: '21:00', timezone: 'Europe/Berlin', days: 'monday' });
    expect(dueSlots([late], new Date('2026-11-30T22:59:00Z'))).toHaveLength(1);
    expect(dueSlots([late], new Date('2026-11-30T23:00:00Z'))).toEqual([]); // Tuesday in Berlin
  });

  it('takes the week of the subscriber’s own date, not of UTC', () => {
    // Sunday 3 January 2027, 23:30 in Los Angeles, is already Monday (week 1 of 2027) in UTC.
    const la = subscriptionValue({ time: '23:30', timezone: 'America/Los_Angeles', days: 'sunday' });
    expect(dueSlots([la], new Date('2027-01-04T07:30:00Z'))).toMatchObject([{ localDate: '2026-W53', day: '2027-01-03' }]);
  });
});

for (const backend of testBackends) {
  const title = backend.available ? `weekly digests on ${backend.name}` : `weekly digests on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, { timeout: 60_000 }, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let platform: RecordingPlatform;

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T00:00:00Z');
      platform = recordingPlatform(clock.clock);
    });
    afterEach(async () => {
      await db.destroy();
    });

    function scheduler(options: Partial<DigestSchedulerOptions> = {}, storage: Storage = db.storage): DigestScheduler {
      return new DigestScheduler({ storage, deliver: platform.deliver, clock: clock.clock, owner: 'replica-a', logger: recordingLogger(), ...options });
    }

    const weekly = (channel: string, days: Weekday, time: string, timezone: string) => subscribe(db.storage, channel, { time, timezone, days }, clock.now());
    const posted = (id: string) => platform.postsFor(id).map((p) => `${p.localDate} ${p.at.toISOString()}`);

    it('posts once a week, on its day, across repeated ticks and a restart', async () => {
      const sub = await weekly('berlin', 'monday', '09:00', 'Europe/Berlin');
      // Every minute of Monday morning, then a restarted process (same database) ticking through the rest of two weeks.
      await tickEveryMinute(clock, [scheduler()], '2026-11-30T07:55:00Z', '2026-11-30T09:00:00Z');
      const restarted = scheduler({ owner: 'restarted' }, await db.connect());
      await tickEveryMinute(clock, [restarted], '2026-11-30T09:00:00Z', '2026-11-30T09:30:00Z');
      await tickAt(clock, [restarted], minutesThatMatter([sub], '2026-11-30T09:30:00Z', '2026-12-14T00:00:00Z', SAMPLE_MINUTES));

      expect(posted(sub.id)).toEqual(['2026-W49 2026-11-30T08:00:00.000Z', '2026-W50 2026-12-07T08:00:00.000Z']);
      expect(platform.calls.map((job) => job.day)).toEqual(['2026-11-30', '2026-12-07']);
      expect(await db.storage.getSlot(sub.id, '2026-W49')).toMatchObject({ status: 'posted', owner: 'replica-a', attempts: 1 });
      expect(await db.storage.getSlot(sub.id, '2026-W50')).toMatchObject({ status: 'posted', owner: 'restarted', attempts: 1 });
    });

    it('catches up a start up to six hours late on its day, and not after', async () => {
      const sub = await weekly('berlin', 'monday', '09:00', 'Europe/Berlin');
      clock.set('2026-11-30T13:30:00Z');
      expect((await scheduler().tick()).posted).toMatchObject([{ subscriptionId: sub.id, localDate: '2026-W49' }]);

      // The next week, a process that starts seven hours late posts nothing, then or on the following days.
      const late = scheduler({ owner: 'late' }, await db.connect());
      await tickAt(clock, [late], minutesThatMatter([sub], '2026-12-07T15:00:00Z', '2026-12-14T00:00:00Z', SAMPLE_MINUTES));
      expect(posted(sub.id)).toEqual(['2026-W49 2026-11-30T13:30:00.000Z']);
    });

    it('runs beside the channel’s daily digest, each with its own slots and its own record of posted papers', async () => {
      const daily = await subscribe(db.storage, 'both', { time: '09:00', timezone: 'UTC', days: 'daily' }, clock.now());
      const week = await weekly('both', 'monday', '09:00', 'UTC');
      expect(week.id).toBe(`${daily.id}:weekly`);
      await tickAt(clock, [scheduler()], minutesThatMatter([daily], '2026-11-30T00:00:00Z', '2026-12-08T00:00:00Z', SAMPLE_MINUTES));
      expect(platform.postsFor(daily.id)).toHaveLength(8);
      expect(posted(week.id)).toEqual(['2026-W49 2026-11-30T09:00:00.000Z', '2026-W50 2026-12-07T09:00:00.000Z']);
      const secondWeekly = platform.calls.find((job) => job.subscription.id === week.id && job.localDate === '2026-W50')!;
      expect([...secondWeekly.postedPaperIds]).toEqual(['paper-2026-W49-both']);
    });

    it('marks a weekly digest whose channel is gone failing, leaves it for that week, and recovers the next', async () => {
      const sub = await weekly('gone', 'monday', '09:00', 'UTC');
      let gone = true;
      const failing = recordingPlatform(clock.clock, () => {
        if (gone) throw new DeliveryError('channel_not_found: the channel was deleted', { permanent: true });
      });
      const s = scheduler({ deliver: failing.deliver });
      await tickEveryMinute(clock, [s], '2026-11-30T09:00:00Z', '2026-11-30T09:30:00Z');
      expect(failing.calls).toHaveLength(1);
      expect((await db.storage.getSubscription({ ...sub, kind: 'weekly' }))?.failing).toBe('channel_not_found: the channel was deleted');
      await tickAt(clock, [s], minutesThatMatter([sub], '2026-11-30T09:30:00Z', '2026-12-07T00:00:00Z', SAMPLE_MINUTES));
      expect(failing.calls).toHaveLength(1);

      gone = false; // the bot was invited back
      await tickAt(clock, [s], minutesThatMatter([sub], '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z', SAMPLE_MINUTES));
      expect(failing.posts.map((p) => p.localDate)).toEqual(['2026-W50']);
      expect((await db.storage.getSubscription(sub))?.failing).toBeUndefined();
    });

    it('says which day was missed when retries run out', async () => {
      const sub = await weekly('limited', 'monday', '09:00', 'UTC');
      const limited = recordingPlatform(clock.clock, () => {
        throw new DeliveryError('rate limited', { permanent: false, retryAfterMs: 7 * HOUR });
      });
      await tickEveryMinute(clock, [scheduler({ deliver: limited.deliver })], '2026-11-30T09:00:00Z', '2026-11-30T09:05:00Z');
      expect((await db.storage.getSubscription(sub))?.failing).toMatch(/^no digest on 2026-11-30 after 1 attempts: rate limited/);
    });

    describe('across daylight saving changes in Europe/Berlin', () => {
      it('posts a Sunday 02:30 digest once a week when that time falls into the spring gap, at 03:30 CEST', async () => {
        clock.set('2026-03-20T00:00:00Z');
        const sub = await weekly('gap', 'sunday', '02:30', 'Europe/Berlin');
        await tickAt(clock, [scheduler()], minutesThatMatter([sub], '2026-03-20T00:00:00Z', '2026-04-06T00:00:00Z', SAMPLE_MINUTES));
        expect(posted(sub.id)).toEqual([
          '2026-W12 2026-03-22T01:30:00.000Z', // 02:30 CET
          '2026-W13 2026-03-29T01:30:00.000Z', // 02:30 does not exist that night: 03:30 CEST
          '2026-W14 2026-04-05T00:30:00.000Z', // 02:30 CEST
        ]);
      });

      it('posts a Sunday 02:30 digest once when 02:30 happens twice in autumn', async () => {
        clock.set('2026-10-16T00:00:00Z');
        const sub = await weekly('twice', 'sunday', '02:30', 'Europe/Berlin');
        const s = scheduler();
        await tickAt(clock, [s], minutesThatMatter([sub], '2026-10-16T00:00:00Z', '2026-11-02T00:00:00Z', SAMPLE_MINUTES));
        // Both 02:30s of 25 October, every minute: the first one posts, the second finds the week done.
        await tickEveryMinute(clock, [s], '2026-10-25T00:25:00Z', '2026-10-25T01:35:00Z');
        expect(posted(sub.id)).toEqual(['2026-W42 2026-10-18T00:30:00.000Z', '2026-W43 2026-10-25T00:30:00.000Z', '2026-W44 2026-11-01T01:30:00.000Z']);
      });

      it('keeps a Monday 09:00 digest at 09:00 local time in the weeks either side of the change', async () => {
        clock.set('2026-03-20T00:00:00Z');
        const sub = await weekly('monday', 'monday', '09:00', 'Europe/Berlin');
        await tickAt(clock, [scheduler()], minutesThatMatter([sub], '2026-03-20T00:00:00Z', '2026-04-01T00:00:00Z', SAMPLE_MINUTES));
        expect(posted(sub.id)).toEqual(['2026-W13 2026-03-23T08:00:00.000Z', '2026-W14 2026-03-30T07:00:00.000Z']);
      });
    });

    describe('across a year boundary', () => {
      it('posts in ISO week 53 of 2026 and then in week 1 of 2027, a week that spans new year counted once', async () => {
        clock.set('2026-12-20T00:00:00Z');
        const monday = await weekly('utc-monday', 'monday', '09:00', 'UTC');
        const friday = await weekly('tokyo-friday', 'friday', '08:00', 'Asia/Tokyo');
        const sunday = await weekly('la-sunday', 'sunday', '23:30', 'America/Los_Angeles');
        await tickAt(clock, [scheduler()], minutesThatMatter([monday, friday, sunday], '2026-12-20T00:00:00Z', '2027-01-12T00:00:00Z', SAMPLE_MINUTES));
        expect(posted(monday.id)).toEqual(['2026-W52 2026-12-21T09:00:00.000Z', '2026-W53 2026-12-28T09:00:00.000Z', '2027-W01 2027-01-04T09:00:00.000Z', '2027-W02 2027-01-11T09:00:00.000Z']);
        // Friday 1 January 2027, 08:00 in Tokyo (still 31 December in UTC), is in 2026's week 53.
        expect(posted(friday.id)).toEqual(['2026-W52 2026-12-24T23:00:00.000Z', '2026-W53 2026-12-31T23:00:00.000Z', '2027-W01 2027-01-07T23:00:00.000Z']);
        // Sunday 3 January, 23:30 in Los Angeles, is Monday in UTC: still the local week 53.
        expect(posted(sunday.id)).toEqual(['2026-W51 2026-12-21T07:30:00.000Z', '2026-W52 2026-12-28T07:30:00.000Z', '2026-W53 2027-01-04T07:30:00.000Z', '2027-W01 2027-01-11T07:30:00.000Z']);
      });

      it('does the same in 2020, the previous year with a week 53', async () => {
        clock.set('2020-12-20T00:00:00Z');
        const sub = await weekly('2020', 'thursday', '12:00', 'UTC');
        await tickAt(clock, [scheduler()], minutesThatMatter([sub], '2020-12-20T00:00:00Z', '2021-01-10T00:00:00Z', SAMPLE_MINUTES));
        expect(posted(sub.id)).toEqual(['2020-W52 2020-12-24T12:00:00.000Z', '2020-W53 2020-12-31T12:00:00.000Z', '2021-W01 2021-01-07T12:00:00.000Z']);
      });
    });

    it('posts once per week with three replicas ticking together', async () => {
      const subs = [
        await weekly('r1', 'monday', '09:00', 'Europe/Berlin'),
        await weekly('r2', 'monday', '09:00', 'UTC'),
        await weekly('r3', 'wednesday', '07:30', 'America/New_York'),
        await weekly('r4', 'sunday', '23:59', 'Asia/Tokyo'),
      ];
      // Each replica its own connection and owner, as separate processes would be.
      const replicas = [scheduler({ owner: 'a' }, await db.connect()), scheduler({ owner: 'b' }, await db.connect()), scheduler({ owner: 'c' }, await db.connect())];
      await tickAt(clock, replicas, minutesThatMatter(subs, '2026-11-29T00:00:00Z', '2026-12-08T00:00:00Z', SAMPLE_MINUTES));
      for (const sub of subs) {
        const weeks = platform.postsFor(sub.id).map((p) => p.localDate);
        expect(weeks.length).toBeGreaterThanOrEqual(1);
        expect(new Set(weeks).size).toBe(weeks.length);
      }
      expect(platform.postsFor(subs[0]!.id).map((p) => p.localDate)).toEqual(['2026-W49', '2026-W50']);
      expect(platform.postsFor(subs[2]!.id).map((p) => p.localDate)).toEqual(['2026-W49']);
    });
  });
}
