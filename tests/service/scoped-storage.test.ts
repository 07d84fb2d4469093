import { afterEach, describe, expect, it } from 'vitest';
import { scopedToPlatforms } from '../../adapters/service/scoped-storage.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { subscriptionId } from '../../src/subscriptions/subscription.js';
import { CHANNEL, SETTINGS, T0 } from '../helpers/storage-fixtures.js';

const DISCORD = { platform: 'discord', workspace: 'G1', channel: 'C1' };

describe('storage scoped to the platforms a process can post to', () => {
  const opened: SqliteStorage[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('narrows the subscriptions it schedules and passes the team page’s archive and reading list through', async () => {
    const storage = SqliteStorage.open(':memory:');
    opened.push(storage);
    await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
    await storage.saveSubscription(DISCORD, SETTINGS, 'U-bob', T0);
    const claim = (await storage.claimSlot(subscriptionId(DISCORD), '2026-11-27', 'replica-a', T0, T0 + 1000))!;
    await storage.completeSlot(claim, 'm1', ['p2', 'p1'], T0);
    await storage.addSignal({ platform: 'discord', workspace: 'G1', paperId: 'p2', user: 'U-bob', kind: 'save' }, T0);

    const slackOnly = scopedToPlatforms(storage, new Set(['slack']));
    expect((await slackOnly.listSubscriptions()).map((s) => s.platform)).toEqual(['slack']);
    expect(await slackOnly.digestArchive(subscriptionId(DISCORD), 14)).toStrictEqual([{ localDate: '2026-11-27', postedAt: T0, messageId: 'm1', paperIds: ['p2', 'p1'] }]);
    expect(await slackOnly.readingList('discord', 'G1', 50)).toStrictEqual([{ paperId: 'p2', saves: 1, lastSavedAt: T0 }]);
  });
});
