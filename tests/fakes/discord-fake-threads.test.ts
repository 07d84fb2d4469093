import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, type Message, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from './discord/index.js';

/**
 * The fake Discord's threads against a real discord.js Client: threads started from messages
 * (with discord.js's own calls), the errors Discord answers, and MESSAGE_CREATE sent only to a
 * bot that asked for the Guild Messages intent, with text only for Message Content.
 */
const CHANNEL = '200000000000000001';

const running: Array<{ fake: FakeDiscord; clients: Client[] }> = [];

async function login(fake: FakeDiscord, intents: GatewayIntentBits[]): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.apiUrl, retries: 0 } });
  client.on(Events.Error, () => undefined);
  running.at(-1)?.clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.botToken);
  await ready;
  return client;
}

async function start(intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], options: FakeDiscordOptions = {}) {
  const fake = await FakeDiscord.start(options);
  running.push({ fake, clients: [] });
  const client = await login(fake, intents);
  const channel = (await client.channels.fetch(CHANNEL)) as TextChannel;
  return { fake, client, channel };
}

afterEach(async () => {
  for (const { fake, clients } of running.splice(0)) {
    for (const client of clients) await client.destroy();
    await fake.close();
  }
});

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

describe('fake Discord threads', () => {
  it('starts a thread from a message with discord.js, with the message’s id, and keeps its messages apart', async () => {
    const { fake, client, channel } = await start();
    const created: string[] = [];
    client.on(Events.ThreadCreate, (thread) => created.push(thread.id));
    const parent = await channel.send({ content: 'digest' });
    const thread = await parent.startThread({ name: 'Discuss' });
    expect(thread.id).toBe(parent.id);
    expect(thread.isThread() && thread.parentId).toBe(CHANNEL);
    await thread.send({ content: 'a card' });
    expect(fake.messagesIn(thread.id).map((m) => m.content)).toEqual(['a card']);
    expect(fake.messagesIn(CHANNEL).map((m) => m.content)).toEqual(['digest']);
    // The parent is marked HAS_THREAD (1 << 5) and carries its thread, as a button click on it shows discord.js.
    expect(fake.messagesIn(CHANNEL)[0]).toMatchObject({ flags: 32, thread: { id: thread.id } });
    // THREAD_CREATE went out too; whichever of it and the REST answer came first, discord.js reports the thread once.
    await fake.waitFor(() => created.length > 0);
    expect(created).toEqual([thread.id]);
  });

  it('answers 160004, 10008, 50013, 50035 and 50024 as Discord does', async () => {
    const { fake, channel } = await start();
    const parent = await channel.send({ content: 'digest' });
    await channel.threads.create({ startMessage: parent.id, name: 'once' });
    expect((await apiError(channel.threads.create({ startMessage: parent.id, name: 'twice' }))).code).toBe(160_004);
    expect((await apiError(channel.threads.create({ startMessage: '1', name: 'x' }))).code).toBe(10_008);
    expect((await apiError(channel.threads.create({ startMessage: (await channel.send({ content: 'y' })).id, name: 'x'.repeat(101) }))).code).toBe(50_035);
    const thread = (await channel.client.channels.fetch(parent.id)) as TextChannel;
    expect((await apiError(channel.client.rest.post(`/channels/${thread.id}/messages/${parent.id}/threads`, { body: { name: 'x' } }))).code).toBe(50_024);
    fake.revokePermission(CHANNEL, 'CreatePublicThreads');
    expect((await apiError(channel.threads.create({ startMessage: (await channel.send({ content: 'z' })).id, name: 'x' }))).code).toBe(50_013);
  });

  it('tells a new session about active threads only, and sends THREAD_UPDATE when one is archived', async () => {
    const { fake, client, channel } = await start();
    const active = await (await channel.send({ content: 'a' })).startThread({ name: 'active' });
    const archived = await (await channel.send({ content: 'b' })).startThread({ name: 'archived' });
    const updated = once(client, Events.ThreadUpdate);
    fake.archiveThread(archived.id);
    const [, after] = (await updated) as [unknown, { archived: boolean }];
    expect(after.archived).toBe(true);
    const later = await login(fake, [GatewayIntentBits.Guilds]);
    expect(later.channels.cache.has(active.id)).toBe(true);
    expect(later.channels.cache.has(archived.id)).toBe(false);
  });
});

describe('fake Discord MESSAGE_CREATE', () => {
  const nextMessage = (client: Client) => once(client, Events.MessageCreate).then(([m]) => m as Message);

  it('is not sent to a bot without the Guild Messages intent', async () => {
    const { fake, client } = await start([GatewayIntentBits.Guilds]);
    let seen = 0;
    client.on(Events.MessageCreate, () => {
      seen += 1;
    });
    expect((await fake.postAs({ channelId: CHANNEL })).dispatched).toBe(false);
    // A later dispatch the bot does get (an interaction) arrives after anything sent before it.
    const interaction = once(client, Events.InteractionCreate);
    await fake.dispatchInteraction(fake.button({ channelId: CHANNEL, customId: 'x' }));
    await interaction;
    expect(seen).toBe(0);
  });

  it('is sent with Guild Messages, the text blank without Message Content', async () => {
    const { fake, client } = await start();
    const arriving = nextMessage(client);
    const { message, dispatched } = await fake.postAs({ channelId: CHANNEL, content: 'secret text' });
    expect(dispatched).toBe(true);
    const seen = await arriving;
    expect(seen.id).toBe(message.id);
    expect(seen.author.bot).toBe(false);
    expect(seen.content).toBe('');
  });

  it('carries the text for Message Content (privileged, so only where the app enabled it)', async () => {
    const { fake, client } = await start([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent], { privilegedIntents: true });
    const arriving = nextMessage(client);
    await fake.postAs({ channelId: CHANNEL, content: 'visible text' });
    expect((await arriving).content).toBe('visible text');
  });

  it('reaches discord.js for a message in a thread, as a thread message', async () => {
    const { fake, client, channel } = await start();
    const thread = await (await channel.send({ content: 'digest' })).startThread({ name: 'Discuss' });
    const arriving = nextMessage(client);
    await fake.postAs({ channelId: thread.id });
    const seen = await arriving;
    expect(seen.channel.isThread() && seen.channel.parentId).toBe(CHANNEL);
  });
});
