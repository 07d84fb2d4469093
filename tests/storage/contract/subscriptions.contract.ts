import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOPIC_LENGTH, subscriptionId } from '../../../src/subscriptions/subscription.js';
import { CHANNEL, channel, MINUTE, OTHER_CHANNEL, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

export function subscriptionsContract(ctx: ContractContext): void {
  describe('subscriptions', () => {
    it('saves a subscription and reads it back', async () => {
      const storage = await ctx.open();
      const saved = await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      const expected = {
        id: 'slack:T01:C-research',
        kind: 'daily',
        ...CHANNEL,
        ...SETTINGS,
        createdBy: 'U-alice',
        enabled: true,
        createdAt: T0,
        updatedAt: T0,
      };
      expect(saved).toStrictEqual(expected);
      expect(await storage.getSubscription(CHANNEL)).toStrictEqual(expected);
      expect(await storage.getSubscription(OTHER_CHANNEL)).toBeUndefined();
    });

    it('subscribing again replaces the settings, keeps createdAt and clears failing', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await storage.setSubscriptionFailing(CHANNEL, 'channel_not_found', T0 + MINUTE);
      expect((await storage.getSubscription(CHANNEL))?.failing).toBe('channel_not_found');

      const again = await storage.saveSubscription(CHANNEL, { time: '17:30', timezone: 'Asia/Tokyo', days: 'daily', count: 3 }, 'U-bob', T0 + 2 * MINUTE);
      const expected = {
        id: subscriptionId(CHANNEL),
        kind: 'daily',
        ...CHANNEL,
        time: '17:30',
        timezone: 'Asia/Tokyo',
        days: 'daily',
        count: 3,
        createdBy: 'U-bob',
        enabled: true,
        createdAt: T0,
        updatedAt: T0 + 2 * MINUTE,
      };
      // No topic given this time: the old one is gone, and there is no `failing` key at all.
      expect(again).toStrictEqual(expected);
      expect(await storage.getSubscription(CHANNEL)).toStrictEqual(expected);
      expect(await storage.listSubscriptions()).toHaveLength(1);
    });

    it('removes a subscription once', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await storage.saveSubscription(OTHER_CHANNEL, SETTINGS, 'U-alice', T0);
      expect(await storage.removeSubscription(CHANNEL)).toBe(true);
      expect(await storage.removeSubscription(CHANNEL)).toBe(false);
      expect(await storage.getSubscription(CHANNEL)).toBeUndefined();
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual([subscriptionId(OTHER_CHANNEL)]);
    });

    it('lists by id, optionally for one platform or workspace', async () => {
      const storage = await ctx.open();
      const refs = [channel(3), channel(1), channel(2, { workspace: 'T02' }), channel(1, { platform: 'discord', workspace: 'G9' })];
      for (const ref of refs) await storage.saveSubscription(ref, SETTINGS, 'U-alice', T0);
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual(['discord:G9:C001', 'slack:T01:C001', 'slack:T01:C003', 'slack:T02:C002']);
      expect((await storage.listSubscriptions({ platform: 'slack', workspace: 'T01' })).map((s) => s.id)).toEqual(['slack:T01:C001', 'slack:T01:C003']);
      expect((await storage.listSubscriptions({ platform: 'discord' })).map((s) => s.id)).toEqual(['discord:G9:C001']);
      expect(await storage.listSubscriptions({ workspace: 'nope' })).toEqual([]);
    });

    it('marks a subscription failing and clears it; a missing one is left alone', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await storage.setSubscriptionFailing(CHANNEL, 'x'.repeat(2000), T0 + MINUTE);
      const failing = await storage.getSubscription(CHANNEL);
      expect(failing?.failing).toBe('x'.repeat(500));
      expect(failing?.updatedAt).toBe(T0 + MINUTE);
      await storage.setSubscriptionFailing(CHANNEL, null, T0 + 2 * MINUTE);
      expect(await storage.getSubscription(CHANNEL)).not.toHaveProperty('failing');
      await storage.setSubscriptionFailing(OTHER_CHANNEL, 'gone', T0);
      expect(await storage.getSubscription(OTHER_CHANNEL)).toBeUndefined();
    });

    it('round-trips hostile and unicode strings exactly', async () => {
      const storage = await ctx.open();
      const ref = { platform: 'discord', workspace: `G'; DROP TABLE subscriptions; --`, channel: '<!channel> "#général" 🚀 \\ %_ \u200d' };
      const topic = `${'🧠'.repeat(50)}${'ü'.repeat(MAX_TOPIC_LENGTH - 100)}`; // exactly the limit, in UTF-16 units
      const settings = { ...SETTINGS, topic };
      const saved = await storage.saveSubscription(ref, settings, '<@U123|ałïçé> "quoted" \'single\'', T0);
      expect(await storage.getSubscription(ref)).toStrictEqual(saved);
      expect(saved.channel).toBe(ref.channel);
      expect(saved.topic).toBe(topic);
      expect(saved.workspace).toBe(ref.workspace);
      expect(await storage.listSubscriptions({ workspace: ref.workspace })).toHaveLength(1);
    });

    it('round-trips arbitrary text (property)', async () => {
      const storage = await ctx.open();
      // PostgreSQL text cannot hold NUL; chat platforms never send it.
      const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.floor(max / 4) }).filter((s) => !s.includes('\0') && s.length <= max);
      await fc.assert(
        fc.asyncProperty(text(40), text(MAX_TOPIC_LENGTH), text(60), async (name, topic, user) => {
          const ref = { platform: 'slack', workspace: 'T-prop', channel: name };
          const saved = await storage.saveSubscription(ref, { ...SETTINGS, topic }, user, T0);
          expect(saved).toMatchObject({ channel: name, topic, createdBy: user });
          expect(await storage.getSubscription(ref)).toStrictEqual(saved);
        }),
        { numRuns: 40 },
      );
    });

    it('rejects a 10,000-character topic and an invalid setting without writing anything', async () => {
      const storage = await ctx.open();
      await expect(storage.saveSubscription(CHANNEL, { ...SETTINGS, topic: 't'.repeat(10_000) }, 'U-alice', T0)).rejects.toThrow(
        /cannot save the subscription for slack:T01:C-research: topic: Too big/,
      );
      await expect(storage.saveSubscription(CHANNEL, { ...SETTINGS, count: 11 }, 'U-alice', T0)).rejects.toThrow(/count/);
      await expect(storage.saveSubscription(CHANNEL, { ...SETTINGS, timezone: 'Mars/Olympus' }, 'U-alice', T0)).rejects.toThrow(/timezone/);
      expect(await storage.listSubscriptions()).toEqual([]);
    });

    it('reports a corrupted row clearly instead of returning a wrong value', async () => {
      const storage = await ctx.open();
      await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      await storage.saveSubscription(OTHER_CHANNEL, SETTINGS, 'U-alice', T0);
      await ctx.sql(storage, `UPDATE subscriptions SET count = 99 WHERE id = 'slack:T01:C-research'`);
      const message = /the subscriptions row "slack:T01:C-research" in the database is invalid: count: Too big/;
      await expect(storage.getSubscription(CHANNEL)).rejects.toThrow(message);
      // A list skips the bad row (reporting it to the onInvalidRow handler) so other channels go on.
      expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual([subscriptionId(OTHER_CHANNEL)]);
      expect((await storage.getSubscription(OTHER_CHANNEL))?.count).toBe(5);

      await ctx.sql(storage, `UPDATE subscriptions SET timezone = 'Nowhere/Land' WHERE id = 'slack:T01:C-general'`);
      await expect(storage.getSubscription(OTHER_CHANNEL)).rejects.toThrow(/timezone: is not an IANA time zone/);
    });
  });
}
