import { GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeInvocation } from '../../adapters/discord/custom-ids.js';
import { DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import type { ThreadCard } from '../../adapters/chat-adapter.js';
import { createCommandService, silentLogger, textMessage, type CommandContext, type CommandService, type Message, type ThreadReply } from '../../src/index.js';
import { DEFAULT_GUILD, FakeDiscord } from '../fakes/discord/index.js';
import { card, message } from '../helpers/message-fixtures.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/**
 * The Discord adapter's side of Discuss, with the real discord.js against the fake Discord and
 * the real command service around a recorder: what a button click hands the command (the
 * message it was on, the thread it is in, threads to open), which thread replies are
 * reported (people's, never text), and a `threads: on` digest's header, thread and cards.
 */
const GUILD = DEFAULT_GUILD.id;
const CHANNEL = DEFAULT_GUILD.channels[0]!.id;
const here = { platform: 'discord', workspace: GUILD, channel: CHANNEL };

let fake: FakeDiscord;
let storage: SqliteStorage;
let adapter: DiscordAdapter;
let replies: ThreadReply[];
let discussed: CommandContext[];

beforeEach(async () => {
  fake = await FakeDiscord.start();
  storage = SqliteStorage.open(':memory:');
  replies = [];
  discussed = [];
  adapter = await startAdapter();
});

/** A fresh adapter (a fresh discord.js client, as after a restart) on the same fake and storage. */
async function startAdapter(): Promise<DiscordAdapter> {
  const paperboy = shippedPaperboy();
  const real = createCommandService({ paperboy, storage, logger: silentLogger });
  // The real service, except that Discuss and thread replies are recorded: this file is about what the adapter hands over.
  const commands: CommandService = {
    ...real,
    commands: real.commands,
    run: async (invocation, ctx) => {
      if (invocation.name !== 'discuss') return real.run(invocation, ctx);
      discussed.push(ctx);
      return textMessage('Discussion is in the thread.');
    },
    runText: (text, ctx) => real.runText(text, ctx),
    threadReply: async (reply: ThreadReply) => {
      replies.push(reply);
    },
  };
  const started = new DiscordAdapter({
    config: { token: fake.botToken, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    commands,
    paperboy,
    logger: silentLogger,
    clock: () => new Date('2026-11-27T10:00:00Z'),
    rest: { retries: 0, timeoutMs: 5_000 },
  });
  await started.start();
  return started;
}

afterEach(async () => {
  await adapter.stop();
  await fake.close();
  await storage.close();
});

const paper = (paperId: string, title: string): Message => message([{ type: 'paper', card: card({ paperId, title }) }], 'channel', title);
const header = (titles: string[]): Message =>
  message(
    [
      { type: 'heading', text: 'Trending papers · Friday 27 November 2026' },
      { type: 'text', text: titles.map((t, i) => `${i + 1}. ${t}`).join('\n') },
    ],
    'channel',
    'Trending papers',
  );
const cards = (n: number): ThreadCard[] => Array.from({ length: n }, (_, i) => ({ paperId: `p${i + 1}`, message: paper(`p${i + 1}`, `Paper number ${i + 1}`) }));

async function click(customId: string, channelId: string, messageId: string) {
  const d = fake.button({ guildId: GUILD, channelId, customId, messageId });
  await fake.dispatchInteraction(d);
  const id = String(d.id);
  await fake.waitFor(() => fake.replyText(id) !== '');
  return fake.interaction(id);
}

describe('Discord adapter: Discuss', () => {
  it('connects with Guilds and Guild Messages only: nothing privileged, no message content', () => {
    expect(fake.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
  });

  it('posts a threads-on digest as a header, then each card in order in the thread started from it', async () => {
    const receipt = await adapter.postDigest(here, header(['Paper number 1', 'Paper number 2', 'Paper number 3']), cards(3));
    const [posted] = fake.messagesIn(CHANNEL);
    expect(posted?.id).toBe(receipt.messageId);
    expect(fake.calls.find((c) => c.path === `/channels/${CHANNEL}/messages`)?.body).toMatchObject({ enforce_nonce: true });
    expect(fake.thread(receipt.messageId)?.name).toBe('Trending papers · Friday 27 November 2026');
    const inThread = fake.messagesIn(receipt.messageId);
    expect(inThread.map((m) => (m.embeds[0] as { title?: string }).title)).toEqual(['Paper number 1', 'Paper number 2', 'Paper number 3']);
    expect(receipt.thread).toEqual({ threadId: receipt.messageId, cards: inThread.map((m, i) => ({ paperId: `p${i + 1}`, messageId: m.id })) });
  });

  it('keeps the header when the thread cannot start, and says why in the receipt', async () => {
    fake.revokePermission(CHANNEL, 'CreatePublicThreads');
    const receipt = await adapter.postDigest(here, header(['Paper number 1']), cards(1));
    expect(fake.messagesIn(CHANNEL).map((m) => m.id)).toEqual([receipt.messageId]);
    expect(receipt.thread?.cards).toEqual([]);
    expect(receipt.thread?.error).toMatch(/give it Create Public Threads/);
  });

  it('stops at the first card Discord refuses and reports the cards that went out', async () => {
    let threadId: string | undefined;
    let cardsPosted = 0;
    fake.onCall((call) => {
      if (call.path.endsWith('/threads')) threadId = call.path.split('/')[4];
      if (threadId && call.path === `/channels/${threadId}/messages` && call.status === 200 && ++cardsPosted === 1) {
        fake.failNext(new RegExp(`^POST /channels/${threadId}/messages$`), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
      }
    });
    const receipt = await adapter.postDigest(here, header(['1', '2', '3']), cards(3));
    expect(receipt.thread?.cards.map((c) => c.paperId)).toEqual(['p1']);
    expect(receipt.thread?.error).toMatch(/Send Messages in Threads/);
    expect(fake.messagesIn(receipt.messageId)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.path === `/channels/${threadId}/messages`)).toHaveLength(2); // the third was not tried
  });

  it('hands a Discuss click the message it was on and threads for its channel, and answers privately', async () => {
    const digest = await adapter.postDigest(here, message([{ type: 'paper', card: card() }], 'channel', 'digest'));
    const answered = await click(encodeInvocation({ name: 'discuss', options: { paper: 'p1' } })!, CHANNEL, digest.messageId);
    expect(answered.callbacks[0]?.data?.flags).toBe(64);
    expect(discussed).toHaveLength(1);
    const ctx = discussed[0]!;
    expect(ctx.origin).toEqual({ messageId: digest.messageId });
    expect(ctx.channel).toBe(CHANNEL);
    const threadId = await ctx.threads!.open(digest.messageId, 'Discuss');
    expect(fake.thread(threadId)?.parentId).toBe(CHANNEL);
  });

  it('tells a click on a card inside a thread which thread it is in, even one discord.js forgot', async () => {
    const receipt = await adapter.postDigest(here, header(['Paper number 1']), cards(1));
    const threadId = receipt.thread!.threadId;
    const cardId = receipt.thread!.cards[0]!.messageId;
    const discuss = encodeInvocation({ name: 'discuss', options: { paper: 'p1' } })!;
    await click(discuss, threadId, cardId);
    expect(discussed[0]?.origin).toEqual({ messageId: cardId, threadId });
    // After a restart an archived thread is not in discord.js's cache (Discord sends active threads only): the click still knows where it is.
    fake.archiveThread(threadId);
    await adapter.stop();
    adapter = await startAdapter();
    await click(discuss, threadId, cardId);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === `/channels/${threadId}`)).toBe(true);
    expect(discussed[1]?.origin).toEqual({ messageId: cardId, threadId });
    // Threads still open from the thread's channel, not the thread.
    expect(await discussed[1]!.threads!.link(threadId, cardId)).toBe(`https://discord.com/channels/${GUILD}/${threadId}/${cardId}`);
  });

  it('reports people’s replies in threads, never their text, and nothing else', async () => {
    const receipt = await adapter.postDigest(here, header(['Paper number 1']), cards(1));
    const threadId = receipt.thread!.threadId;
    // Not counted: another bot, a system message, a person in the channel itself (the bot's own cards were not either).
    await fake.postAs({ channelId: threadId, bot: true });
    await fake.postAs({ channelId: threadId, type: 6 });
    await fake.postAs({ channelId: CHANNEL, content: 'not in a thread' });
    const { message: first, dispatched } = await fake.postAs({ channelId: threadId, content: '@everyone what a paper' });
    expect(dispatched).toBe(true);
    const { message: second } = await fake.postAs({ channelId: threadId, user: { id: '400000000000000002', username: 'bob' } });
    await fake.waitFor(() => replies.length >= 2);
    expect(replies).toEqual([
      { platform: 'discord', workspace: GUILD, channel: CHANNEL, threadId, messageId: first.id, at: Date.parse('2026-11-27T10:00:00Z') },
      { platform: 'discord', workspace: GUILD, channel: CHANNEL, threadId, messageId: second.id, at: Date.parse('2026-11-27T10:00:00Z') },
    ]);
  });

  it('counts a reply that reopens a thread archived before a restart (so discord.js had not seen it)', async () => {
    const receipt = await adapter.postDigest(here, header(['Paper number 1']), cards(1));
    const threadId = receipt.thread!.threadId;
    fake.archiveThread(threadId);
    await adapter.stop();
    adapter = await startAdapter();
    const { message: reply } = await fake.postAs({ channelId: threadId });
    await fake.waitFor(() => replies.length >= 1);
    expect(replies.map((r) => r.messageId)).toEqual([reply.id]);
  });
});
