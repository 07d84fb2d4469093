import { describe, expect, it } from 'vitest';
import { MAX_FOLLOWS } from '../../../src/follows/follow.js';
import { type PersonRef, personalChannel } from '../../../src/personal/person.js';
import { forgottenTotal } from '../../../src/personal/preferences.js';
import type { Storage } from '../../../src/ports/storage.port.js';
import { subscriptionId } from '../../../src/subscriptions/subscription.js';
import { ALICE, BOB, CHANNEL, MINUTE, OTHER_CHANNEL, person, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const WEEKLY = { ...SETTINGS, days: 'monday' as const };
const DAY = '2026-11-27';

/** Everything paperboy can hold about one person, so forgetting can be checked against all of it. */
async function remember(storage: Storage, who: PersonRef): Promise<void> {
  await storage.addFollow(who, { kind: 'author', label: 'Yann LeCun', key: 'lecun y' }, MAX_FOLLOWS, T0);
  await storage.addFollow(who, { kind: 'topic', label: 'diffusion', key: 'diffus' }, MAX_FOLLOWS, T0);
  await storage.setQuietHours(who, { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' }, T0);
  await storage.markUnreachable(who, 'DMs closed', T0);
  await storage.queueAlerts(
    [who, who, who].map((p, i) => ({ ...p, paperId: `a${i}`, reasons: ['topic: diffusion'] })),
    T0,
  );
  await storage.claimAlerts(who, 'replica-a', T0, T0 + MINUTE);
  await storage.completeAlerts(who, 'replica-a', ['a0'], 'D1', T0);
  for (const kind of ['save', 'reaction'] as const) await storage.addSignal({ platform: who.platform, workspace: who.workspace, paperId: 'p1', user: who.user, kind }, T0);
  await storage.addSignal({ platform: who.platform, workspace: who.workspace, paperId: 'p2', user: who.user, kind: 'save' }, T0);
  // A daily and a weekly personal digest, each posted once (a slot and two papers).
  const mine = personalChannel(who);
  await storage.saveSubscription(mine, SETTINGS, who.user, T0);
  await storage.saveSubscription(mine, WEEKLY, who.user, T0);
  for (const kind of ['daily', 'weekly'] as const) {
    const id = subscriptionId({ ...mine, kind });
    const claim = (await storage.claimSlot(id, DAY, 'replica-a', T0, T0 + MINUTE))!;
    await storage.completeSlot(claim, 'D1/1', ['p1', 'p2'], T0);
  }
}

async function snapshot(storage: Storage, who: PersonRef): Promise<unknown> {
  const mine = personalChannel(who);
  const ids = [subscriptionId(mine), subscriptionId({ ...mine, kind: 'weekly' })];
  return {
    follows: await storage.listFollows(who),
    preferences: await storage.preferences(who),
    alerted: await storage.alertedPaperIds(who),
    saved: await storage.savedPaperIds(who.platform, who.workspace, who.user),
    signals: await storage.teamSignals(who.platform, who.workspace),
    subscriptions: await Promise.all(ids.map((id) => storage.getSubscription({ ...mine, kind: id.endsWith(':weekly') ? 'weekly' : 'daily' }))),
    slots: await Promise.all(ids.map((id) => storage.getSlot(id, DAY))),
    posted: await Promise.all(ids.map((id) => storage.postedPaperIds(id))),
  };
}

/** `/papers forget me`: one person's data goes, in one transaction; nobody else's. */
export function forgetContract(ctx: ContractContext): void {
  describe('forget a person', () => {
    it('deletes everything about the person and counts it; anonymizes the channel digests they set up', async () => {
      const storage = await ctx.open();
      const elsewhere = person(ALICE.user, { workspace: 'T02' });
      await remember(storage, ALICE);
      await remember(storage, elsewhere);
      await storage.saveSubscription(CHANNEL, SETTINGS, ALICE.user, T0);
      await storage.saveSubscription({ ...CHANNEL, workspace: 'T02' }, SETTINGS, ALICE.user, T0);
      const bobsChannel = await storage.saveSubscription(OTHER_CHANNEL, SETTINGS, BOB.user, T0);
      // A post log outlives an unsubscribe: it is still Alice's and still goes.
      await storage.removeSubscription({ ...personalChannel(ALICE), kind: 'weekly' });
      const before = await snapshot(storage, elsewhere);

      const report = await storage.forgetPerson(ALICE);
      expect(report).toStrictEqual({ follows: 2, signals: 3, subscriptions: 1, postLog: 6, alerts: 3, preferences: 1, anonymized: 1 });
      expect(forgottenTotal(report)).toBe(17);

      expect(await snapshot(storage, ALICE)).toStrictEqual({
        follows: [],
        preferences: {},
        alerted: new Set(),
        saved: [],
        signals: new Map(),
        subscriptions: [undefined, undefined],
        slots: [undefined, undefined],
        posted: [new Set(), new Set()],
      });
      expect((await storage.getSubscription(CHANNEL))?.createdBy).toBe('(forgotten)');
      expect(await storage.getSubscription(OTHER_CHANNEL)).toStrictEqual(bobsChannel);
      // The same user id in another workspace is another person.
      expect(await snapshot(storage, elsewhere)).toStrictEqual(before);
      expect((await storage.getSubscription({ ...CHANNEL, workspace: 'T02' }))?.createdBy).toBe(ALICE.user);
      // Forgetting again finds nothing.
      expect(forgottenTotal(await storage.forgetPerson(ALICE))).toBe(0);
    });

    it('leaves another person of the workspace untouched, team signals included', async () => {
      const storage = await ctx.open();
      await remember(storage, ALICE);
      await remember(storage, BOB);
      const bob = await snapshot(storage, BOB);
      await storage.forgetPerson(ALICE);
      expect(await snapshot(storage, BOB)).toStrictEqual({
        ...(bob as object),
        // Team counts lose Alice's save and 👍 (she gave them) and keep Bob's.
        signals: new Map([
          ['p1', { saves: 1, reactions: 1 }],
          ['p2', { saves: 1, reactions: 0 }],
        ]),
      });
      expect(await storage.allFollows()).toEqual((bob as { follows: unknown }).follows);
      expect(await storage.peopleWithAlerts(T0 + MINUTE)).toEqual([]); // Bob is still marked unreachable
      await storage.clearUnreachable(BOB);
      expect(await storage.peopleWithAlerts(T0 + MINUTE)).toEqual([BOB]);
    });

    it('forgets someone paperboy never heard of with all counts zero', async () => {
      const storage = await ctx.open();
      await remember(storage, BOB);
      expect(await storage.forgetPerson(person("U'; DELETE FROM follows; --"))).toStrictEqual({
        follows: 0,
        signals: 0,
        subscriptions: 0,
        postLog: 0,
        alerts: 0,
        preferences: 0,
        anonymized: 0,
      });
      expect(await storage.listFollows(BOB)).toHaveLength(2);
    });
  });
}
