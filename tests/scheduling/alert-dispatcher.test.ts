import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { AlertDispatcher, type DeliverAlert } from '../../src/alerts/alert-dispatcher.js';
import type { NewAlert } from '../../src/alerts/alert.js';
import type { Message } from '../../src/messages/message.js';
import type { PersonRef } from '../../src/personal/person.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { DeliveryError } from '../../src/scheduling/delivery-error.js';
import { clockSleep, deferred, HOUR, MINUTE, manualClock, recordingLogger, type ManualClock } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';

/**
 * The alert queue sent by direct message, on real storage with a clock the test moves: one
 * DM per person with everything waiting, quiet hours respected (DST nights included),
 * unreachable people marked and left alone, transient failures retried with backoff.
 */
const LEASE = 10 * MINUTE;
const ada: PersonRef = { platform: 'recording', workspace: 'T1', user: 'U-ada' };
const bob: PersonRef = { platform: 'recording', workspace: 'T1', user: 'U-bob' };
const alert = (who: PersonRef, paperId: string, reasons = ['topic: diffusion transformers']): NewAlert => ({ ...who, paperId, reasons });
const cardIds = (m: Message): string[] => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.paperId] : []));
const cardWhys = (m: Message): string[] => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.why ?? ''] : []));

for (const backend of testBackends) {
  const title = backend.available ? `alert dispatcher on ${backend.name}` : `alert dispatcher on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let adapter: RecordingAdapter;
    let logger: ReturnType<typeof recordingLogger>;

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T12:00:00Z');
      adapter = new RecordingAdapter();
      logger = recordingLogger();
    });
    afterEach(async () => {
      await db.destroy();
    });

    function dispatcher(options: { storage?: Storage; owner?: string; deliver?: DeliverAlert; platforms?: ReadonlySet<string> } = {}): AlertDispatcher {
      return new AlertDispatcher({
        storage: options.storage ?? db.storage,
        deliver: options.deliver ?? ((person, message) => adapter.postDirect(person, message)),
        clock: clock.clock,
        owner: options.owner ?? 'replica-a',
        logger,
        leaseMs: LEASE,
        sleep: clockSleep(clock).sleep,
        ...(options.platforms ? { platforms: options.platforms } : {}),
      });
    }
    const queue = (alerts: NewAlert[]) => db.storage.queueAlerts(alerts, clock.now().getTime());

    it('sends each person one DM with everything waiting and why, logs it, and never the same paper twice', async () => {
      await queue([alert(ada, '2611.00001'), alert(ada, '2611.00002', ['author Yann LeCun (as “Y. LeCun”)', 'topic: energy']), alert(bob, '2611.00001')]);
      const d = dispatcher();
      const report = await d.pass();
      expect(report.sent.map((s) => [s.person.user, s.paperIds])).toEqual([
        ['U-ada', ['2611.00001', '2611.00002']],
        ['U-bob', ['2611.00001']],
      ]);
      expect(adapter.directsTo('U-ada')).toHaveLength(1);
      const dm = adapter.directsTo('U-ada')[0]!.message;
      expect(cardIds(dm)).toEqual(['2611.00001', '2611.00002']);
      expect(cardWhys(dm)).toEqual(['topic: diffusion transformers', 'author Yann LeCun (as “Y. LeCun”) · topic: energy']);
      expect(logger.entries.filter((e) => e.message === 'alert DM sent').map((e) => [e.level, e.fields['person'], e.fields['papers']])).toEqual([
        ['info', 'recording:T1:U-ada', 2],
        ['info', 'recording:T1:U-bob', 1],
      ]);
      // Nothing more to send, and the same papers found again are not news.
      clock.advance(MINUTE);
      expect((await d.pass()).sent).toEqual([]);
      expect(await queue([alert(ada, '2611.00001'), alert(bob, '2611.00001')])).toBe(0);
      clock.advance(HOUR);
      expect((await d.pass()).sent).toEqual([]);
      expect(adapter.directs).toHaveLength(2);
      expect(await db.storage.alertedPaperIds(ada)).toEqual(new Set(['2611.00001', '2611.00002']));
    });

    it('holds alerts in quiet hours and sends them in one DM when the night ends', async () => {
      await db.storage.setQuietHours(ada, { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' }, clock.now().getTime());
      const d = dispatcher();
      clock.set('2026-11-26T21:30:00Z'); // 22:30 in Berlin
      await queue([alert(ada, '2611.00001'), alert(bob, '2611.00001')]);
      const evening = await d.pass();
      expect(evening.sent.map((s) => s.person.user)).toEqual(['U-bob']);
      expect(evening.held).toEqual([{ person: ada, until: new Date('2026-11-27T07:00:00Z') }]);
      clock.set('2026-11-27T02:00:00Z');
      await queue([alert(ada, '2611.00002')]);
      expect((await d.pass()).held).toHaveLength(1);
      clock.set('2026-11-27T06:59:00Z');
      expect((await d.pass()).sent).toEqual([]);
      clock.set('2026-11-27T07:00:00Z');
      const morning = await d.pass();
      expect(morning.sent.map((s) => [s.person.user, s.paperIds])).toEqual([['U-ada', ['2611.00001', '2611.00002']]]);
      expect(adapter.directsTo('U-ada')).toHaveLength(1);
    });

    it('ends a quiet night on the wall clock across a DST change (Berlin springs forward, New York falls back)', async () => {
      await db.storage.setQuietHours(ada, { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' }, clock.now().getTime());
      await db.storage.setQuietHours(bob, { start: '22:00', end: '07:00', timezone: 'America/New_York' }, clock.now().getTime());
      const d = dispatcher();
      // Berlin: 28 → 29 March 2026, 02:00 CET → 03:00 CEST; 08:00 CEST is 06:00Z, an hour earlier than the night before.
      clock.set('2026-03-28T23:00:00Z');
      await queue([alert(ada, 'p-berlin-1')]);
      clock.set('2026-03-29T01:30:00Z'); // 03:30 CEST, just after the jump
      await queue([alert(ada, 'p-berlin-2')]);
      expect((await d.pass()).held.map((h) => h.until)).toEqual([new Date('2026-03-29T06:00:00Z')]);
      clock.set('2026-03-29T05:59:00Z');
      expect((await d.pass()).sent).toEqual([]);
      clock.set('2026-03-29T06:00:00Z');
      expect((await d.pass()).sent.map((s) => s.paperIds)).toEqual([['p-berlin-1', 'p-berlin-2']]);
      // New York: 31 October → 1 November 2026, 02:00 EDT → 01:00 EST; 07:00 EST is 12:00Z, an hour later.
      clock.set('2026-11-01T03:00:00Z');
      await queue([alert(bob, 'p-ny-1')]);
      clock.set('2026-11-01T11:59:00Z');
      expect((await d.pass()).held).toEqual([{ person: bob, until: new Date('2026-11-01T12:00:00Z') }]);
      clock.set('2026-11-01T12:00:00Z');
      expect((await d.pass()).sent.map((s) => [s.person.user, s.paperIds])).toEqual([['U-bob', ['p-ny-1']]]);
      expect(adapter.directs).toHaveLength(2);
    });

    it('marks a person whose DMs fail for good, logs it, and leaves them alone until the mark is cleared', async () => {
      adapter.failPerson('U-ada', new DeliveryError('cannot_dm_bot: the user does not accept DMs from this app', { permanent: true }));
      await queue([alert(ada, '2611.00001'), alert(bob, '2611.00001')]);
      const d = dispatcher();
      const first = await d.pass();
      expect(first.unreachable).toEqual([{ person: ada, reason: 'cannot_dm_bot: the user does not accept DMs from this app' }]);
      expect(first.sent.map((s) => s.person.user)).toEqual(['U-bob']);
      expect((await db.storage.preferences(ada)).unreachable).toEqual({ reason: 'cannot_dm_bot: the user does not accept DMs from this app', since: clock.now().getTime() });
      const warned = logger.entries.filter((e) => e.level === 'warn' && e.message.includes('marked unreachable'));
      expect(warned.map((e) => e.message)).toEqual(['recording:T1:U-ada marked unreachable (cannot_dm_bot: the user does not accept DMs from this app); alerts wait until they use a command']);
      expect(warned[0]!.fields['person']).toBe('recording:T1:U-ada');

      // Later passes do not try again, however long it takes; new alerts wait with the old.
      let tries = 0;
      const counting = dispatcher({
        deliver: (person, message) => {
          tries += 1;
          return adapter.postDirect(person, message);
        },
      });
      for (const later of [MINUTE, HOUR, 24 * HOUR]) {
        clock.advance(later);
        await queue([alert(ada, `later-${later}`)]);
        expect((await counting.pass()).unreachable).toEqual([]);
      }
      expect(tries).toBe(0);
      // They use a command: the mark is cleared (and they are told); everything waiting goes out in one DM.
      adapter.failPerson('U-ada', undefined);
      expect(await db.storage.clearUnreachable(ada)).toMatch(/^cannot_dm_bot/);
      const back = await counting.pass();
      expect(back.sent.map((s) => s.paperIds)).toEqual([['2611.00001', `later-${MINUTE}`, `later-${HOUR}`, `later-${24 * HOUR}`]]);
    });

    it('retries a transient failure with backoff (a Retry-After is honoured) and sends once it works', async () => {
      adapter.failPerson('U-ada', new DeliveryError('ratelimited', { permanent: false, retryAfterMs: 5 * MINUTE }));
      await queue([alert(ada, '2611.00001')]);
      const d = dispatcher();
      const failed = await d.pass();
      expect(failed.failed).toEqual([{ person: ada, reason: 'ratelimited', retryAt: clock.now().getTime() + 5 * MINUTE }]);
      expect(logger.entries.some((e) => e.level === 'warn' && e.message === 'alert DM failed; will retry')).toBe(true);
      expect((await db.storage.preferences(ada)).unreachable).toBeUndefined();
      clock.advance(4 * MINUTE);
      expect(await d.pass()).toMatchObject({ sent: [], failed: [] });
      clock.advance(MINUTE);
      adapter.failPerson('U-ada', new DeliveryError('HTTP 503', { permanent: false }));
      // The second failure in a row waits two minutes.
      const second = await d.pass();
      expect(second.failed[0]!.retryAt).toBe(clock.now().getTime() + 2 * MINUTE);
      adapter.failPerson('U-ada', undefined);
      clock.advance(2 * MINUTE);
      expect((await d.pass()).sent.map((s) => s.paperIds)).toEqual([['2611.00001']]);
      expect(adapter.directs).toHaveLength(1);
    });

    it('counts an unexpected error as transient and logs it as an error; the pass goes on for others', async () => {
      await queue([alert(ada, '2611.00001'), alert(bob, '2611.00001')]);
      const d = dispatcher({
        deliver: (person, message) => (person.user === 'U-ada' ? Promise.reject(new TypeError('bug in a renderer')) : adapter.postDirect(person, message)),
      });
      const report = await d.pass();
      expect(report.failed.map((f) => [f.person.user, f.reason])).toEqual([['U-ada', 'bug in a renderer']]);
      expect(report.sent.map((s) => s.person.user)).toEqual(['U-bob']);
      expect(logger.entries.some((e) => e.level === 'error' && e.message === 'unexpected error sending an alert DM; will retry')).toBe(true);
    });

    it('leaves people on platforms this process does not run to the process that does', async () => {
      const discordPerson: PersonRef = { platform: 'discord', workspace: 'G1', user: '42' };
      await queue([alert(ada, '2611.00001'), alert(discordPerson, '2611.00001')]);
      const report = await dispatcher({ platforms: new Set(['recording']) }).pass();
      expect(report.sent.map((s) => s.person.platform)).toEqual(['recording']);
      expect(await db.storage.peopleWithAlerts(clock.now().getTime())).toEqual([discordPerson]);
    });

    it('sends each alert once when two replicas pass together, and once more only after a dead claimant’s lease', async () => {
      const people = Array.from({ length: 8 }, (_, i): PersonRef => ({ platform: 'recording', workspace: 'T1', user: `U${i}` }));
      await queue(people.flatMap((p) => [alert(p, 'p1'), alert(p, 'p2')]));
      const a = dispatcher({ owner: 'replica-a' });
      const b = dispatcher({ storage: await db.connect(), owner: 'replica-b' });
      const reports = await Promise.all([a.pass(), b.pass(), a.pass(), b.pass()]);
      const sent = reports.flatMap((r) => r.sent);
      expect(sent.map((s) => s.person.user).sort()).toEqual(people.map((p) => p.user).sort());
      expect(adapter.directs).toHaveLength(people.length);
      // A replica died holding Ada's claim: nobody sends until the lease runs out, then one does.
      await queue([alert(ada, 'p3')]);
      await db.storage.claimAlerts(ada, 'replica-dead', clock.now().getTime(), clock.now().getTime() + LEASE);
      clock.advance(LEASE - MINUTE);
      expect((await Promise.all([a.pass(), b.pass()])).flatMap((r) => r.sent)).toEqual([]);
      clock.advance(MINUTE);
      const after = (await Promise.all([a.pass(), b.pass()])).flatMap((r) => r.sent);
      expect(after.map((s) => [s.person.user, s.paperIds])).toEqual([['U-ada', ['p3']]]);
    });

    it('runs a pass asked for during another right after it, so alerts just queued do not wait for the next minute', async () => {
      const started = deferred();
      const held = deferred();
      const d = dispatcher({
        deliver: async (person, message) => {
          if (person.user === 'U-ada') {
            started.resolve();
            await held.promise;
          }
          return adapter.postDirect(person, message);
        },
      });
      await queue([alert(ada, 'p1')]);
      const first = d.pass();
      await started.promise;
      await queue([alert(bob, 'p1')]);
      const second = d.pass();
      expect(d.pass()).toBe(second);
      held.resolve();
      expect((await first).sent.map((s) => s.person.user)).toEqual(['U-ada']);
      expect((await second).sent.map((s) => s.person.user)).toEqual(['U-bob']);
    });

    it('stops within the deadline with a DM in flight, logging what it leaves, and passes no more', async () => {
      const started = deferred();
      const never = deferred<{ messageId: string }>();
      const d = dispatcher({
        deliver: () => {
          started.resolve();
          return never.promise;
        },
      });
      await queue([alert(ada, 'p1')]);
      const pass = d.pass();
      await started.promise;
      const giveUp = new AbortController();
      const stopped = d.stop(giveUp.signal);
      giveUp.abort();
      await stopped;
      expect(logger.entries.find((e) => e.message.startsWith('shutdown deadline: leaving alert DMs in flight'))?.fields['abandoned']).toEqual([{ person: 'recording:T1:U-ada', stage: 'sending' }]);
      expect((await d.pass()).status).toBe('stopped');
      never.resolve({ messageId: 'late' });
      await pass;
    });
  });
}
