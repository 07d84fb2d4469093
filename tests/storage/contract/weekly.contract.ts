import { describe, expect, it } from 'vitest';
import { subscriptionId } from '../../../src/subscriptions/subscription.js';
import { CHANNEL, MINUTE, OTHER_CHANNEL, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const WEEKLY = { ...SETTINGS, days: 'monday' as const, count: 7 };
const SLACK = { platform: 'slack', workspace: 'T01' };

/** A channel's weekly digest beside its daily one, and team signals counted from a time on. */
export function weeklyContract(ctx: ContractContext): void {
  describe('weekly subscriptions', () => {
    it('keeps a weekly digest beside the daily one, under its own id; the daily id is the one shipped databases hold', async () => {
      const storage = await ctx.open();
      const daily = await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      const weekly = await storage.saveSubscription(CHANNEL, WEEKLY, 'U-bob', T0 + MINUTE);
      expect(daily).toMatchObject({ id: 'slack:T01:C-research', kind: 'daily', days: 'weekdays' });
      expect(weekly).toMatchObject({ id: 'slack:T01:C-research:weekly', kind: 'weekly', days: 'monday', count: 7, createdBy: 'U-bob' });
      expect(await storage.getSubscription(CHANNEL)).toStrictEqual(daily);
      expect(await storage.getSubscription({ ...CHANNEL, kind: 'daily' })).toStrictEqual(daily);
      expect(await storage.getSubscription({ ...CHANNEL, kind: 'weekly' })).toStrictEqual(weekly);
      expect(await storage.getSubscription({ ...OTHER_CHANNEL, kind: 'weekly' })).toBeUndefined();
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual(['slack:T01:C-research', 'slack:T01:C-research:weekly']);
    });

    it('subscribing weekly again changes the weekly digest only, whatever its day', async () => {
      const storage = await ctx.open();
      const daily = await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await storage.saveSubscription(CHANNEL, WEEKLY, 'U-bob', T0);
      const moved = await storage.saveSubscription(CHANNEL, { ...WEEKLY, days: 'sunday', time: '02:30' }, 'U-carol', T0 + MINUTE);
      expect(moved).toMatchObject({ id: subscriptionId({ ...CHANNEL, kind: 'weekly' }), days: 'sunday', time: '02:30', createdAt: T0, updatedAt: T0 + MINUTE });
      expect(await storage.getSubscription(CHANNEL)).toStrictEqual(daily);
      expect(await storage.listSubscriptions()).toHaveLength(2);
    });

    it('removes and marks failing one kind only', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      const weekly = await storage.saveSubscription(CHANNEL, WEEKLY, 'U-alice', T0);
      // A subscription is its own key: the scheduler marks exactly the one that failed.
      await storage.setSubscriptionFailing(weekly, 'missing_scope', T0 + MINUTE);
      expect((await storage.getSubscription({ ...CHANNEL, kind: 'weekly' }))?.failing).toBe('missing_scope');
      expect(await storage.getSubscription(CHANNEL)).not.toHaveProperty('failing');

      expect(await storage.removeSubscription({ ...CHANNEL, kind: 'weekly' })).toBe(true);
      expect(await storage.removeSubscription({ ...CHANNEL, kind: 'weekly' })).toBe(false);
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual([subscriptionId(CHANNEL)]);
      await storage.saveSubscription(CHANNEL, WEEKLY, 'U-alice', T0);
      expect(await storage.removeSubscription(CHANNEL)).toBe(true);
      expect((await storage.listSubscriptions()).map((s) => s.kind)).toEqual(['weekly']);
    });

    it('claims a weekly slot by its ISO week, apart from the daily slots and their post log', async () => {
      const storage = await ctx.open();
      const weekly = await storage.saveSubscription(CHANNEL, WEEKLY, 'U-alice', T0);
      const claim = await storage.claimSlot(weekly.id, '2026-W53', 'owner-a', T0, T0 + 10 * MINUTE);
      expect(claim).toEqual({ subscriptionId: 'slack:T01:C-research:weekly', localDate: '2026-W53', owner: 'owner-a', attempt: 1 });
      expect(await storage.completeSlot(claim!, 'msg-1', ['p1', 'p2'], T0 + MINUTE)).toBe(true);
      expect(await storage.claimSlot(weekly.id, '2026-W53', 'owner-b', T0 + 20 * MINUTE, T0 + 30 * MINUTE)).toBeUndefined();
      expect(await storage.getSlot(weekly.id, '2026-W53')).toMatchObject({ status: 'posted', messageId: 'msg-1' });
      expect(await storage.postedPaperIds(weekly.id)).toEqual(new Set(['p1', 'p2']));
      expect(await storage.postedPaperIds(subscriptionId(CHANNEL))).toEqual(new Set());
      expect(await storage.claimSlot(subscriptionId(CHANNEL), '2026-12-28', 'owner-b', T0, T0 + MINUTE)).toMatchObject({ attempt: 1 });
    });

    it('reports a weekly row whose days were damaged into a daily value clearly', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, WEEKLY, 'U-alice', T0);
      await ctx.sql(storage, `UPDATE subscriptions SET days = 'fortnightly' WHERE id = 'slack:T01:C-research:weekly'`);
      await expect(storage.getSubscription({ ...CHANNEL, kind: 'weekly' })).rejects.toThrow(/the subscriptions row "slack:T01:C-research:weekly" in the database is invalid: .*days/);
    });
  });

  describe('team signals since a time', () => {
    it('counts only the signals given at or after `since`; without it, all of them', async () => {
      const storage = await ctx.open();
      const at = (paperId: string, user: string, kind: 'save' | 'reaction', time: number) => storage.addSignal({ ...SLACK, paperId, user, kind }, time);
      await at('old', 'U1', 'save', T0 - 8 * 24 * 60 * MINUTE);
      await at('old', 'U2', 'reaction', T0 - MINUTE);
      await at('p1', 'U1', 'save', T0);
      await at('p1', 'U2', 'save', T0 + MINUTE);
      await at('p1', 'U3', 'reaction', T0 + 2 * MINUTE);
      await storage.addSignal({ platform: 'slack', workspace: 'T02', paperId: 'p1', user: 'U9', kind: 'save' }, T0 + MINUTE);

      expect(await storage.teamSignals('slack', 'T01', { since: T0 })).toEqual(new Map([['p1', { saves: 2, reactions: 1 }]]));
      expect(await storage.teamSignals('slack', 'T01', { since: T0 - MINUTE })).toEqual(
        new Map([
          ['old', { saves: 0, reactions: 1 }],
          ['p1', { saves: 2, reactions: 1 }],
        ]),
      );
      expect(await storage.teamSignals('slack', 'T01', { since: T0 + 3 * MINUTE })).toEqual(new Map());
      expect(await storage.teamSignals('slack', 'T01', {})).toEqual(await storage.teamSignals('slack', 'T01'));
      expect((await storage.teamSignals('slack', 'T01')).get('old')).toEqual({ saves: 1, reactions: 1 });
    });

    it('counts discussion replies from the UTC day `since` falls on (they are kept per paper and day)', async () => {
      const storage = await ctx.open();
      const day = 24 * 60 * MINUTE;
      await storage.addDiscussionReply('slack', 'T01', 'p1', T0 - 8 * day);
      await storage.addDiscussionReply('slack', 'T01', 'p1', T0);
      await storage.addDiscussionReply('slack', 'T01', 'p1', T0 + MINUTE);
      expect((await storage.teamSignals('slack', 'T01', { since: T0 - 7 * day })).get('p1')).toEqual({ saves: 0, reactions: 0, discussions: 2 });
      expect((await storage.teamSignals('slack', 'T01')).get('p1')).toEqual({ saves: 0, reactions: 0, discussions: 3 });
      expect(await storage.teamSignals('slack', 'T01', { since: T0 + 2 * day })).toEqual(new Map());
    });
  });
}
