import { describe, expect, it } from 'vitest';
import { subscriptionId } from '../../../src/subscriptions/subscription.js';
import { CHANNEL, MINUTE, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const SUB = subscriptionId(CHANNEL);
const DAY = '2026-11-27';
const LEASE = 5 * MINUTE;

export function slotsContract(ctx: ContractContext): void {
  describe('digest slots', () => {
    it('claims a new slot as attempt 1', async () => {
      const storage = await ctx.open();
      expect(await storage.getSlot(SUB, DAY)).toBeUndefined();
      const claim = await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE);
      expect(claim).toStrictEqual({ subscriptionId: SUB, localDate: DAY, owner: 'replica-a', attempt: 1 });
      expect(await storage.getSlot(SUB, DAY)).toStrictEqual({ subscriptionId: SUB, localDate: DAY, status: 'claimed', owner: 'replica-a', attempts: 1, leaseUntil: T0 + LEASE });
    });

    it('refuses a claim while a live lease is held, by anyone', async () => {
      const storage = await ctx.open();
      await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE);
      expect(await storage.claimSlot(SUB, DAY, 'replica-b', T0 + LEASE - 1, T0 + 2 * LEASE)).toBeUndefined();
      expect(await storage.claimSlot(SUB, DAY, 'replica-a', T0 + 1, T0 + 2 * LEASE)).toBeUndefined();
      expect((await storage.getSlot(SUB, DAY))?.owner).toBe('replica-a');
      // Other days and other subscriptions are separate slots.
      expect(await storage.claimSlot(SUB, '2026-11-28', 'replica-b', T0, T0 + LEASE)).toMatchObject({ attempt: 1 });
      expect(await storage.claimSlot('slack:T01:other', DAY, 'replica-b', T0, T0 + LEASE)).toMatchObject({ attempt: 1 });
    });

    it('lets a second owner take over an expired lease; the first can then neither complete nor fail it', async () => {
      const storage = await ctx.open();
      const first = (await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE))!;
      const second = await storage.claimSlot(SUB, DAY, 'replica-b', T0 + LEASE, T0 + 2 * LEASE); // lease_until <= now: expired
      expect(second).toStrictEqual({ subscriptionId: SUB, localDate: DAY, owner: 'replica-b', attempt: 2 });

      expect(await storage.completeSlot(first, 'msg-a', ['p1'], T0 + LEASE + 1)).toBe(false);
      await storage.failSlot(first, 'late failure', T0 + 10 * LEASE, T0 + LEASE + 1);
      expect(await storage.getSlot(SUB, DAY)).toMatchObject({ status: 'claimed', owner: 'replica-b', attempts: 2, leaseUntil: T0 + 2 * LEASE });
      expect(await storage.postedPaperIds(SUB)).toEqual(new Set());

      expect(await storage.completeSlot(second!, 'msg-b', ['p2'], T0 + LEASE + 2)).toBe(true);
      expect(await storage.postedPaperIds(SUB)).toEqual(new Set(['p2']));
    });

    it('an older attempt of the same owner cannot complete a newer one', async () => {
      const storage = await ctx.open();
      const old = (await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE))!;
      const newer = (await storage.claimSlot(SUB, DAY, 'replica-a', T0 + LEASE, T0 + 2 * LEASE))!;
      expect(newer.attempt).toBe(2);
      expect(await storage.completeSlot(old, 'msg-old', ['p1'], T0 + LEASE + 1)).toBe(false);
      expect(await storage.completeSlot(newer, 'msg-new', ['p2'], T0 + LEASE + 1)).toBe(true);
    });

    it('records a completed post, which can never be claimed again', async () => {
      const storage = await ctx.open();
      const claim = (await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE))!;
      expect(await storage.completeSlot(claim, '1732694400.000100', ['p1', 'p2', 'p2'], T0 + MINUTE)).toBe(true);
      expect(await storage.getSlot(SUB, DAY)).toStrictEqual({
        subscriptionId: SUB,
        localDate: DAY,
        status: 'posted',
        owner: 'replica-a',
        attempts: 1,
        leaseUntil: T0 + LEASE,
        messageId: '1732694400.000100',
        postedAt: T0 + MINUTE,
      });
      expect(await storage.completeSlot(claim, 'again', ['p3'], T0 + 2 * MINUTE)).toBe(false);
      for (const now of [T0 + LEASE, T0 + 365 * 24 * 60 * MINUTE, Number.MAX_SAFE_INTEGER - 1]) {
        expect(await storage.claimSlot(SUB, DAY, 'replica-b', now, now + LEASE)).toBeUndefined();
      }
      expect(await storage.getSlot(SUB, DAY)).toMatchObject({ status: 'posted', attempts: 1, messageId: '1732694400.000100' });
      expect(await storage.postedPaperIds(SUB)).toEqual(new Set(['p1', 'p2']));
    });

    it('records a failure for a retry time, truncating the error to 500 characters', async () => {
      const storage = await ctx.open();
      const claim = (await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE))!;
      await storage.failSlot({ ...claim, owner: 'replica-b' }, 'not mine', T0 + 2 * MINUTE, T0 + MINUTE);
      expect((await storage.getSlot(SUB, DAY))?.status).toBe('claimed');

      await storage.failSlot(claim, `rate_limited ${'🚦'.repeat(400)}`, T0 + 10 * MINUTE, T0 + MINUTE);
      const failed = await storage.getSlot(SUB, DAY);
      expect(failed).toMatchObject({ status: 'failed', owner: 'replica-a', attempts: 1, leaseUntil: T0 + 10 * MINUTE });
      expect(failed?.error).toBe(`rate_limited ${'🚦'.repeat(243)}`); // 13 + 486 units; the 500th would split an emoji
      expect(await storage.completeSlot(claim, 'msg', ['p1'], T0 + 2 * MINUTE)).toBe(false);

      expect(await storage.claimSlot(SUB, DAY, 'replica-b', T0 + 10 * MINUTE - 1, T0 + 20 * MINUTE)).toBeUndefined();
      const retry = await storage.claimSlot(SUB, DAY, 'replica-b', T0 + 10 * MINUTE, T0 + 20 * MINUTE);
      expect(retry).toMatchObject({ owner: 'replica-b', attempt: 2 });
      expect(await storage.completeSlot(retry!, 'msg', ['p1'], T0 + 11 * MINUTE)).toBe(true);
      expect(await storage.getSlot(SUB, DAY)).not.toHaveProperty('error');
    });

    it('a failure with retryAt Infinity is never claimed again and reads back as Infinity', async () => {
      const storage = await ctx.open();
      const claim = (await storage.claimSlot(SUB, DAY, 'replica-a', T0, T0 + LEASE))!;
      await storage.failSlot(claim, 'channel_not_found', Number.POSITIVE_INFINITY, T0 + MINUTE);
      expect(await storage.getSlot(SUB, DAY)).toMatchObject({ status: 'failed', leaseUntil: Number.POSITIVE_INFINITY, error: 'channel_not_found' });
      expect(await storage.claimSlot(SUB, DAY, 'replica-b', Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER)).toBeUndefined();
      // A lease to Infinity is stored the same way.
      const forever = await storage.claimSlot(SUB, '2026-11-28', 'replica-a', T0, Number.POSITIVE_INFINITY);
      expect(forever).toMatchObject({ attempt: 1 });
      expect((await storage.getSlot(SUB, '2026-11-28'))?.leaseUntil).toBe(Number.POSITIVE_INFINITY);
    });

    it('keeps posted paper ids per subscription, across days and across remove and re-subscribe', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      const day1 = (await storage.claimSlot(SUB, DAY, 'a', T0, T0 + LEASE))!;
      await storage.completeSlot(day1, 'm1', ['p1', 'p2'], T0);
      const day2 = (await storage.claimSlot(SUB, '2026-11-28', 'a', T0, T0 + LEASE))!;
      await storage.completeSlot(day2, 'm2', ['p2', 'p3'], T0);
      const other = (await storage.claimSlot('slack:T01:other', DAY, 'a', T0, T0 + LEASE))!;
      await storage.completeSlot(other, 'm3', ['p9'], T0);
      const empty = (await storage.claimSlot(SUB, '2026-11-29', 'a', T0, T0 + LEASE))!;
      expect(await storage.completeSlot(empty, 'm4', [], T0)).toBe(true);

      expect(await storage.postedPaperIds(SUB)).toEqual(new Set(['p1', 'p2', 'p3']));
      expect(await storage.removeSubscription(CHANNEL)).toBe(true);
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-bob', T0 + MINUTE);
      expect(await storage.postedPaperIds(SUB)).toEqual(new Set(['p1', 'p2', 'p3']));
      expect(await storage.postedPaperIds('slack:T01:never')).toEqual(new Set());
    });

    it('two storages on one database racing for the same slot: exactly one wins, every time', async () => {
      const first = await ctx.open();
      const second = await ctx.openSecond(first);
      for (let round = 0; round < 25; round++) {
        const day = `2026-12-${String(round + 1).padStart(2, '0')}`;
        const claims = await Promise.all([
          first.claimSlot(SUB, day, 'replica-a', T0, T0 + LEASE),
          second.claimSlot(SUB, day, 'replica-b', T0, T0 + LEASE),
          first.claimSlot(SUB, day, 'replica-c', T0, T0 + LEASE),
          second.claimSlot(SUB, day, 'replica-d', T0, T0 + LEASE),
        ]);
        const winners = claims.filter((c) => c !== undefined);
        expect(winners, `round ${round}`).toHaveLength(1);
        expect(winners[0]?.attempt).toBe(1);
        expect((await second.getSlot(SUB, day))?.owner).toBe(winners[0]?.owner);

        // After expiry the race is run again: still one winner, attempt 2.
        const retakes = await Promise.all([second.claimSlot(SUB, day, 'replica-e', T0 + LEASE, T0 + 2 * LEASE), first.claimSlot(SUB, day, 'replica-f', T0 + LEASE, T0 + 2 * LEASE)]);
        const retaken = retakes.filter((c) => c !== undefined);
        expect(retaken, `round ${round} retake`).toHaveLength(1);
        expect(retaken[0]?.attempt).toBe(2);
        expect(await first.completeSlot(winners[0]!, 'late', ['x'], T0 + LEASE)).toBe(false);
      }
    });
  });
}
