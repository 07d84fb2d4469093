import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/scheduling/delivery-error.js';
import { DigestScheduler } from '../../src/scheduling/digest-scheduler.js';
import type { DigestJob } from '../../src/scheduling/digest-scheduler.js';
import { MINUTE, manualClock, recordingLogger, recordingPlatform, subscribe, tickEveryMinute, type LogEntry, type ManualClock } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

const channelGone = (): DeliveryError => new DeliveryError('channel_not_found: the channel was deleted', { permanent: true });
const rateLimited = (retryAfterMs?: number): DeliveryError => new DeliveryError('rate limited', retryAfterMs === undefined ? { permanent: false } : { permanent: false, retryAfterMs });

for (const backend of testBackends) {
  const title = backend.available ? `delivery failures on ${backend.name}` : `delivery failures on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let logs: LogEntry[];

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T06:00:00Z');
    });
    afterEach(async () => {
      await db.destroy();
    });

    /** A scheduler whose platform fails as `failures` says: channel → errors for its attempts 1, 2, …. */
    function schedulerWith(failures: Record<string, (Error | undefined)[]>, concurrency = 4) {
      const attempts: string[] = [];
      const platform = recordingPlatform(clock.clock, (job: DigestJob) => {
        attempts.push(`${job.subscription.channel} #${job.attempt} ${clock.now().toISOString().slice(11, 16)}`);
        const error = failures[job.subscription.channel]?.[job.attempt - 1];
        if (error) throw error;
      });
      const logger = recordingLogger();
      logs = logger.entries;
      const scheduler = new DigestScheduler({ storage: db.storage, deliver: platform.deliver, clock: clock.clock, owner: 'replica-a', logger, concurrency });
      return { scheduler, platform, attempts };
    }

    it('mark a channel that is gone as failing, do not retry it that day, and still post the others in the same tick', async () => {
      const gone = await subscribe(db.storage, 'gone', { time: '09:00', timezone: 'UTC' }, clock.now());
      const ok = await subscribe(db.storage, 'ok', { time: '09:00', timezone: 'UTC' }, clock.now());
      const { scheduler, attempts } = schedulerWith({ gone: [channelGone(), channelGone()] }, 1); // one at a time: the failure goes first

      clock.set('2026-11-26T09:00:00Z');
      const report = await scheduler.tick();
      expect(report.posted.map((p) => p.subscriptionId)).toEqual([ok.id]);
      expect(report.failed).toEqual([
        { subscriptionId: gone.id, localDate: '2026-11-26', attempt: 1, reason: 'channel_not_found: the channel was deleted', permanent: true, retryAt: Number.POSITIVE_INFINITY },
      ]);
      expect((await db.storage.getSubscription(gone))?.failing).toBe('channel_not_found: the channel was deleted');
      expect((await db.storage.getSubscription(ok))?.failing).toBeUndefined();

      await tickEveryMinute(clock, [scheduler], '2026-11-26T09:01:00Z', '2026-11-27T00:00:00Z');
      expect(attempts).toEqual(['gone #1 09:00', 'ok #1 09:00']);
      // A fresh scheduler (restart) does not retry it either: the slot is closed in storage.
      const { scheduler: restarted, platform: after } = schedulerWith({});
      clock.set('2026-11-26T10:00:00Z');
      expect((await restarted.tick()).skipped).toEqual(expect.arrayContaining([{ subscriptionId: gone.id, localDate: '2026-11-26', reason: 'failed-for-today' }]));
      expect(after.calls).toEqual([]);
    });

    it('try a failing subscription again the next day, and clear the mark when it works', async () => {
      const gone = await subscribe(db.storage, 'gone', { time: '09:00', timezone: 'UTC' }, clock.now());
      const day1 = schedulerWith({ gone: [channelGone()] });
      await tickEveryMinute(clock, [day1.scheduler], '2026-11-26T08:00:00Z', '2026-11-26T10:00:00Z');
      expect((await db.storage.getSubscription(gone))?.failing).toBeDefined();
      expect(day1.platform.posts).toEqual([]);

      // Someone restored the bot's access overnight.
      const day2 = schedulerWith({});
      await tickEveryMinute(clock, [day2.scheduler], '2026-11-27T08:00:00Z', '2026-11-27T10:00:00Z');
      expect(day2.attempts).toEqual(['gone #1 09:00']);
      expect(day2.platform.posts.map((p) => p.localDate)).toEqual(['2026-11-27']);
      expect((await db.storage.getSubscription(gone))?.failing).toBeUndefined();
    });

    it('retry a transient failure after the backoff and not before, honouring Retry-After, then clear failing', async () => {
      const flaky = await subscribe(db.storage, 'flaky', { time: '09:00', timezone: 'UTC' }, clock.now());
      await db.storage.setSubscriptionFailing(flaky, 'failed yesterday', clock.now().getTime());
      // Attempt 1: no Retry-After → 1 min. Attempt 2: Retry-After 5 min beats the 2-min backoff. Attempt 3 works.
      const { scheduler, platform, attempts } = schedulerWith({ flaky: [rateLimited(), rateLimited(5 * MINUTE)] });

      const reports = await tickEveryMinute(clock, [scheduler], '2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z');
      expect(attempts).toEqual(['flaky #1 09:00', 'flaky #2 09:01', 'flaky #3 09:06']);
      const failed = reports.flatMap((r) => r.failed);
      expect(failed.map((f) => [f.attempt, new Date(f.retryAt).toISOString(), f.permanent])).toEqual([
        [1, '2026-11-26T09:01:00.000Z', false],
        [2, '2026-11-26T09:06:00.000Z', false],
      ]);
      // Between 09:02 and 09:05 the slot was waiting, not retried.
      expect(reports.filter((r) => r.skipped[0]?.reason === 'waiting-to-retry').map((r) => r.at.toISOString().slice(11, 16))).toEqual(['09:02', '09:03', '09:04', '09:05']);
      expect(platform.posts).toHaveLength(1);
      expect((await db.storage.getSubscription(flaky))?.failing).toBeUndefined();
      expect(logs.filter((l) => l.level === 'warn' && l.message.includes('will retry'))).toHaveLength(2);
    });

    it('contain an unexpected exception in deliver: logged with the error, retried, other channels unaffected', async () => {
      const buggy = await subscribe(db.storage, 'buggy', { time: '09:00', timezone: 'UTC' }, clock.now());
      const fine = await subscribe(db.storage, 'fine', { time: '09:00', timezone: 'UTC' }, clock.now());
      const bug = new TypeError("Cannot read properties of undefined (reading 'title')");
      const { scheduler, platform } = schedulerWith({ buggy: [bug] }, 1);

      clock.set('2026-11-26T09:00:00Z');
      const first = await scheduler.tick();
      expect(first.posted.map((p) => p.subscriptionId)).toEqual([fine.id]);
      expect(first.failed).toEqual([expect.objectContaining({ subscriptionId: buggy.id, attempt: 1, permanent: false, retryAt: Date.parse('2026-11-26T09:01:00Z') })]);
      const logged = logs.find((l) => l.level === 'error');
      expect(logged?.fields).toMatchObject({ subscriptionId: buggy.id, localDate: '2026-11-26', attempt: 1, owner: 'replica-a', error: { type: 'TypeError', message: bug.message, stack: bug.stack } });
      expect((await db.storage.getSubscription(buggy))?.failing).toBeUndefined(); // a bug of ours is not the channel's fault

      clock.set('2026-11-26T09:01:00Z');
      expect((await scheduler.tick()).posted).toEqual([expect.objectContaining({ subscriptionId: buggy.id, attempt: 2 })]);
      expect(platform.posts.map((p) => p.subscriptionId)).toEqual([fine.id, buggy.id]);
    });

    it('give up for the day when the next retry would fall after the catch-up window', async () => {
      const limited = await subscribe(db.storage, 'limited', { time: '09:00', timezone: 'UTC' }, clock.now());
      const { scheduler, attempts } = schedulerWith({ limited: [rateLimited(7 * 60 * MINUTE)] });
      const reports = await tickEveryMinute(clock, [scheduler], '2026-11-26T09:00:00Z', '2026-11-26T16:00:00Z');
      expect(attempts).toEqual(['limited #1 09:00']);
      expect(reports[1]?.skipped).toEqual([{ subscriptionId: limited.id, localDate: '2026-11-26', reason: 'failed-for-today' }]);
      expect(logs.some((l) => l.message.includes('no retry fits today'))).toBe(true);
      // A channel that got no digest today says so in /papers subscriptions.
      expect((await db.storage.getSubscription(limited))?.failing).toMatch(/^no digest on 2026-11-26 after 1 attempts: /);
    });

    it('log an SDK error without the request it carries (message text, token)', async () => {
      await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const sdkError = Object.assign(new Error('Request failed with status 500'), {
        requestBody: { json: { content: 'Today in papers: NoProp…' } },
        headers: { authorization: 'Bot xoxb-secret-token' },
      });
      const { scheduler } = schedulerWith({ c1: [sdkError] });
      clock.set('2026-11-26T09:00:00Z');
      expect((await scheduler.tick()).failed).toHaveLength(1);
      const logged = JSON.stringify(logs);
      expect(logged).toContain('Request failed with status 500');
      expect(logged).not.toContain('Today in papers');
      expect(logged).not.toContain('xoxb-secret-token');
    });

    it('log structured fields for a posted digest, and no message text', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const { scheduler } = schedulerWith({});
      clock.set('2026-11-26T09:00:00Z');
      await scheduler.tick();
      const posted = logs.find((l) => l.message === 'digest posted');
      expect(posted?.fields).toEqual({ subscriptionId: sub.id, platform: 'test', localDate: '2026-11-26', owner: 'replica-a', attempt: 1, messageId: 'msg-1', papers: 1 });
    });
  });
}
