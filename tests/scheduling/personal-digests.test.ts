import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverDigest } from '../../adapters/service/deliver-digests.js';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { authorFollow, topicFollow } from '../../src/follows/follow-input.js';
import { MAX_FOLLOWS } from '../../src/follows/follow.js';
import { createPaperboy, type Paperboy } from '../../src/paperboy.js';
import { personalChannel, type PersonRef } from '../../src/personal/person.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { DigestScheduler } from '../../src/scheduling/digest-scheduler.js';
import { DeliveryError } from '../../src/scheduling/delivery-error.js';
import { okValue } from '../helpers/results.js';
import { HOUR, MINUTE, manualClock, minutesThatMatter, recordingLogger, tickAt, type ManualClock } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';

/**
 * A person's own digest goes through the channels' exactly-once machinery: a subscription
 * whose channel is `user:<id>`, delivered by direct message, once per local date whatever
 * replicas and restarts do, on the days it asked for.
 */
const ada: PersonRef = { platform: 'recording', workspace: 'T1', user: 'U-ada' };
const NOPROP = 'noprop-training-neural-networks-without';
const LEASE = 10 * MINUTE;

/** The shipped corpus (listed 26 November) and a paper a day by or about what Ada follows (by Yann LeCun, then on diffusion transformers, in turn). */
function corpus(): Paperboy {
  const papers = shippedCollection();
  const days = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'];
  papers.addAll(
    days.map((date, i) =>
      i % 2 === 0
        ? {
            arxivId: `2611.3000${i}`,
            title: `Energy Landscapes of World Models, part ${i + 1}`,
            abstract: 'Planning with energy.',
            authors: ['Yann LeCun', 'A. Bardes'],
            appearances: [{ source: 'arxiv:cs.LG', date }],
          }
        : { arxivId: `2611.4000${i}`, title: `Diffusion Transformers for Weather, part ${i + 1}`, abstract: 'Forecasts.', authors: ['Mira Chen'], appearances: [{ source: 'arxiv:cs.LG', date }] },
    ),
  );
  return createPaperboy({ papers });
}

for (const backend of testBackends) {
  const title = backend.available ? `personal digests on ${backend.name}` : `personal digests on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let adapter: RecordingAdapter;
    const paperboy = corpus();
    const logger = recordingLogger();

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T06:00:00Z');
      adapter = new RecordingAdapter({ id: 'recording' });
    });
    afterEach(async () => {
      await db.destroy();
    });

    function replica(owner: string, storage: Storage): DigestScheduler {
      const deliver = createDeliverDigest({ paperboy, storage, adapters: new Map([['recording', adapter]]), logger, clock: clock.clock });
      return new DigestScheduler({ storage, deliver, clock: clock.clock, owner, logger, leaseMs: LEASE });
    }

    async function subscribeAda(storage: Storage): Promise<void> {
      const longAgo = clock.now().getTime() - 30 * 24 * HOUR;
      await storage.saveSubscription(personalChannel(ada), { time: '08:30', timezone: 'Europe/Berlin', days: 'weekdays', count: 6 }, ada.user, longAgo);
      await storage.addFollow(ada, okValue(authorFollow('Yann LeCun')), MAX_FOLLOWS, longAgo);
      await storage.addFollow(ada, okValue(topicFollow('diffusion transformers')), MAX_FOLLOWS, longAgo);
      await storage.addSignal({ platform: ada.platform, workspace: ada.workspace, paperId: NOPROP, user: ada.user, kind: 'save' }, longAgo);
    }

    it('goes out by DM once per weekday across two replicas and a restart: follows first, then like-your-saves, then trending, never a paper twice', async () => {
      await subscribeAda(db.storage);
      // An alert already told Ada about one of the papers she follows.
      await db.storage.queueAlerts([{ ...ada, paperId: '2611.30002', reasons: ['author Yann LeCun'] }], clock.now().getTime());
      const sub = (await db.storage.listSubscriptions())[0]!;
      expect(sub.channel).toBe('user:U-ada');

      // Thursday 26 November to Wednesday 2 December; the replica `a` restarts just after Friday's digest.
      const minutes = minutesThatMatter([sub], '2026-11-26T06:00:00Z', '2026-12-03T00:00:00Z', 60);
      const restart = Date.parse('2026-11-27T07:31:00Z');
      const b = replica('b', await db.connect());
      const before = await tickAt(
        clock,
        [replica('a', db.storage), b],
        minutes.filter((m) => m.getTime() < restart),
      );
      const after = await tickAt(
        clock,
        [replica('a-restarted', await db.connect()), b],
        minutes.filter((m) => m.getTime() >= restart),
      );

      const posted = [...before, ...after].flatMap((r) => r.posted);
      expect(posted.map((p) => p.localDate)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02']);
      expect(adapter.posts).toEqual([]);
      const dms = adapter.directsTo('U-ada');
      expect(dms).toHaveLength(5);
      expect(dms.every((d) => d.person.platform === 'recording' && d.person.workspace === 'T1')).toBe(true);

      const ids = dms.flatMap((d) => d.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.paperId] : [])));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain('2611.30002');
      expect(ids).not.toContain(NOPROP);

      const thursday = dms[0]!.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
      expect(dms[0]!.message.blocks[0]).toEqual({ type: 'heading', text: 'Your papers · Thursday 26 November 2026' });
      const kinds = thursday.map((c) => (c.why!.startsWith('follows ') ? 'follow' : c.why!.startsWith('like your saved') ? 'save' : c.why!.startsWith('#') ? 'trending' : c.why));
      expect(kinds).toEqual(['follow', 'follow', 'save', 'save', 'save', 'trending']);
      // Listed 24-26 November, newest first; the one of 26 November was an alert already.
      expect(thursday.slice(0, 2).map((c) => c.paperId)).toEqual(['2611.40001', '2611.30000']);
    }, 90_000);

    it('marks the person unreachable when their DMs fail for good, tries again the next weekday, and clears the mark once one goes out', async () => {
      await subscribeAda(db.storage);
      adapter.failPerson('U-ada', new DeliveryError('cannot_dm_bot: the user does not accept DMs from this app', { permanent: true }));
      const a = replica('a', db.storage);
      clock.set('2026-11-26T07:30:00Z');
      const [report] = await tickAt(clock, [a], [clock.now()]);
      expect(report!.failed).toMatchObject([{ permanent: true, reason: 'cannot_dm_bot: the user does not accept DMs from this app' }]);
      expect((await db.storage.preferences(ada)).unreachable?.reason).toBe('cannot_dm_bot: the user does not accept DMs from this app');
      expect(
        logger.entries.some(
          (e) => e.level === 'warn' && e.message === 'recording:T1:U-ada marked unreachable (cannot_dm_bot: the user does not accept DMs from this app); alerts wait until they use a command',
        ),
      ).toBe(true);
      // Not retried that day; the next day's digest goes out once DMs work again.
      adapter.failPerson('U-ada', undefined);
      await tickAt(clock, [a], [new Date('2026-11-26T08:30:00Z'), new Date('2026-11-26T12:00:00Z')]);
      expect(adapter.directs).toEqual([]);
      await tickAt(clock, [a], [new Date('2026-11-27T07:30:00Z')]);
      expect(adapter.directsTo('U-ada')).toHaveLength(1);
      // A DM that went out means DMs reach her again: her alerts need not wait for a command.
      expect(await db.storage.preferences(ada)).toEqual({});
      expect(logger.entries.some((e) => e.level === 'info' && e.message === 'direct messages reach this person again; their alerts resume')).toBe(true);
    });
  });
}
