import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { CHANNEL_1, CHANNEL_2, GUILD, MANAGE_CHANNELS, discordButtons, discordText, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

/**
 * The Discord adapter with real discord.js, connected over a loopback gateway to the fake
 * Discord: what a member of a server sees when they use /papers, and what lands in channels.
 */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const admin = { permissions: MANAGE_CHANNELS };

describe('Discord /papers', () => {
  it('answers a search privately with result cards and buttons, inside the deadline', async () => {
    h = await startDiscordHarness();
    const started = performance.now();
    const answer = await h.command('search', [{ name: 'query', type: 3, value: 'training without backpropagation' }]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Results 1–5 of \d+ for “training without backpropagation”/);
    expect(answer.text).toMatch(/NoProp/);
    const labels = discordButtons(answer.body).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Save 1', 'Related 1']));
    expect(labels.some((l) => /next/i.test(l))).toBe(true);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('pages through results with the next-page button', async () => {
    h = await startDiscordHarness();
    const first = await h.command('search', [{ name: 'query', type: 3, value: 'language models' }]);
    const next = discordButtons(first.body).find((b) => /next/i.test(b.label))!;
    const second = await h.click(next.customId, { fromEphemeral: true });
    // The private results are replaced in place, not answered with another message.
    expect(second.callbackTypes).toEqual([7]);
    expect(second.text).toMatch(/Results 6–10 of \d+ for “language models”/);
    expect(second.ephemeral).toBe(true);
  });

  it('saves from a button, lists saved papers, and shares a card publicly with who shared it', async () => {
    h = await startDiscordHarness();
    const found = await h.command('search', [{ name: 'query', type: 3, value: 'NoProp' }]);
    const buttons = discordButtons(found.body);
    const saved = await h.click(buttons.find((b) => b.label === 'Save 1')!.customId);
    expect(saved.text).toMatch(/Saved/i);
    expect((await h.command('saved')).text).toMatch(/NoProp/);
    const shared = await h.click(buttons.find((b) => /^Share/.test(b.label) && b.label.endsWith(' 1'))!.customId);
    expect(shared.ephemeral).toBe(false);
    expect(shared.text).toMatch(/NoProp/);
    expect(shared.text).toMatch(/^alice shared:/m);
  });

  it('turns empty or oversized input into a clear private reply', async () => {
    h = await startDiscordHarness();
    expect((await h.command('help')).text).toMatch(/\/papers search <query>/);
    const huge = await h.command('search', [{ name: 'query', type: 3, value: 'x'.repeat(5000) }]);
    expect(huge.ephemeral).toBe(true);
    expect(huge.text).toMatch(/at most 2000|keep it under 500/);
    expect((await h.command('show', [{ name: 'paper', type: 3, value: 'モデル 🚀' }])).text).toMatch(/No paper|not found|can’t find|couldn’t find/i);
  });

  it('answers options from a stale registration or a tampered client with what to do', async () => {
    h = await startDiscordHarness();
    expect((await h.command('frobnicate')).text).toMatch(/There is no command “frobnicate”\. Try \/papers help\./);
    const tooMany = await h.command('trending', [{ name: 'count', type: 4, value: 99 }]);
    expect(tooMany.ephemeral).toBe(true);
    expect(tooMany.text).toBe('count can be at most 10, not 99.');
    const notANumber = await h.command('trending', [{ name: 'count', type: 3, value: 'lots' }]);
    expect(notANumber.text).toMatch(/^count should be a whole number, not “lots”\. Usage: \/papers trending/);
    expect((await h.command('show', [])).text).toMatch(/^paper is missing\. Usage: \/papers show <paper>/);
  });

  it('never lets a query or a paper title ping anyone', async () => {
    h = await startDiscordHarness({
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        const base = [...shippedCollection().all()][0]!;
        await storage.savePapers([{ ...base, id: 'hostile-title', title: '@everyone <@123> <@&456> **Merging** [click](https://evil.example) models' }], 0);
        await storage.close();
      },
    });
    const answer = await h.command('search', [{ name: 'query', type: 3, value: '@everyone <@123> merging' }]);
    expect(answer.text).toMatch(/@everyone <@123> merging/);
    expect(answer.text).toMatch(/@everyone <@123> <@&456> \*\*Merging\*\*/);
    await h.command(
      'subscribe',
      [
        { name: 'time', type: 3, value: '09:00' },
        { name: 'topic', type: 3, value: '@everyone merging' },
      ],
      admin,
    );
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect(h.fake.pings()).toEqual([]);
  });
});

describe('Discord autocomplete', () => {
  it('suggests paper titles as they are typed, within Discord’s limits', async () => {
    h = await startDiscordHarness();
    const choices = await h.autocomplete('show', 'paper', 'noprop');
    expect(choices[0]!.name).toMatch(/^NoProp/);
    const any = await h.autocomplete('related', 'paper', '');
    expect(any.length).toBeGreaterThan(0);
    expect(any.length).toBeLessThanOrEqual(25);
    for (const c of [...choices, ...any]) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    // The chosen value is a paper id that `show` resolves.
    expect((await h.command('show', [{ name: 'paper', type: 3, value: choices[0]!.value }])).text).toMatch(/NoProp/);
  });

  it('suggests time zones by city, and survives hostile typing', async () => {
    h = await startDiscordHarness();
    expect((await h.autocomplete('subscribe', 'timezone', 'berlin')).map((c) => c.value)).toContain('Europe/Berlin');
    expect((await h.autocomplete('subscribe', 'timezone', 'new york'))[0]!.value).toBe('America/New_York');
    expect(await h.autocomplete('subscribe', 'timezone', '<@everyone>'.repeat(50))).toEqual([]);
  });
});

describe('Discord subscriptions', () => {
  it('refuses subscribe to members without Manage Channels, and stores nothing', async () => {
    h = await startDiscordHarness();
    const refused = await h.command('subscribe', [{ name: 'time', type: 3, value: '09:00' }]);
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/Only people who can manage this channel/);
    expect(await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 })).toBeUndefined();
  });

  it('refuses unsubscribe to members without Manage Channels, and keeps the digest', async () => {
    h = await startDiscordHarness();
    await h.command('subscribe', [{ name: 'time', type: 3, value: '09:00' }], admin);
    const refused = await h.command('unsubscribe');
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/Only people who can manage this channel/);
    expect(await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 })).toBeDefined();
    expect((await h.command('unsubscribe', [], admin)).ephemeral).toBe(false);
    expect(await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 })).toBeUndefined();
  });

  it('announces a subscription publicly and posts the digest once, with save and upvote buttons', async () => {
    h = await startDiscordHarness();
    const opts = [
      { name: 'time', type: 3, value: '09:00' },
      { name: 'timezone', type: 3, value: 'Europe/Berlin' },
      { name: 'days', type: 3, value: 'daily' },
      { name: 'count', type: 4, value: 3 },
    ];
    const done = await h.command('subscribe', opts, admin);
    expect(done.ephemeral).toBe(false);
    expect(done.text).toMatch(/subscribed this channel to 3 papers every day at 09:00 Europe\/Berlin/);
    await h.command(
      'subscribe',
      [
        { name: 'time', type: 3, value: '09:00' },
        { name: 'timezone', type: 3, value: 'UTC' },
      ],
      { ...admin, channel: CHANNEL_2 },
    );
    h.service.at('2026-11-27T08:00:00Z');
    await h.service.tick();
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    await h.service.tick();
    const [digest] = h.fake.messagesIn(CHANNEL_1);
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect(h.fake.messagesIn(CHANNEL_2)).toHaveLength(1);
    expect(discordText(digest as Record<string, unknown>)).toMatch(/Trending papers · Friday 27 November 2026/);
    const labels = discordButtons(digest as Record<string, unknown>).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Save 1', 'Save 3']));
    expect(labels.filter((l) => /👍|upvote/i.test(l))).toHaveLength(3);
    const slot = await h.service.service.storage.getSlot(`discord:${GUILD}:${CHANNEL_1}`, '2026-11-27');
    expect(slot?.messageId).toBe(digest!.id);
    // A 👍 from the digest is a team signal: it is acknowledged to the clicker only.
    const upvote = discordButtons(digest as Record<string, unknown>).find((b) => /👍/.test(b.label))!;
    const clicked = await h.click(upvote.customId, { channel: CHANNEL_1 });
    expect(clicked.ephemeral).toBe(true);
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
  });
});
