import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler, DUPLICATE_WINDOW, type DigestSchedulerOptions } from '../../src/scheduling/digest-scheduler.js';
import type { Sleep } from '../../src/scheduling/record-post.js';
import { clockSleep, deferred, MINUTE, manualClock, recordingLogger, recordingPlatform, subscribe, tickEveryMinute, type LogEntry, type ManualClock } from '../helpers/scheduling-harness.js';
import { testBackends, withRecordOutage, type TestDatabase } from '../helpers/scheduling-storage.js';

/**
 * The platform accepted the digest, then the database would not take its record: the
 * scheduler keeps trying while the claim's lease lasts, so a short outage posts nothing
 * twice; a longer one ends in the documented duplicate. No real waiting: the scheduler's
 * sleep moves the test's clock.
 */
for (const backend of testBackends) {
  const title = backend.available
    ? `recording a post through a database outage on ${backend.name}`
    : `recording a post through a database outage on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T06:00:00Z');
    });
    afterEach(async () => {
      await db.destroy();
    });

    /** The database is unreachable for recording posts until `until`. */
    function outageUntil(until: string) {
      return withRecordOutage(db.storage, () => clock.now().getTime() < Date.parse(until));
    }

    function scheduler(options: Partial<DigestSchedulerOptions> & Pick<DigestSchedulerOptions, 'storage' | 'deliver'>) {
      const logger = recordingLogger();
      const s = new DigestScheduler({ clock: clock.clock, owner: 'replica-a', logger, ...options });
      return { s, logs: logger.entries };
    }

    const recordWarnings = (logs: LogEntry[]) => logs.filter((e) => e.level === 'warn' && e.message.startsWith('digest posted but recording it failed')).map((e) => e.fields['recordAttempt']);

    it('records the post once a 40-second outage is over, and never posts that digest again', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const platform = recordingPlatform(clock.clock);
      const outage = outageUntil('2026-11-26T09:00:40Z');
      const { sleep, waits } = clockSleep(clock);
      const { s, logs } = scheduler({ storage: outage.storage, deliver: platform.deliver, sleep });

      clock.set('2026-11-26T09:00:00Z');
      const report = await s.tick();
      expect(report.posted).toEqual([expect.objectContaining({ subscriptionId: sub.id, attempt: 1, recorded: true })]);
      // Tried at 0, 1, 3, 7, 15, 31 s (down) and 61 s (back).
      expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
      expect(outage.recordTries()).toBe(7);
      expect(recordWarnings(logs)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(logs.filter((e) => e.level === 'error')).toEqual([]);
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'posted', messageId: 'msg-1' });

      // Past the lease, this process and a restarted one leave it alone.
      await tickEveryMinute(clock, [s], '2026-11-26T09:02:00Z', '2026-11-26T09:30:00Z');
      const { s: restarted } = scheduler({ storage: await db.connect(), deliver: platform.deliver, owner: 'replica-a-restarted' });
      expect((await restarted.tick()).skipped).toEqual([{ subscriptionId: sub.id, localDate: '2026-11-26', reason: 'already-posted' }]);
      expect(platform.posts).toHaveLength(1);
    });

    it('gives up when the lease runs out during a longer outage, and the next claim posts again (the documented duplicate)', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const platform = recordingPlatform(clock.clock);
      const outage = outageUntil('2026-11-26T09:03:00Z');
      const { sleep, waits } = clockSleep(clock);
      const { s, logs } = scheduler({ storage: outage.storage, deliver: platform.deliver, sleep, leaseMs: 2 * MINUTE });

      clock.set('2026-11-26T09:00:00Z');
      const first = await s.tick();
      expect(first.posted).toEqual([expect.objectContaining({ attempt: 1, recorded: false })]);
      // The last wait ends exactly at the lease's end (09:02:00), for one last try.
      expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 29000]);
      expect(clock.now().toISOString()).toBe('2026-11-26T09:02:00.000Z');
      expect(recordWarnings(logs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(logs.filter((e) => e.level === 'error')).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/not recorded before its lease ran out/),
          fields: expect.objectContaining({ subscriptionId: sub.id, recordAttempt: 9, messageId: 'msg-1' }),
        }),
      ]);
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'claimed', attempts: 1 });

      await tickEveryMinute(clock, [s], '2026-11-26T09:02:00Z', '2026-11-26T09:20:00Z');
      expect(platform.posts.map((p) => `#${p.attempt} ${p.at.toISOString().slice(11, 19)}`)).toEqual(['#1 09:00:00', '#2 09:02:00']);
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'posted', messageId: 'msg-2' });
      expect(DUPLICATE_WINDOW).toMatch(/unreachable for longer than the lease/);
    });

    it('stops retrying the record at the shutdown deadline, leaving the slot claimed for the lease to expire', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const platform = recordingPlatform(clock.clock);
      const outage = outageUntil('2026-11-27T00:00:00Z');
      const asleep = deferred();
      // Waits until the shutdown deadline aborts it, however long it was asked for.
      const sleep: Sleep = (_ms, signal) => {
        asleep.resolve();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      };
      const { s, logs } = scheduler({ storage: outage.storage, deliver: platform.deliver, sleep });

      clock.set('2026-11-26T09:00:00Z');
      const tick = s.tick();
      await asleep.promise;
      const deadline = new AbortController();
      let stopped = false;
      const stopping = s.stop(deadline.signal).then(() => (stopped = true));
      for (let i = 0; i < 50; i++) await Promise.resolve();
      expect(stopped).toBe(false); // before the deadline, the record still gets its chance

      deadline.abort();
      await stopping;
      expect((await tick).posted).toEqual([expect.objectContaining({ subscriptionId: sub.id, recorded: false })]);
      expect(logs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            level: 'warn',
            message: expect.stringMatching(/^shutdown deadline: leaving digests in flight/),
            fields: expect.objectContaining({ abandoned: [{ subscriptionId: sub.id, localDate: '2026-11-26', stage: 'recording' }] }),
          }),
          expect.objectContaining({ level: 'error', message: expect.stringMatching(/^shutdown deadline: digest posted but not recorded/) }),
        ]),
      );
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'claimed' });
    });

    it('resolves stop() at the deadline while a delivery hangs, naming the slot it leaves', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const posting = deferred();
      const platform = recordingPlatform(clock.clock, () => {
        posting.resolve();
        return new Promise<void>(() => {}); // the platform never answers
      });
      const { s, logs } = scheduler({ storage: db.storage, deliver: platform.deliver });
      clock.set('2026-11-26T09:00:00Z');
      void s.tick();
      await posting.promise;
      await s.stop(AbortSignal.abort());
      expect(logs).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ abandoned: [{ subscriptionId: sub.id, localDate: '2026-11-26', stage: 'posting' }] }) })]);
    });
  });
}
