import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DigestScheduler } from '../../src/scheduling/digest-scheduler.js';
import { deferred, MINUTE, manualClock, manualTicker, recordingLogger, recordingPlatform, subscribe, type Deferred, type ManualClock, type RecordingPlatform } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

// Lifecycle does not depend on the database; SQLite is enough.
const sqlite = testBackends.find((b) => b.name === 'sqlite')!;

describe('DigestScheduler start and stop', () => {
  let db: TestDatabase;
  let clock: ManualClock;
  let platform: RecordingPlatform;
  let gate: Deferred;
  let entered: Deferred;
  let scheduler: DigestScheduler;

  beforeEach(async () => {
    db = await sqlite.open();
    clock = manualClock('2026-11-26T09:00:00Z');
    gate = deferred();
    entered = deferred();
    // A slow platform: each delivery waits until the test opens the gate.
    platform = recordingPlatform(clock.clock, async () => {
      entered.resolve();
      await gate.promise;
    });
    scheduler = new DigestScheduler({ storage: db.storage, deliver: platform.deliver, clock: clock.clock, owner: 'replica-a', logger: recordingLogger() });
    await subscribe(db.storage, 'c1', { time: '09:00', timezone: 'UTC' }, clock.now());
  });
  afterEach(async () => {
    gate.resolve();
    await scheduler.stop();
    await db.destroy();
  });

  it('ticks at once on start (catch-up), then on every tick of the ticker', async () => {
    gate.resolve();
    const ticker = manualTicker();
    const first = await scheduler.start(ticker.ticker);
    expect(ticker.started()).toBe(true);
    expect(first?.posted).toHaveLength(1);

    await subscribe(db.storage, 'c2', { time: '09:01', timezone: 'UTC' }, clock.now());
    clock.set('2026-11-26T09:01:00Z');
    ticker.fire();
    await vi.waitFor(() => expect(platform.posts.map((p) => p.subscriptionId)).toEqual(['test:team:c1', 'test:team:c2']));
    await scheduler.stop();
    expect(ticker.stopped()).toBe(true);
  });

  it('claims nothing new once stop() is asked for: the rest is left for the next process', async () => {
    gate.resolve();
    await subscribe(db.storage, 'c2', { time: '09:00', timezone: 'UTC' }, clock.now());
    const pass = scheduler.tick();
    const stopping = scheduler.stop();
    const report = await pass;
    await stopping;
    expect(report.skipped.filter((s) => s.reason === 'stopping').length + report.posted.length).toBe(2);
    expect(report.skipped.some((s) => s.reason === 'stopping')).toBe(true);
    expect(await db.storage.getSlot('test:team:c2', '2026-11-26')).toBeUndefined();
  });

  it('skips a tick while the previous one is still running, so one owner never races itself', async () => {
    const ticker = manualTicker();
    const first = scheduler.start(ticker.ticker);
    await entered.promise;
    clock.set('2026-11-26T09:01:00Z');
    ticker.fire();
    expect(await scheduler.tick()).toMatchObject({ status: 'busy', due: 0, posted: [] });
    gate.resolve();
    expect((await first)?.posted).toHaveLength(1);
    expect(platform.calls).toHaveLength(1);
  });

  it('stop() waits for a slow delivery in flight, and the post is recorded before it resolves', async () => {
    const tick = scheduler.tick();
    await entered.promise;

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    // Give the stop every chance to finish early: drain pending promise jobs.
    for (let i = 0; i < 50; i++) await Promise.resolve();
    expect(stopped).toBe(false);

    gate.resolve();
    await stopping;
    expect((await tick).posted).toEqual([expect.objectContaining({ subscriptionId: 'test:team:c1', recorded: true })]);
    expect(await db.storage.getSlot('test:team:c1', '2026-11-26')).toMatchObject({ status: 'posted' });
  });

  it('is idempotent, and does nothing once stopped', async () => {
    gate.resolve();
    const ticker = manualTicker();
    await scheduler.start(ticker.ticker);
    await Promise.all([scheduler.stop(), scheduler.stop()]);
    await scheduler.stop();
    expect(ticker.stopped()).toBe(true);

    await subscribe(db.storage, 'c2', { time: '09:00', timezone: 'UTC' }, clock.now());
    expect(await scheduler.tick()).toMatchObject({ status: 'stopped' });
    expect(await scheduler.start(manualTicker().ticker)).toBeUndefined();
    expect(platform.posts).toHaveLength(1);
  });

  it('gives up on a delivery that never returns after the delivery timeout, so other channels are not blocked', async () => {
    // The deadline is a real timer (an SDK call hangs in real time); fake it rather than wait.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const hanging = deferred();
      const hung = recordingPlatform(clock.clock, (job) => {
        if (job.subscription.channel !== 'c1' || job.attempt > 1) return undefined;
        hanging.resolve();
        return new Promise<void>(() => {});
      });
      const s = new DigestScheduler({ storage: db.storage, deliver: hung.deliver, clock: clock.clock, owner: 'replica-b', logger: recordingLogger(), leaseMs: 10 * MINUTE });
      const first = s.tick();
      await hanging.promise;
      clock.set('2026-11-26T09:05:00Z');
      await subscribe(db.storage, 'c2', { time: '09:05', timezone: 'UTC' }, clock.now());
      expect((await s.tick()).status).toBe('busy');

      await vi.advanceTimersByTimeAsync(10 * MINUTE);
      expect((await first).failed).toEqual([expect.objectContaining({ subscriptionId: 'test:team:c1', reason: 'delivery took longer than 120 s', permanent: false })]);
      clock.set('2026-11-26T09:06:00Z');
      expect((await s.tick()).posted.map((p) => `${p.subscriptionId} #${p.attempt}`)).toEqual(['test:team:c1 #2', 'test:team:c2 #1']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a pass that cannot list subscriptions and keeps the ticker going', async () => {
    gate.resolve();
    const logger = recordingLogger();
    const broken = new DigestScheduler({ storage: db.storage, deliver: platform.deliver, clock: clock.clock, owner: 'replica-b', logger });
    await db.storage.close(); // the database went away
    const ticker = manualTicker();
    expect(await broken.start(ticker.ticker)).toBeUndefined();
    expect(logger.entries).toEqual([
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ owner: 'replica-b', error: expect.objectContaining({ message: 'the SQLite storage is closed' }) }) }),
    ]);
    await broken.stop();
  });
});
