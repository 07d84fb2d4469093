import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import type { FakeMessage } from '../fakes/discord/index.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { CHANNEL_1, GUILD, MANAGE_CHANNELS, discordButtons, discordText, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

/**
 * Discuss on Discord, end to end: the real service and the real discord.js against the fake
 * Discord. A digest's Discuss button starts a thread from the digest message and posts the
 * paper's card in it; people's replies there count in the server's trending; a `threads: on`
 * digest is a header with its cards in its thread; every refusal gets an answer that says
 * what to do, and the digest is never lost.
 */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const admin = { permissions: MANAGE_CHANNELS };
const LINK = new RegExp(`https://discord\\.com/channels/${GUILD}/(\\d+)/(\\d+)`);

async function digestAt9(harness: DiscordHarness, options = ''): Promise<FakeMessage> {
  const subscribed = await harness.commandText(`/papers subscribe 09:00 UTC daily 3${options}`, admin);
  expect(subscribed.text).toMatch(/subscribed this channel/);
  harness.service.at('2026-11-27T09:00:00Z');
  await harness.service.tick();
  const [digest] = harness.fake.messagesIn(CHANNEL_1);
  expect(digest).toBeDefined();
  return digest!;
}

/** The digest's Discuss buttons, in paper order. */
const discussButtons = (message: FakeMessage) => discordButtons(message as Record<string, unknown>).filter((b) => b.label.startsWith('Discuss'));
const titleOf = (m: FakeMessage) => (m.embeds[0] as { title?: string } | undefined)?.title ?? '';
const linkIn = (text: string) => {
  const [, threadId = '', messageId = ''] = LINK.exec(text) ?? [];
  return { threadId, messageId };
};

describe('Discord Discuss', () => {
  it('opens a thread from the digest with the paper’s card, links to it again, and shares it with the next paper', async () => {
    h = await startDiscordHarness();
    const digest = await digestAt9(h);
    const [first, second] = discussButtons(digest);
    expect(first && second).toBeTruthy();

    const opened = await h.click(first!.customId, { messageId: digest.id });
    expect(opened.ephemeral).toBe(true);
    expect(opened.text).toMatch(/^Opened a thread for “.+”: https:\/\/discord\.com\/channels\//);
    const { threadId, messageId } = linkIn(opened.text);
    expect(threadId).toBe(digest.id); // the thread started from the digest message
    const thread = h.fake.thread(threadId)!;
    expect(thread.parentId).toBe(CHANNEL_1);
    expect(thread.name).toMatch(/^Discuss: /);
    const [cardMessage] = h.fake.messagesIn(threadId);
    expect(cardMessage?.id).toBe(messageId);
    // The paper's full card, with its buttons but no Discuss (it is the discussion), and pinging no one.
    expect(discordText(cardMessage as Record<string, unknown>)).toContain(titleOf(cardMessage!));
    expect(thread.name).toContain(titleOf(cardMessage!).replace(/\\/g, '').slice(0, 40));
    expect(discordButtons(cardMessage as Record<string, unknown>).map((b) => b.label)).not.toContain('Discuss');
    expect(cardMessage?.allowed_mentions).toEqual({ parse: [] });

    const again = await h.click(first!.customId, { messageId: digest.id });
    expect(again.ephemeral).toBe(true);
    expect(again.text).toMatch(/is in the thread: /);
    expect(linkIn(again.text)).toEqual({ threadId, messageId });
    expect(h.fake.messagesIn(threadId)).toHaveLength(1);

    const next = await h.click(second!.customId, { messageId: digest.id });
    expect(next.text).toMatch(/^Posted “.+” in the thread/);
    expect(linkIn(next.text).threadId).toBe(threadId);
    expect(h.fake.messagesIn(threadId)).toHaveLength(2);
    expect(h.fake.calls.filter((c) => c.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('counts people’s replies in the thread for the paper they follow, and nothing else', async () => {
    h = await startDiscordHarness();
    const digest = await digestAt9(h);
    const [first] = discussButtons(digest);
    const opened = await h.click(first!.customId, { messageId: digest.id });
    const { threadId } = linkIn(opened.text);
    const title = titleOf(h.fake.messagesIn(threadId)[0]!);
    // Not counted: another bot, a system message, a person in the channel rather than the thread.
    await h.fake.postAs({ channelId: threadId, bot: true });
    await h.fake.postAs({ channelId: threadId, type: 6 });
    await h.fake.postAs({ channelId: CHANNEL_1 });
    await h.fake.postAs({ channelId: threadId, content: '@everyone great paper' });
    const storage = h.service.service.storage;
    const discussions = async () => (await storage.teamSignals('discord', GUILD)).get(paperIdOf(first!.customId))?.discussions ?? 0;
    await waitUntil(async () => (await discussions()) >= 1);
    await h.fake.postAs({ channelId: threadId, user: { id: '400000000000000002', username: 'bob' } });
    await waitUntil(async () => (await discussions()) >= 2);
    expect(await discussions()).toBe(2);
    const trending = await h.command('trending', [{ name: 'count', type: 4, value: 10 }]);
    expect(trending.text).toContain(title.replace(/\\/g, ''));
    expect(trending.text).toMatch(/discussed 2 times/);
  });

  it('posts a threads-on digest as a header with each card in its thread, and links Discuss there', async () => {
    h = await startDiscordHarness();
    const header = await digestAt9(h, ' threads: on');
    const thread = h.fake.thread(header.id);
    expect(thread?.parentId).toBe(CHANNEL_1);
    const cards = h.fake.messagesIn(header.id);
    expect(cards).toHaveLength(3);
    // The header lists the papers, so the digest reads whole even without its thread.
    for (const card of cards) expect(discordText(header as Record<string, unknown>)).toContain(titleOf(card).replace(/\\/g, ''));
    // Discuss on a card in the thread points at that card; nothing new is posted.
    const [discuss] = discussButtons(cards[1]!);
    const answer = await h.click(discuss!.customId, { channel: header.id, messageId: cards[1]!.id });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/is in this thread: /);
    expect(linkIn(answer.text)).toEqual({ threadId: header.id, messageId: cards[1]!.id });
    expect(h.fake.messagesIn(header.id)).toHaveLength(3);
    // A reply under the last card counts for that card's paper.
    await h.fake.postAs({ channelId: header.id });
    const last = paperIdOf(discussButtons(cards[2]!)[0]!.customId);
    const storage = h.service.service.storage;
    await waitUntil(async () => (await storage.teamSignals('discord', GUILD)).get(last)?.discussions === 1);
    expect([...(await storage.teamSignals('discord', GUILD)).values()].reduce((sum, s) => sum + (s.discussions ?? 0), 0)).toBe(1);
  });

  it('keeps a threads-on digest’s header when the thread cannot start', async () => {
    h = await startDiscordHarness();
    h.fake.revokePermission(CHANNEL_1, 'CreatePublicThreads');
    const header = await digestAt9(h, ' threads: on');
    expect(h.fake.thread(header.id)).toBeUndefined();
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect(h.service.logged.some((l) => l.level === 'warn' && /Create Public Threads/.test(String(l.fields.error)))).toBe(true);
    // The slot counts as posted: the next tick does not post it again.
    await h.service.tick();
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
  });

  it('answers a missing thread permission with the permission to grant, and records nothing', async () => {
    h = await startDiscordHarness();
    const digest = await digestAt9(h);
    h.fake.revokePermission(CHANNEL_1, 'CreatePublicThreads');
    const refused = await h.click(discussButtons(digest)[0]!.customId, { messageId: digest.id });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/give it Create Public Threads in this channel/);
    expect(h.fake.thread(digest.id)).toBeUndefined();
    expect(h.fake.messagesIn(CHANNEL_1).map((m) => m.id)).toEqual([digest.id]);
  });

  it('says so when the digest message was deleted', async () => {
    h = await startDiscordHarness();
    const digest = await digestAt9(h);
    const [button] = discussButtons(digest);
    h.fake.deleteMessage(digest.id);
    const answer = await h.click(button!.customId, { messageId: digest.id });
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/the digest message was deleted/);
  });

  it('posts into an archived thread (which reopens it), and says what to do about a locked one', async () => {
    h = await startDiscordHarness();
    const digest = await digestAt9(h);
    const [first, second, third] = discussButtons(digest);
    const { threadId } = linkIn((await h.click(first!.customId, { messageId: digest.id })).text);
    h.fake.archiveThread(threadId);
    expect((await h.click(second!.customId, { messageId: digest.id })).text).toMatch(/^Posted “.+” in the thread/);
    expect(h.fake.thread(threadId)?.archived).toBe(false);
    h.fake.archiveThread(threadId, { locked: true });
    const locked = await h.click(third!.customId, { messageId: digest.id });
    expect(locked.ephemeral).toBe(true);
    expect(locked.text).toMatch(/locked; a moderator can unlock it/);
    expect(h.fake.messagesIn(threadId)).toHaveLength(2);
  });

  it('keeps hostile titles harmless in a thread on a shared card: one-line names within 100 characters, posts that ping no one', async () => {
    const title = `@everyone <@123> <@&456> **Zanzibarian** [click](https://evil.example) models ${'with a very long title '.repeat(6)}`;
    h = await startDiscordHarness({
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        const base = [...shippedCollection().all()][0]!;
        await storage.savePapers([{ ...base, id: 'hostile-title', title }], 0);
        await storage.close();
      },
    });
    const found = await h.command('search', [{ name: 'query', type: 3, value: 'zanzibarian' }]);
    const share = discordButtons(found.body).find((b) => /^Share/.test(b.label) && b.label.endsWith(' 1'))!;
    const shared = await h.click(share.customId);
    const card = h.fake.replyMessages(shared.interactionId).find((m) => discussButtons(m).length > 0);
    expect(card).toBeDefined();
    const answer = await h.click(discussButtons(card!)[0]!.customId, { messageId: card!.id });
    expect(answer.text).toMatch(/^Opened a thread for “@everyone <@123>/);
    const thread = h.fake.thread(card!.id)!;
    expect([...thread.name].length).toBeLessThanOrEqual(100);
    expect(thread.name).toMatch(/^Discuss: @everyone <@123> <@&456> \*\*Zanzibarian\*\*/);
    expect(h.fake.messagesIn(card!.id)).toHaveLength(1);
    expect(h.fake.pings()).toEqual([]);
  });
});

/** The paper id a Discuss button carries (`pb1|discuss|paper=…`). */
function paperIdOf(customId: string): string {
  return decodeURIComponent(/paper=([^&|]+)/.exec(customId)?.[1] ?? '');
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${probe.toString().slice(0, 120)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
