import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordThreads, sendRendered, threadName } from '../../adapters/discord/discord-threads.js';
import { renderDiscordMessage } from '../../adapters/discord/render-message.js';
import { DeliveryError, type Message } from '../../src/index.js';
import { DEFAULT_GUILD, FakeDiscord } from '../fakes/discord/index.js';
import { card, message } from '../helpers/message-fixtures.js';

/**
 * Discussion threads on Discord with the real discord.js against the fake Discord: a thread
 * started from a digest message, cards posted in it, and every way Discord can refuse, each
 * answered with what to do.
 */
const GUILD = DEFAULT_GUILD.id;
const CHANNEL = DEFAULT_GUILD.channels[0]!.id;

let fake: FakeDiscord;
let client: Client;
let threads: DiscordThreads;

beforeEach(async () => {
  fake = await FakeDiscord.start();
  client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: fake.apiUrl, retries: 0 } });
  client.on('error', () => undefined);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.botToken);
  await ready;
  threads = new DiscordThreads(client, GUILD, CHANNEL);
});

afterEach(async () => {
  await client.destroy();
  await fake.close();
});

const digest = (title = 'Attention Is All You Need'): Message =>
  message(
    [
      { type: 'heading', text: 'Trending papers' },
      { type: 'paper', card: card({ title }) },
    ],
    'channel',
    'Trending papers',
  );
const paperCard = (title: string, paperId = 'p1'): Message => message([{ type: 'paper', card: card({ paperId, title, summary: `About ${title}.` }) }], 'channel', title);
const postDigest = (m: Message = digest()) => sendRendered(client, CHANNEL, m);
const failure = async (promise: Promise<unknown>): Promise<DeliveryError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
};

describe('Discord discussion threads', () => {
  it('starts a public thread from the digest message, with its id, archived after a quiet week', async () => {
    const digestId = await postDigest();
    const threadId = await threads.open(digestId, 'Discuss: Attention Is All You Need');
    expect(threadId).toBe(digestId);
    expect(fake.thread(digestId)).toMatchObject({ parentId: CHANNEL, name: 'Discuss: Attention Is All You Need', autoArchiveDuration: 10_080, archived: false });
    const request = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL}/messages/${digestId}/threads`);
    expect(request?.body).toMatchObject({ type: 11, auto_archive_duration: 10_080 });
  });

  it('finds the thread a message already has instead of failing', async () => {
    const digestId = await postDigest();
    await threads.open(digestId, 'first');
    expect(await threads.open(digestId, 'second')).toBe(digestId);
    const starts = fake.calls.filter((c) => c.path.endsWith('/threads'));
    expect(starts.map((c) => c.status)).toEqual([201, 400]);
    expect(fake.thread(digestId)?.name).toBe('first');
  });

  it('posts cards in the thread as the channel would show them, in order, and links to each', async () => {
    const digestId = await postDigest();
    const threadId = await threads.open(digestId, 'Discuss');
    const first = await threads.post(threadId, paperCard('Attention Is All You Need'));
    const second = await threads.post(threadId, paperCard('NoProp: training without backpropagation', 'p2'));
    const posted = fake.messagesIn(threadId);
    expect(posted.map((m) => m.id)).toEqual([first, second]);
    const rendered = renderDiscordMessage(paperCard('Attention Is All You Need'));
    expect(posted[0]!.embeds).toEqual(rendered.embeds);
    expect(posted[0]!.allowed_mentions).toEqual({ parse: [] });
    expect(fake.messagesIn(CHANNEL)).toHaveLength(1); // nothing went to the channel itself
    expect(await threads.link(threadId, second)).toBe(`https://discord.com/channels/${GUILD}/${threadId}/${second}`);
  });

  it('posts in a thread discord.js has not seen since it started (fetched by id)', async () => {
    const digestId = await postDigest();
    await threads.open(digestId, 'Discuss');
    client.channels.cache.delete(digestId);
    await threads.post(digestId, paperCard('A paper'));
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === `/channels/${digestId}`)).toBe(true);
    expect(fake.messagesIn(digestId)).toHaveLength(1);
  });

  it('says to grant Create Public Threads when the bot may not start threads', async () => {
    const digestId = await postDigest();
    fake.revokePermission(CHANNEL, 'CreatePublicThreads');
    const error = await failure(threads.open(digestId, 'Discuss'));
    expect(error.message).toMatch(/Missing Permissions \(50013\): .*give it Create Public Threads in this channel/);
    expect(fake.thread(digestId)).toBeUndefined();
  });

  it('says to grant Send Messages in Threads when the bot may not post in them', async () => {
    const digestId = await postDigest();
    const threadId = await threads.open(digestId, 'Discuss');
    fake.revokePermission(CHANNEL, 'SendMessagesInThreads');
    const error = await failure(threads.post(threadId, paperCard('A paper')));
    expect(error.message).toMatch(/give it Send Messages in Threads in this channel/);
  });

  it('says the digest was deleted when its message is gone', async () => {
    const digestId = await postDigest();
    fake.deleteMessage(digestId);
    const error = await failure(threads.open(digestId, 'Discuss'));
    expect(error.message).toMatch(/Unknown Message \(10008\): the digest message was deleted/);
  });

  it('reopens an archived thread by posting, and says to unlock a locked one', async () => {
    const digestId = await postDigest();
    const threadId = await threads.open(digestId, 'Discuss');
    fake.archiveThread(threadId);
    await threads.post(threadId, paperCard('One'));
    expect(fake.thread(threadId)?.archived).toBe(false);
    fake.archiveThread(threadId, { locked: true });
    const error = await failure(threads.post(threadId, paperCard('Two')));
    expect(error.message).toMatch(/\(50083\): the thread is archived and locked; a moderator can unlock it/);
    expect(fake.messagesIn(threadId)).toHaveLength(1);
  });

  it('says the thread or channel is gone, or cannot be seen', async () => {
    const digestId = await postDigest();
    const threadId = await threads.open(digestId, 'Discuss');
    fake.denyAccess(CHANNEL, 50001);
    client.channels.cache.delete(threadId);
    expect((await failure(threads.post(threadId, paperCard('A paper')))).message).toMatch(/Missing Access \(50001\): .*give it View Channel/);
    fake.deleteChannel(CHANNEL);
    expect((await failure(threads.post(threadId, paperCard('A paper')))).message).toMatch(/Unknown Channel \(10003\): the thread or its channel was deleted/);
  });

  it('keeps hostile titles harmless: one-line names within 100 characters, posts that ping no one', async () => {
    const hostile = `@everyone **bold** <@&123> </script>\n${'🧪'.repeat(120)}`;
    const digestId = await postDigest(digest(hostile));
    const threadId = await threads.open(digestId, `Discuss: ${hostile}`);
    const name = fake.thread(threadId)!.name;
    expect([...name].length).toBeLessThanOrEqual(100);
    expect(name).not.toMatch(/\n/);
    expect(name.startsWith('Discuss: @everyone **bold**')).toBe(true);
    await threads.post(threadId, paperCard(hostile));
    expect(fake.messagesIn(threadId)).toHaveLength(1);
    expect(fake.pings()).toEqual([]);
  });

  it('names a thread even when given nothing to name it by', () => {
    expect(threadName('  \n ')).toBe('Discussion');
    expect(threadName('x'.repeat(500))).toHaveLength(100);
    // Cut between characters, never inside an emoji's surrogate pair.
    const emoji = threadName(`Discuss: ${'🧪'.repeat(120)}`);
    expect(emoji.length).toBeLessThanOrEqual(100);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
