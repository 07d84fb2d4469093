import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler, type DigestSchedulerOptions } from '../../src/scheduling/digest-scheduler.js';
import { zonedInstant } from '../../src/scheduling/zoned-time.js';
import type { Storage } from '../../src/ports/storage.port.js';
import {
  HOUR,
  manualClock,
  manualTicker,
  minutesThatMatter,
  recordingLogger,
  recordingPlatform,
  subscribe,
  tickAt,
  tickEveryMinute,
  type ManualClock,
  type RecordingPlatform,
} from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

for (const backend of testBackends) {
  const title = backend.available ? `DigestScheduler on ${backend.name}` : `DigestScheduler on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  // The tests below that tick every minute of a day make about 1,500 sequential round trips each
  // (PostgreSQL: a socket and another process per trip); with both cores busy that is tens of
  // seconds, correct but slow. The multi-day tests tick only at the minutes that matter.
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

    it('posts each subscription once per local date when ticked through two days, at its time', async () => {
      const subs = [
        await subscribe(db.storage, 'berlin', { time: '09:00', timezone: 'Europe/Berlin' }, clock.now()),
        await subscribe(db.storage, 'new-york', { time: '07:15', timezone: 'America/New_York' }, clock.now()),
        await subscribe(db.storage, 'tokyo-late', { time: '23:59', timezone: 'Asia/Tokyo' }, clock.now()),
        await subscribe(db.storage, 'kolkata-midnight', { time: '00:00', timezone: 'Asia/Kolkata' }, clock.now()),
      ];
      const from = new Date('2026-11-26T00:00:00Z');
      const to = new Date('2026-11-28T00:00:00Z');
      // Every minute where something can happen (each digest's minute and those around it, each
      // local midnight) and every quarter hour between: a few hundred ticks, not 2,880.
      const minutes = minutesThatMatter(subs, from, to);
      expect(minutes.length).toBeLessThan(400);
      const reports = await tickAt(clock, [scheduler()], minutes);

      for (const sub of subs) {
        // Every local date whose slot falls inside the two ticked days, exactly once, on time;
        // and one whose grace was still running at the first tick (Kolkata's midnight, 18:30Z
        // the day before), caught up by that tick.
        const expected = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']
          .map((d) => ({ localDate: d, slotAt: zonedInstant(d, sub.time, sub.timezone).getTime() }))
          .filter(({ slotAt }) => slotAt + 6 * HOUR > from.getTime() && slotAt < to.getTime())
          .map(({ localDate, slotAt }) => ({ localDate, at: new Date(Math.max(slotAt, from.getTime())).toISOString() }));
        expect(platform.postsFor(sub.id).map((p) => ({ localDate: p.localDate, at: p.at.toISOString() }))).toEqual(expected);
      }
      expect(reports.flatMap((r) => r.posted)).toHaveLength(platform.posts.length);
      expect(reports.flatMap((r) => r.failed)).toEqual([]);
    });

    it('records the message and its papers, and hands them to the next day as already posted', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const s = scheduler();
      clock.set('2026-11-26T09:00:00Z');
      const first = await s.tick();
      expect(first.posted).toEqual([{ subscriptionId: sub.id, localDate: '2026-11-26', attempt: 1, messageId: 'msg-1', paperIds: ['paper-2026-11-26-c1'], recorded: true }]);
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'posted', messageId: 'msg-1', owner: 'replica-a' });

      clock.set('2026-11-27T09:00:00Z');
      await s.tick();
      expect(platform.calls[1]?.postedPaperIds).toEqual(new Set(['paper-2026-11-26-c1']));
      expect(await db.storage.postedPaperIds(sub.id)).toEqual(new Set(['paper-2026-11-26-c1', 'paper-2026-11-27-c1']));
    });

    it('does not post again after a restart (new process, same database)', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'Europe/Berlin' }, clock.now());
      await tickEveryMinute(clock, [scheduler()], '2026-11-26T07:00:00Z', '2026-11-26T08:30:00Z');
      expect(platform.posts).toHaveLength(1);

      for (const owner of ['replica-a', 'replica-a-restarted']) {
        const restarted = scheduler({ owner }, await db.connect());
        clock.set('2026-11-26T08:31:00Z');
        const first = await restarted.start(manualTicker().ticker);
        expect(first?.skipped).toEqual([{ subscriptionId: sub.id, localDate: '2026-11-26', reason: 'already-posted' }]);
        await tickEveryMinute(clock, [restarted], '2026-11-26T08:32:00Z', '2026-11-26T23:00:00Z');
        await restarted.stop();
      }
      expect(platform.posts).toHaveLength(1);
    });

    describe('catch-up after a late start', () => {
      it('posts a 09:00 digest once when started an hour late', async () => {
        await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'Europe/Berlin' }, clock.now());
        clock.set('2026-11-26T09:00:00Z'); // 10:00 in Berlin
        const s = scheduler();
        const first = await s.start(manualTicker().ticker);
        expect(first?.posted.map((p) => p.localDate)).toEqual(['2026-11-26']);
        await tickEveryMinute(clock, [s], '2026-11-26T09:01:00Z', '2026-11-26T23:00:00Z');
        await s.stop();
        expect(platform.posts.map((p) => p.at.toISOString())).toEqual(['2026-11-26T09:00:00.000Z']);
      });

      it('does not post it when started 7 hours late (default grace 6 h)', async () => {
        await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'Europe/Berlin' }, clock.now());
        clock.set('2026-11-26T15:00:00Z'); // 16:00 in Berlin
        const s = scheduler();
        const first = await s.start(manualTicker().ticker);
        expect(first).toMatchObject({ status: 'ran', due: 0, posted: [] });
        await tickEveryMinute(clock, [s], '2026-11-26T15:01:00Z', '2026-11-26T23:00:00Z');
        await s.stop();
        expect(platform.posts).toEqual([]);
      });

      it('takes the grace from the options', async () => {
        await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'Europe/Berlin' }, clock.now());
        clock.set('2026-11-26T15:00:00Z');
        const first = await scheduler({ catchUpMs: 8 * HOUR }).tick();
        expect(first.posted).toHaveLength(1);
        clock.set('2026-11-26T08:30:00Z');
        expect((await scheduler({ catchUpMs: 15 * 60_000 }).tick()).due).toBe(0);
      });
    });

    describe('daylight saving time', () => {
      async function postsOver(time: string, timezone: string, from: string, to: string) {
        const sub = await subscribe(db.storage, `${timezone}-${time}-${from}`, { time, timezone }, new Date(from));
        await tickEveryMinute(clock, [scheduler()], from, to);
        return platform.postsFor(sub.id).map((p) => `${p.localDate} ${p.at.toISOString()}`);
      }

      it('posts a 02:30 New York digest once on the spring-forward day, at 03:30 EDT', async () => {
        // Local midnight to local midnight of 2026-03-08, a 23-hour day.
        expect(await postsOver('02:30', 'America/New_York', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toEqual(['2026-03-08 2026-03-08T07:30:00.000Z']);
      });

      it('posts a 02:30 New York digest once on the fall-back day', async () => {
        expect(await postsOver('02:30', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toEqual(['2026-11-01 2026-11-01T07:30:00.000Z']);
      });

      it('posts a 01:30 New York digest once on the fall-back day, although 01:30 happens twice', async () => {
        expect(await postsOver('01:30', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toEqual(['2026-11-01 2026-11-01T05:30:00.000Z']);
      });

      it('does the same in Europe/Berlin', async () => {
        expect(await postsOver('02:30', 'Europe/Berlin', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toEqual(['2026-03-29 2026-03-29T01:30:00.000Z']);
        expect(await postsOver('02:30', 'Europe/Berlin', '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toEqual(['2026-10-25 2026-10-25T00:30:00.000Z']);
      });
    });

    it('skips Saturday and Sunday in the subscription’s own zone', async () => {
      const weekdays = await subscribe(db.storage, 'tokyo-weekdays', { time: '08:00', timezone: 'Asia/Tokyo', days: 'weekdays' }, clock.now());
      const daily = await subscribe(db.storage, 'tokyo-daily', { time: '08:00', timezone: 'Asia/Tokyo' }, clock.now());
      // Friday 2026-11-27 12:00 UTC (21:00 in Tokyo) to Monday 2026-11-30 00:00 UTC (09:00 Monday in Tokyo).
      // Friday 23:00 UTC is already Saturday 08:00 in Tokyo.
      await tickAt(clock, [scheduler()], minutesThatMatter([weekdays, daily], '2026-11-27T12:00:00Z', '2026-11-30T00:00:00Z'));
      expect(platform.postsFor(weekdays.id).map((p) => p.localDate)).toEqual(['2026-11-30']);
      expect(platform.postsFor(daily.id).map((p) => p.localDate)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    });

    it('never posts for a disabled subscription', async () => {
      const off = await subscribe(db.storage, 'off', { time: '09:00', timezone: 'UTC' }, clock.now());
      await subscribe(db.storage, 'on', { time: '09:00', timezone: 'UTC' }, clock.now());
      await db.disableSubscription(off.id);
      expect((await db.storage.getSubscription(off))?.enabled).toBe(false);
      await tickEveryMinute(clock, [scheduler()], '2026-11-26T08:00:00Z', '2026-11-26T20:00:00Z');
      expect(platform.posts.map((p) => p.subscriptionId)).toEqual(['test:team:on']);
    });
  });
}
