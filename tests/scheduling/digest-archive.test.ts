import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { createDeliverDigest } from '../../adapters/service/deliver-digests.js';
import { createPaperboy } from '../../src/paperboy.js';
import { DigestScheduler } from '../../src/scheduling/digest-scheduler.js';
import { manualClock, recordingLogger, type ManualClock } from '../helpers/scheduling-harness.js';
import { testBackends, type TestDatabase } from '../helpers/scheduling-storage.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';

/**
 * The team page's digest archive is the post log: after the scheduler has posted real
 * digests, each day reads back as the message that went out, cards in the same order.
 */
const CHANNEL = { platform: 'recording', workspace: 'T1', channel: 'C-research' };

for (const backend of testBackends) {
  const title = backend.available ? `digest archive on ${backend.name}` : `digest archive on ${backend.name} (skipped: set PAPERBOY_TEST_DATABASE_URL)`;
  describe.skipIf(!backend.available)(title, () => {
    let db: TestDatabase;
    let clock: ManualClock;
    let adapter: RecordingAdapter;
    const paperboy = createPaperboy({ papers: shippedCollection() });

    beforeEach(async () => {
      db = await backend.open();
      clock = manualClock('2026-11-26T00:00:00Z');
      adapter = new RecordingAdapter({ id: 'recording' });
    });
    afterEach(async () => {
      await db.destroy();
    });

    it('lists each posted digest newest day first, with its papers in the order the cards went out', async () => {
      const sub = await db.storage.saveSubscription(CHANNEL, { time: '09:00', timezone: 'UTC', days: 'daily', count: 5 }, 'U-ada', clock.now().getTime());
      const deliver = createDeliverDigest({ paperboy, storage: db.storage, adapters: new Map([['recording', adapter]]), logger: recordingLogger(), clock: clock.clock });
      const scheduler = new DigestScheduler({ storage: db.storage, deliver, clock: clock.clock, owner: 'replica-a', logger: recordingLogger() });
      for (const at of ['2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z']) {
        clock.set(at);
        expect((await scheduler.tick()).posted).toHaveLength(1);
      }

      const cards = adapter.posts.map((post) => post.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.paperId] : [])));
      expect(cards.map((ids) => ids.length)).toEqual([5, 5]);
      // Ranked, not sorted: were the archive to list papers by id, it would differ.
      expect(cards.some((ids) => ids.join() !== [...ids].sort().join())).toBe(true);
      expect(await db.storage.digestArchive(sub.id, 14)).toStrictEqual([
        { localDate: '2026-11-27', postedAt: Date.parse('2026-11-27T09:00:00Z'), messageId: adapter.posts[1]!.messageId, paperIds: cards[1] },
        { localDate: '2026-11-26', postedAt: Date.parse('2026-11-26T09:00:00Z'), messageId: adapter.posts[0]!.messageId, paperIds: cards[0] },
      ]);
    });
  });
}
