import { describe, expect, it } from 'vitest';
import type { NewAlert } from '../../../src/alerts/alert.js';
import type { PersonRef } from '../../../src/personal/person.js';
import { ALICE, BOB, MINUTE, person, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const LEASE = 5 * MINUTE;

function alert(who: PersonRef, paperId: string, reasons: string[] = [`author Yann LeCun (as “Y. LeCun”)`]): NewAlert {
  return { ...who, paperId, reasons };
}

const papersOf = (alerts: readonly { paperId: string }[]): string[] => alerts.map((a) => a.paperId);

/** The alert queue: every (person, paper) at most once, claimed by one replica at a time. */
export function alertsContract(ctx: ContractContext): void {
  describe('alert queue', () => {
    it('queues each person and paper once, across calls and within one', async () => {
      const storage = await ctx.open();
      expect(await storage.queueAlerts([alert(ALICE, 'p1'), alert(ALICE, 'p2'), alert(ALICE, 'p1', ['topic: again']), alert(BOB, 'p1')], T0)).toBe(3);
      expect(await storage.queueAlerts([alert(ALICE, 'p2'), alert(ALICE, 'p3'), alert(person('U-alice', { workspace: 'T02' }), 'p2')], T0 + MINUTE)).toBe(2);
      expect(await storage.queueAlerts([], T0)).toBe(0);
      const claimed = await storage.claimAlerts(ALICE, 'replica-a', T0 + MINUTE, T0 + MINUTE + LEASE);
      // The first queuing stands: its reasons and time.
      expect(claimed).toStrictEqual([
        { ...ALICE, paperId: 'p1', reasons: ['author Yann LeCun (as “Y. LeCun”)'], queuedAt: T0 },
        { ...ALICE, paperId: 'p2', reasons: ['author Yann LeCun (as “Y. LeCun”)'], queuedAt: T0 },
        { ...ALICE, paperId: 'p3', reasons: ['author Yann LeCun (as “Y. LeCun”)'], queuedAt: T0 + MINUTE },
      ]);
    });

    it('queues a big feed read’s alerts whatever their number, counting each new pair once', async () => {
      const storage = await ctx.open();
      const people = Array.from({ length: 40 }, (_, n) => person(`U${n}`));
      // 257 alerts (not a multiple of any batch size), 17 of them repeats, some across the batch boundary.
      const alerts = Array.from({ length: 240 }, (_, n) => alert(people[n % 40]!, `p${Math.floor(n / 40)}`));
      const repeats = alerts.slice(90, 107);
      expect(await storage.queueAlerts([...alerts, ...repeats], T0)).toBe(240);
      expect(await storage.queueAlerts([...repeats, alert(ALICE, 'p0')], T0)).toBe(1);
      expect(await storage.peopleWithAlerts(T0)).toHaveLength(41);
      expect(await storage.alertedPaperIds(person('U7'))).toEqual(new Set(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']));
    });

    it('drops the alerts still waiting when the person follows nothing any more, and only theirs', async () => {
      const storage = await ctx.open();
      const kept = await storage.addFollow(ALICE, { kind: 'topic', label: 'diffusion', key: 'diffus' }, 50, T0);
      const dropped = await storage.addFollow(ALICE, { kind: 'topic', label: 'lora', key: 'lora' }, 50, T0);
      if (kept.status !== 'added' || dropped.status !== 'added') throw new Error('follows not added');
      await storage.queueAlerts([alert(ALICE, 'p1'), alert(BOB, 'p1')], T0);
      await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE);
      await storage.queueAlerts([alert(ALICE, 'p2')], T0 + 1);
      // While she follows something, her waiting alerts stay.
      expect(await storage.removeFollows(ALICE, [dropped.follow.id])).toBe(1);
      expect(await storage.peopleWithAlerts(T0 + LEASE)).toEqual([ALICE, BOB]);
      expect(await storage.removeFollows(ALICE, 'all')).toBe(1);
      // p1 is being sent and goes out; p2 was only waiting and is gone; Bob keeps his.
      expect(await storage.completeAlerts(ALICE, 'replica-a', ['p1'], 'D1/1', T0 + 2)).toBe(1);
      expect(await storage.peopleWithAlerts(T0 + LEASE)).toEqual([BOB]);
      expect(await storage.alertedPaperIds(ALICE)).toEqual(new Set(['p1']));
    });

    it('never queues a paper again once it was sent', async () => {
      const storage = await ctx.open();
      await storage.queueAlerts([alert(ALICE, 'p1')], T0);
      await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE);
      expect(await storage.completeAlerts(ALICE, 'replica-a', ['p1'], 'D1/1732694400.000100', T0 + 1)).toBe(1);
      expect(await storage.queueAlerts([alert(ALICE, 'p1', ['topic: diffusion'])], T0 + 60 * MINUTE)).toBe(0);
      for (const now of [T0 + LEASE, T0 + 365 * 24 * 60 * MINUTE]) {
        expect(await storage.peopleWithAlerts(now)).toEqual([]);
        expect(await storage.claimAlerts(ALICE, 'replica-b', now, now + LEASE)).toEqual([]);
      }
      expect(await storage.alertedPaperIds(ALICE)).toEqual(new Set(['p1']));
    });

    it('alerts a followed paper once for each new version, never twice for one', async () => {
      const storage = await ctx.open();
      const version = (n: number) => ({ ...alert(ALICE, 'p1', [`new version v${n}`]), version: n });
      // Alerted as a new paper first (an author follow), then followed: v2 is still news, once.
      await storage.queueAlerts([alert(ALICE, 'p1', ['author Yann LeCun'])], T0);
      expect(await storage.queueAlerts([version(2), version(2)], T0 + 1)).toBe(1);
      expect(await storage.queueAlerts([version(2)], T0 + 2)).toBe(0);
      const claimed = await storage.claimAlerts(ALICE, 'replica-a', T0 + 3, T0 + LEASE);
      expect(claimed.map((a) => [a.paperId, a.version, a.reasons])).toEqual([
        ['p1', undefined, ['author Yann LeCun']],
        ['p1', 2, ['new version v2']],
      ]);
      expect(await storage.completeAlerts(ALICE, 'replica-a', ['p1'], 'D1/1', T0 + 4)).toBe(2);
      expect(await storage.queueAlerts([version(2)], T0 + 5)).toBe(0);
      expect(await storage.queueAlerts([version(3)], T0 + 6)).toBe(1);
      expect((await storage.claimAlerts(ALICE, 'replica-b', T0 + 7, T0 + LEASE)).map((a) => a.version)).toEqual([3]);
      expect(await storage.alertedPaperIds(ALICE)).toEqual(new Set(['p1']));
    });

    it('keeps reasons exactly, hostile and unicode ones included', async () => {
      const storage = await ctx.open();
      const reasons = ['author Łukasz Kaiser (as “L. Kaiser”)', 'topic: <!channel> @everyone <script>x</script>', '**bold** `code` \u0000 \u202e', '', '🧪'.repeat(300)];
      await storage.queueAlerts([alert(ALICE, '2401.00001v2', reasons)], T0);
      expect((await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE))[0]?.reasons).toEqual(reasons);
    });

    it('gives a person’s due alerts to one claimant at a time', async () => {
      const storage = await ctx.open();
      const other = await ctx.openSecond(storage);
      await storage.queueAlerts([alert(ALICE, 'p1'), alert(ALICE, 'p2')], T0);
      const [a, b] = await Promise.all([storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE), other.claimAlerts(ALICE, 'replica-b', T0, T0 + LEASE)]);
      expect([a.length, b.length].sort()).toEqual([0, 2]);
      const [winner, loser] = a.length > 0 ? ['replica-a', 'replica-b'] : ['replica-b', 'replica-a'];
      // While the lease lives nobody else gets anything, not even an alert queued since.
      await storage.queueAlerts([alert(ALICE, 'p3')], T0 + MINUTE);
      expect(await storage.claimAlerts(ALICE, loser, T0 + LEASE - 1, T0 + 2 * LEASE)).toEqual([]);
      expect(await storage.claimAlerts(ALICE, winner, T0 + LEASE - 1, T0 + 2 * LEASE)).toEqual([]);
      // Another person's alerts are theirs to claim.
      await storage.queueAlerts([alert(BOB, 'p1')], T0);
      expect(papersOf(await other.claimAlerts(BOB, loser, T0 + 1, T0 + LEASE))).toEqual(['p1']);
    });

    it('lets a claim whose lease ran out be taken over, and then only the new owner completes', async () => {
      const storage = await ctx.open();
      await storage.queueAlerts([alert(ALICE, 'p1'), alert(ALICE, 'p2')], T0);
      expect(papersOf(await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE))).toEqual(['p1', 'p2']);
      await storage.queueAlerts([alert(ALICE, 'p3')], T0 + MINUTE);
      expect(papersOf(await storage.claimAlerts(ALICE, 'replica-b', T0 + LEASE, T0 + 2 * LEASE))).toEqual(['p1', 'p2', 'p3']);
      expect(await storage.completeAlerts(ALICE, 'replica-a', ['p1', 'p2'], 'late', T0 + LEASE + 1)).toBe(0);
      await storage.releaseAlerts(ALICE, 'replica-a', T0 + LEASE + 2, 'late failure', T0 + LEASE + 1);
      expect(await storage.claimAlerts(ALICE, 'replica-a', T0 + LEASE + 3, T0 + 3 * LEASE)).toEqual([]);
      expect(await storage.completeAlerts(ALICE, 'replica-b', ['p1', 'p3', 'p3', 'p9'], 'D1/2', T0 + LEASE + 1)).toBe(2);
      // p2 was claimed but not sent: it comes back when the lease ends.
      expect(papersOf(await storage.claimAlerts(ALICE, 'replica-a', T0 + 2 * LEASE, T0 + 3 * LEASE))).toEqual(['p2']);
    });

    it('gives released alerts back from the retry time on, counting the attempt', async () => {
      const storage = await ctx.open();
      await storage.queueAlerts([alert(ALICE, 'p1')], T0);
      await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE);
      await storage.releaseAlerts(ALICE, 'replica-b', T0 + MINUTE, 'not mine', T0 + 1); // another owner's release changes nothing
      expect(await storage.claimAlerts(ALICE, 'replica-b', T0 + 2, T0 + LEASE)).toEqual([]);
      await storage.releaseAlerts(ALICE, 'replica-a', T0 + 10 * MINUTE, `429 rate limited ${'x'.repeat(900)}`, T0 + 2);
      expect(await storage.peopleWithAlerts(T0 + 10 * MINUTE - 1)).toEqual([]);
      expect(await storage.claimAlerts(ALICE, 'replica-b', T0 + 10 * MINUTE - 1, T0 + 20 * MINUTE)).toEqual([]);
      const [row] = await ctx.sql(storage, `SELECT status, owner, attempts, error FROM alerts WHERE paper_id = 'p1'`);
      expect(row).toMatchObject({ status: 'waiting', owner: null, attempts: 1 });
      expect(String(row!.error)).toHaveLength(500);
      expect(await storage.peopleWithAlerts(T0 + 10 * MINUTE)).toEqual([ALICE]);
      expect(papersOf(await storage.claimAlerts(ALICE, 'replica-b', T0 + 10 * MINUTE, T0 + 20 * MINUTE))).toEqual(['p1']);
    });

    it('lists people with due alerts nobody holds, leaving out the unreachable, by platform when asked', async () => {
      const storage = await ctx.open();
      const discord = person('4242', { platform: 'discord', workspace: 'G1' });
      const carol = person('U-carol');
      const dave = person('U-dave');
      await storage.queueAlerts([alert(BOB, 'p1'), alert(ALICE, 'p1'), alert(ALICE, 'p2'), alert(discord, 'p1'), alert(carol, 'p1'), alert(dave, 'p1')], T0);
      await storage.markUnreachable(carol, 'DMs closed', T0);
      await storage.claimAlerts(dave, 'replica-a', T0, T0 + LEASE);
      expect(await storage.peopleWithAlerts(T0)).toEqual([discord, ALICE, BOB]);
      expect(await storage.peopleWithAlerts(T0, new Set(['slack']))).toEqual([ALICE, BOB]);
      expect(await storage.peopleWithAlerts(T0, new Set(['discord', 'console']))).toEqual([discord]);
      expect(await storage.peopleWithAlerts(T0, new Set())).toEqual([]);
      // Alerts queued later than now are not due yet.
      expect(await storage.peopleWithAlerts(T0 - 1)).toEqual([]);
      // The unreachable mark holds alerts (not lost) until it is cleared; an expired lease frees Dave's.
      expect(await storage.claimAlerts(carol, 'replica-a', T0, T0 + LEASE)).toHaveLength(1);
      await storage.releaseAlerts(carol, 'replica-a', T0, 'DMs closed', T0);
      await storage.clearUnreachable(carol);
      expect(await storage.peopleWithAlerts(T0 + LEASE, new Set(['slack']))).toEqual([ALICE, BOB, carol, dave]);
    });

    it('remembers which papers a person was alerted about, waiting or sent', async () => {
      const storage = await ctx.open();
      await storage.queueAlerts([alert(ALICE, 'p1'), alert(ALICE, 'p2'), alert(ALICE, 'p3'), alert(BOB, 'p4')], T0);
      await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE);
      await storage.completeAlerts(ALICE, 'replica-a', ['p1'], 'm', T0);
      expect(await storage.alertedPaperIds(ALICE)).toEqual(new Set(['p1', 'p2', 'p3']));
      expect(await storage.alertedPaperIds(BOB)).toEqual(new Set(['p4']));
      expect(await storage.alertedPaperIds(person('U-alice', { workspace: 'T02' }))).toEqual(new Set());
    });

    it('skips a damaged alert row instead of failing the claim', async () => {
      const storage = await ctx.open();
      await storage.queueAlerts([alert(ALICE, 'p1'), alert(ALICE, 'p2')], T0);
      await ctx.sql(storage, `UPDATE alerts SET reasons = 'not json' WHERE paper_id = 'p1'`);
      expect(papersOf(await storage.claimAlerts(ALICE, 'replica-a', T0, T0 + LEASE))).toEqual(['p2']);
    });
  });
}
