import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DigestScheduler, DUPLICATE_WINDOW, type DeliverDigest } from '../../src/scheduling/digest-scheduler.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { deferred, MINUTE, manualClock, recordingLogger, recordingPlatform, subscribe, tickEveryMinute, type ManualClock, type RecordingPlatform } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

const LEASE = 10 * MINUTE;

for (const backend of testBackends) {
  const title = backend.available ? `replicas sharing one ${backend.name} database` : `replicas sharing one ${backend.name} database (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let platform: RecordingPlatform;

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T06:00:00Z');
      platform = recordingPlatform(clock.clock);
    });
    afterEach(async () => {
      await db.destroy();
    });

    /** A replica: its own connection (pool) to the shared database, its own owner name. */
    async function replica(owner: string, deliver: DeliverDigest = platform.deliver, concurrency = 4): Promise<DigestScheduler> {
      const storage: Storage = await db.connect();
      return new DigestScheduler({ storage, deliver, clock: clock.clock, owner, logger: recordingLogger(), leaseMs: LEASE, concurrency });
    }

    it('post once per slot when ticking at the same instants', async () => {
      const subs = [];
      for (let i = 0; i < 12; i++) {
        subs.push(await subscribe(db.storage, `c${i}`, { time: i % 2 ? '09:00' : '09:30', timezone: i % 3 ? 'Europe/Berlin' : 'UTC' }, clock.now()));
      }
      const replicas = [await replica('a', platform.deliver, 2), await replica('b', platform.deliver, 3), await replica('c')];
      const reports = await tickEveryMinute(clock, replicas, '2026-11-26T07:00:00Z', '2026-11-26T16:00:00Z');

      expect(platform.posts).toHaveLength(subs.length);
      expect(new Set(platform.posts.map((p) => p.subscriptionId))).toEqual(new Set(subs.map((s) => s.id)));
      // Each slot was offered to every replica; the ones that lost say why: the winner was
      // still delivering (claimed-elsewhere), or had posted.
      const skipped = reports.flatMap((r) => r.skipped);
      expect(skipped.length).toBeGreaterThanOrEqual(2 * subs.length);
      for (const s of skipped) expect(['claimed-elsewhere', 'already-posted']).toContain(s.reason);
      expect(reports.flatMap((r) => r.failed)).toEqual([]);
      // 540 minutes × 3 replicas of real database round trips: room for a busy machine.
    }, 90_000);

    it('retry a claim left by a crashed replica only after its lease runs out, and post once', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      // Replica A claimed the slot and died before posting.
      clock.set('2026-11-26T09:00:00Z');
      const crashed = await db.storage.claimSlot(sub.id, '2026-11-26', 'a', clock.now().getTime(), clock.now().getTime() + LEASE);
      expect(crashed?.attempt).toBe(1);

      const b = await replica('b');
      const before = await tickEveryMinute(clock, [b], '2026-11-26T09:01:00Z', '2026-11-26T09:10:00Z');
      expect(platform.posts).toEqual([]);
      expect(before.every((r) => r.skipped[0]?.reason === 'claimed-elsewhere')).toBe(true);

      const after = await tickEveryMinute(clock, [b], '2026-11-26T09:10:00Z', '2026-11-26T12:00:00Z');
      expect(platform.posts.map((p) => ({ at: p.at.toISOString(), attempt: p.attempt }))).toEqual([{ at: '2026-11-26T09:10:00.000Z', attempt: 2 }]);
      expect(after[0]?.posted[0]).toMatchObject({ subscriptionId: sub.id, attempt: 2, recorded: true });
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'posted', owner: 'b', attempts: 2 });
    });

    it('post twice in the documented window: the platform took the post, then the claim ran out before it was recorded', async () => {
      const sub = await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
      const aPosted = deferred();
      const aHangs = deferred();
      // A's post reaches the platform, then A stalls (or dies) before recording it.
      const slowPlatform = recordingPlatform(clock.clock);
      const a = await replica('a', async (job) => {
        const delivery = await slowPlatform.deliver(job);
        aPosted.resolve();
        await aHangs.promise;
        return delivery;
      });
      const b = await replica('b', slowPlatform.deliver);

      clock.set('2026-11-26T09:00:00Z');
      const aTick = a.tick();
      await aPosted.promise;
      await tickEveryMinute(clock, [b], '2026-11-26T09:01:00Z', '2026-11-26T09:11:00Z');
      expect(slowPlatform.posts.map((p) => p.at.toISOString())).toEqual(['2026-11-26T09:00:00.000Z', '2026-11-26T09:10:00.000Z']);

      aHangs.resolve();
      const aReport = await aTick;
      expect(aReport.posted).toEqual([expect.objectContaining({ subscriptionId: sub.id, attempt: 1, recorded: false })]);
      expect(await db.storage.getSlot(sub.id, '2026-11-26')).toMatchObject({ status: 'posted', owner: 'b', messageId: 'msg-2' });
      expect(DUPLICATE_WINDOW).toMatch(/lease/);
    });
  });
}
