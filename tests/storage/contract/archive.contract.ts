import { describe, expect, it } from 'vitest';
import { personalChannel } from '../../../src/personal/person.js';
import type { Storage } from '../../../src/ports/storage.port.js';
import { subscriptionId } from '../../../src/subscriptions/subscription.js';
import { ALICE, CHANNEL, HOSTILE_IDS, MINUTE, OTHER_CHANNEL, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const SUB = subscriptionId(CHANNEL);
const WEEKLY = subscriptionId({ ...CHANNEL, kind: 'weekly' });
const OTHER = subscriptionId(OTHER_CHANNEL);
const DAY = 24 * 60 * MINUTE;

/** Claims, then posts, one digest; its post time is T0 plus `offset`. */
async function post(storage: Storage, sub: string, localDate: string, paperIds: readonly string[], offset = 0): Promise<void> {
  const claim = await storage.claimSlot(sub, localDate, 'replica-a', T0 + offset, T0 + offset + MINUTE);
  if (!claim) throw new Error(`could not claim ${sub} ${localDate}`);
  expect(await storage.completeSlot(claim, `m-${localDate}`, paperIds, T0 + offset)).toBe(true);
}

/** The local date `n` days after 2026-01-01. */
function date(n: number): string {
  return new Date(Date.UTC(2026, 0, 1) + n * DAY).toISOString().slice(0, 10);
}

/** The team page's digest archive: each posted day as it was posted, from the post log. */
export function archiveContract(ctx: ContractContext): void {
  describe('digest archive', () => {
    it('lists posted digests newest local date first, each with its papers in posting order', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-26', ['p9', 'p1', 'p5'], 0);
      await post(storage, SUB, '2026-11-28', ['p3', 'p2'], 2 * DAY);
      await post(storage, SUB, '2026-11-27', ['p4', 'p4', 'p0'], DAY); // posted out of order: the date decides
      expect(await storage.digestArchive(SUB, 14)).toStrictEqual([
        { localDate: '2026-11-28', postedAt: T0 + 2 * DAY, messageId: 'm-2026-11-28', paperIds: ['p3', 'p2'] },
        { localDate: '2026-11-27', postedAt: T0 + DAY, messageId: 'm-2026-11-27', paperIds: ['p4', 'p0'] },
        { localDate: '2026-11-26', postedAt: T0, messageId: 'm-2026-11-26', paperIds: ['p9', 'p1', 'p5'] },
      ]);
    });

    it('leaves out claimed and failed slots, and shows a failed day once a retry posts it', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-25', ['p1']);
      await storage.claimSlot(SUB, '2026-11-26', 'replica-a', T0, T0 + MINUTE); // still in flight
      const failing = (await storage.claimSlot(SUB, '2026-11-27', 'replica-a', T0, T0 + MINUTE))!;
      await storage.failSlot(failing, 'rate_limited', T0 + 5 * MINUTE, T0);
      const forever = (await storage.claimSlot(SUB, '2026-11-28', 'replica-a', T0, T0 + MINUTE))!;
      await storage.failSlot(forever, 'channel_not_found', Number.POSITIVE_INFINITY, T0);
      expect((await storage.digestArchive(SUB, 14)).map((d) => d.localDate)).toEqual(['2026-11-25']);

      const retry = (await storage.claimSlot(SUB, '2026-11-27', 'replica-b', T0 + 5 * MINUTE, T0 + 6 * MINUTE))!;
      await storage.completeSlot(retry, 'm-retry', ['p2', 'p1'], T0 + 5 * MINUTE);
      expect(await storage.digestArchive(SUB, 14)).toStrictEqual([
        { localDate: '2026-11-27', postedAt: T0 + 5 * MINUTE, messageId: 'm-retry', paperIds: ['p2', 'p1'] },
        { localDate: '2026-11-25', postedAt: T0, messageId: 'm-2026-11-25', paperIds: ['p1'] },
      ]);
    });

    it('keeps a posted digest that held no papers, with none', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-27', []);
      expect(await storage.digestArchive(SUB, 14)).toStrictEqual([{ localDate: '2026-11-27', postedAt: T0, messageId: 'm-2026-11-27', paperIds: [] }]);
    });

    it('keeps each subscription’s archive to itself: daily and weekly of one channel, other channels', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-27', ['daily-1']);
      await post(storage, WEEKLY, '2026-11-27', ['weekly-1', 'weekly-2']);
      await post(storage, OTHER, '2026-11-27', ['other-1']);
      await post(storage, subscriptionId({ ...CHANNEL, workspace: 'T02' }), '2026-11-28', ['elsewhere']);
      expect((await storage.digestArchive(SUB, 14)).map((d) => d.paperIds)).toEqual([['daily-1']]);
      expect((await storage.digestArchive(WEEKLY, 14)).map((d) => d.paperIds)).toEqual([['weekly-1', 'weekly-2']]);
      expect((await storage.digestArchive(OTHER, 14)).map((d) => d.paperIds)).toEqual([['other-1']]);
      expect(await storage.digestArchive('slack:T01:never-subscribed', 14)).toEqual([]);
    });

    it('orders a weekly digest’s ISO weeks newest first, across a year boundary', async () => {
      const storage = await ctx.open();
      for (const [i, week] of ['2026-W52', '2027-W01', '2026-W09', '2026-W53'].entries()) await post(storage, WEEKLY, week, [`w${i}`], i * DAY);
      expect((await storage.digestArchive(WEEKLY, 14)).map((d) => d.localDate)).toEqual(['2027-W01', '2026-W53', '2026-W52', '2026-W09']);
    });

    it('outlives an unsubscribe, as the post log does', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await post(storage, SUB, '2026-11-27', ['p1']);
      await storage.removeSubscription(CHANNEL);
      expect((await storage.digestArchive(SUB, 14)).map((d) => d.paperIds)).toEqual([['p1']]);
    });

    it('returns at most `limit` days, the newest, with the limit kept to 1..366', async () => {
      const storage = await ctx.open();
      // A year and a bit of posted days, written as completeSlot writes them, in one statement (fast on a busy machine).
      const days = Array.from({ length: 369 }, (_, n) => `('${SUB}', '${date(n)}', 'posted', 1, 'm-${date(n)}', '["p${n}"]', ${T0 + n * DAY}, 0)`);
      await ctx.sql(storage, `INSERT INTO digest_slots (subscription_id, local_date, status, attempts, message_id, paper_ids, posted_at, updated_at) VALUES ${days.join(', ')}`);
      await post(storage, SUB, date(369), ['p369'], 369 * DAY);
      expect((await storage.digestArchive(SUB, 3)).map((d) => d.localDate)).toEqual([date(369), date(368), date(367)]);
      expect((await storage.digestArchive(SUB, 0)).map((d) => d.localDate)).toEqual([date(369)]);
      expect((await storage.digestArchive(SUB, -5)).map((d) => d.localDate)).toEqual([date(369)]);
      expect((await storage.digestArchive(SUB, 2.9)).map((d) => d.localDate)).toEqual([date(369), date(368)]);
      const year = await storage.digestArchive(SUB, 10_000);
      expect(year).toHaveLength(366);
      expect(year.at(-1)).toStrictEqual({ localDate: date(4), postedAt: T0 + 4 * DAY, messageId: `m-${date(4)}`, paperIds: ['p4'] });
      expect(await storage.digestArchive(SUB, Number.POSITIVE_INFINITY)).toHaveLength(366);
      await expect(storage.digestArchive(SUB, Number.NaN)).rejects.toThrow(/limit must be a number/);
    });

    it('lists a digest posted before the order was kept from the post log of its date, in id order', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-26', ['p7', 'p3']);
      await post(storage, SUB, '2026-11-27', ['zeta', 'alpha', 'Beta', 'p3']); // p3 was posted the day before: logged there
      await post(storage, SUB, '2026-11-28', ['kept', 'order']);
      await post(storage, OTHER, '2026-11-27', ['other']);
      // What a database of the release before the archive holds: no order on the slots.
      await ctx.sql(storage, `UPDATE digest_slots SET paper_ids = NULL WHERE local_date <> '2026-11-28'`);
      await ctx.sql(
        storage,
        `INSERT INTO digest_slots (subscription_id, local_date, status, attempts, message_id, posted_at, updated_at) VALUES ('${SUB}', '2026-11-29', 'posted', 1, 'm-nothing-logged', ${T0}, ${T0})`,
      );
      expect(await storage.digestArchive(SUB, 14)).toStrictEqual([
        { localDate: '2026-11-29', postedAt: T0, messageId: 'm-nothing-logged', paperIds: [] },
        { localDate: '2026-11-28', postedAt: T0, messageId: 'm-2026-11-28', paperIds: ['kept', 'order'] },
        { localDate: '2026-11-27', postedAt: T0, messageId: 'm-2026-11-27', paperIds: ['Beta', 'alpha', 'zeta'] },
        { localDate: '2026-11-26', postedAt: T0, messageId: 'm-2026-11-26', paperIds: ['p3', 'p7'] },
      ]);
      expect((await storage.digestArchive(OTHER, 14)).map((d) => d.paperIds)).toEqual([['other']]);
    });

    it('stores and returns hostile and unicode ids verbatim', async () => {
      const storage = await ctx.open();
      const sub = `slack:T01:${HOSTILE_IDS[0]}`;
      await post(storage, sub, '2026-11-27', HOSTILE_IDS);
      await post(storage, sub, '2026-11-28', [...HOSTILE_IDS].reverse());
      await ctx.sql(storage, `UPDATE digest_slots SET paper_ids = NULL WHERE local_date = '2026-11-27'`);
      const [newest, fallback] = await storage.digestArchive(sub, 14);
      expect(newest?.paperIds).toEqual([...HOSTILE_IDS].reverse());
      // The post log holds each paper once, logged on the day it was first posted.
      expect(fallback?.paperIds).toEqual([...HOSTILE_IDS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(await storage.postedPaperIds(sub)).toEqual(new Set(HOSTILE_IDS));
    });

    it('skips a day whose stored papers are damaged and lists the others', async () => {
      const storage = await ctx.open();
      await post(storage, SUB, '2026-11-26', ['p1']);
      await post(storage, SUB, '2026-11-27', ['p2']);
      await post(storage, SUB, '2026-11-28', ['p3']);
      await ctx.sql(storage, `UPDATE digest_slots SET paper_ids = '["p2",' WHERE local_date = '2026-11-27'`);
      await ctx.sql(storage, `UPDATE digest_slots SET paper_ids = '[""]' WHERE local_date = '2026-11-28'`);
      expect((await storage.digestArchive(SUB, 14)).map((d) => d.localDate)).toEqual(['2026-11-26']);
    });

    it('forgets a person’s personal digests with the rest of their data, and keeps the channel’s', async () => {
      const storage = await ctx.open();
      const mine = subscriptionId(personalChannel(ALICE));
      await post(storage, mine, '2026-11-27', ['p1']);
      await post(storage, SUB, '2026-11-27', ['p1']);
      await storage.forgetPerson(ALICE);
      expect(await storage.digestArchive(mine, 14)).toEqual([]);
      expect((await storage.digestArchive(SUB, 14)).map((d) => d.paperIds)).toEqual([['p1']]);
    });
  });
}
