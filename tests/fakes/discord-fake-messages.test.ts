import { ChannelType, Events, GatewayIntentBits, MessageFlags, Routes, type DMChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER } from './discord/index.js';
import { TEXT_1, TEXT_2, apiError, sendable, useFakeBots } from './discord-fake-bot.js';

/**
 * The fake Discord's messages against a real discord.js Client: channel posts (limits, missing channels, rate
 * limits, 5xx) and direct messages (DM channels opened with users.createDM, posts to them, and the ways Discord
 * refuses a person who cannot be reached).
 */
const startBot = useFakeBots();
const ALICE = DEFAULT_USER.id;

describe('channel messages', () => {
  it('records sends, enforces limits server-side and reports missing channels and access', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    const sent = await channel.send({ content: 'Today in papers', allowedMentions: { parse: [] } });
    expect(fake.messagesIn(TEXT_1)).toHaveLength(1);
    expect(fake.messagesIn(TEXT_1)[0]).toMatchObject({ id: sent.id, channel_id: TEXT_1, content: 'Today in papers', allowed_mentions: { parse: [] } });
    expect(sent.author.id).toBe(fake.botUserId);

    const tooLong = await apiError(channel.send({ embeds: [{ title: 'Digest', description: 'x'.repeat(5000) }] }));
    expect(tooLong.code).toBe(50035);
    expect(tooLong.status).toBe(400);
    expect(tooLong.message).toContain('embeds[0].description');
    const totalTooBig = Array.from({ length: 2 }, () => ({ description: 'y'.repeat(3500) }));
    expect((await apiError(channel.send({ embeds: totalTooBig }))).code).toBe(50035);
    expect((await apiError(channel.send({ content: 'z'.repeat(2001) }))).code).toBe(50035);
    expect(fake.messagesIn(TEXT_1)).toHaveLength(1);

    const other = await sendable(client, TEXT_2);
    fake.deleteChannel(TEXT_2);
    expect((await apiError(other.send('gone'))).code).toBe(10003);
    fake.denyAccess(TEXT_1);
    const denied = await apiError(channel.send('nope'));
    expect([denied.code, denied.status]).toEqual([50001, 403]);
    expect(fake.messagesIn(TEXT_1)).toHaveLength(1);
    expect(fake.messagesIn(TEXT_2)).toEqual([]);
  });

  it('rejects an empty message with 50006 and an invalid button row with 50035', async () => {
    const { client } = await startBot();
    const empty = client.rest.post(Routes.channelMessages(TEXT_1), { body: { content: '' } });
    expect((await apiError(empty)).code).toBe(50006);
    const button = { type: 2, style: 1, label: 'More', custom_id: 'same' };
    const duplicate = client.rest.post(Routes.channelMessages(TEXT_1), { body: { content: 'x', components: [{ type: 1, components: [button, button] }] } });
    expect((await apiError(duplicate)).message).toContain('COMPONENT_CUSTOM_ID_DUPLICATED');
  });

  it('waits out a 429 (Retry-After 1 s) and then posts exactly once', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    fake.rateLimitNext(/POST \/channels/, { retryAfterSeconds: 1 });
    const started = Date.now();
    await channel.send('after the limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.calls.filter((c) => c.path === `/channels/${TEXT_1}/messages`).map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messagesIn(TEXT_1).map((m) => m.content)).toEqual(['after the limit']);
    expect(fake.calls.find((c) => c.status === 429)).toBeDefined();
  });

  it('answers a global 429 with the global headers, which discord.js also waits out', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    fake.rateLimitNext(/POST \/channels/, { retryAfterSeconds: 1, global: true });
    // @discordjs/rest emits rateLimited only for its pre-request wait, always with scope 'user'; `global` comes from X-RateLimit-Global.
    const limited: boolean[] = [];
    client.rest.on('rateLimited', (info) => void limited.push(info.global));
    const started = Date.now();
    await channel.send('after the global limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(limited).toEqual([true]);
    expect(fake.messagesIn(TEXT_1)).toHaveLength(1);
  });

  it('lets discord.js retry two 500s and delivers the message once', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 500 }, 2);
    await channel.send('third time lucky');
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.status)).toEqual([500, 500, 200]);
    expect(fake.messagesIn(TEXT_1)).toHaveLength(1);
  });
});

describe('direct messages', () => {
  it('opens a DM channel (type 1, the user as recipient) that discord.js caches, and keeps what is posted to it', async () => {
    const { fake, client } = await startBot();
    fake.arrangeDirectMessages(ALICE, 'open', 'alice');
    const dm = await client.users.createDM(ALICE);
    expect(dm.type).toBe(ChannelType.DM);
    expect(dm.recipientId).toBe(ALICE);
    expect(dm.partial).toBe(false);
    expect((await client.users.createDM(ALICE)).id).toBe(dm.id);
    // Discord answers an existing DM with the same channel.
    expect((await client.users.createDM(ALICE, { force: true })).id).toBe(dm.id);
    expect(fake.calls.filter((c) => c.path === '/users/@me/channels').map((c) => [c.method, c.body, c.status])).toEqual([
      ['POST', { recipient_id: ALICE }, 200],
      ['POST', { recipient_id: ALICE }, 200],
    ]);
    const sent = await dm.send({ content: 'New papers for you', allowedMentions: { parse: [] } });
    expect(fake.dmChannelWith(ALICE)).toBe(dm.id);
    expect(fake.directMessagesTo(ALICE)).toEqual([expect.objectContaining({ id: sent.id, channel_id: dm.id, content: 'New papers for you' })]);
    expect(fake.directMessagesTo('400000000000000002')).toEqual([]);
    const fetched = (await client.channels.fetch(dm.id, { force: true })) as DMChannel;
    expect([fetched.type, fetched.recipientId]).toEqual([ChannelType.DM, ALICE]);
  });

  it('refuses a person who cannot be reached the way Discord does: at posting (50007, 50278) or at opening (10013, 50033)', async () => {
    const { fake, client } = await startBot();
    fake.arrangeDirectMessages(ALICE, 'closed');
    const closed = await client.users.createDM(ALICE);
    expect([(await apiError(closed.send('hi'))).code, fake.calls.at(-1)?.status]).toEqual([50007, 403]);
    fake.arrangeDirectMessages(ALICE, 'no-mutual-server');
    expect((await apiError(closed.send('hi'))).code).toBe(50278);
    fake.arrangeDirectMessages(ALICE, 'open');
    await closed.send('open again');
    expect(fake.directMessagesTo(ALICE).map((m) => m.content)).toEqual(['open again']);

    fake.arrangeDirectMessages('400000000000000002', 'unknown-user');
    const unknown = await apiError(client.users.createDM('400000000000000002'));
    expect([unknown.code, unknown.status]).toEqual([10013, 404]);
    fake.arrangeDirectMessages('400000000000000003', 'deleted-user');
    expect((await apiError(client.users.createDM('400000000000000003'))).code).toBe(50033);
    const malformed = await apiError(client.rest.post(Routes.userChannels(), { body: { recipient_id: 'alice' } }));
    expect([malformed.code, malformed.message]).toEqual([50035, expect.stringContaining('recipient_id')]);
    expect((await apiError(client.rest.post(Routes.userChannels(), { body: { recipient_id: fake.botUserId } }))).code).toBe(50007);
  });

  it('waits out a 429 on opening a DM, logs pings there too, and answers 10003 to a DM channel that is gone', async () => {
    const { fake, client } = await startBot();
    fake.rateLimitNext(/^POST \/users\/@me\/channels$/, { retryAfterSeconds: 1 });
    const dm = await client.users.createDM(ALICE);
    expect(fake.calls.map((c) => c.status)).toContain(429);
    await dm.send('loud @everyone');
    expect(fake.pings()).toEqual([{ where: 'channel', mention: '@everyone', path: `POST /channels/${dm.id}/messages` }]);
    fake.deleteChannel(dm.id);
    expect((await apiError(dm.send('stale'))).code).toBe(10003);
    const fresh = await client.users.createDM(ALICE, { force: true });
    expect(fresh.id).not.toBe(dm.id);
    await fresh.send('fresh');
    expect(fake.directMessagesTo(ALICE).map((m) => m.content)).toEqual(['fresh']);
  });

  it('delivers a click on a DM’s button with no guild, the user instead of a member, and no DM intent needed', async () => {
    const { fake, client } = await startBot();
    const dm = await client.users.createDM(ALICE);
    const posted = await dm.send({ content: 'alert', components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Save', custom_id: 'pb1|save|paper=x' }] }] });
    const seen: unknown[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isButton()) return;
      seen.push({ guild: i.guildId, channel: i.channelId, user: i.user.id, member: i.member, message: i.message.id, dm: i.channel?.isDMBased() ?? 'uncached' });
      await i.reply({ content: 'Saved', flags: MessageFlags.Ephemeral });
    });
    const d = fake.button({ channelId: dm.id, customId: 'pb1|save|paper=x', messageId: posted.id });
    await fake.dispatchInteraction(d);
    await fake.waitFor(() => fake.interaction(String(d.id)).callbacks[0]);
    expect(seen).toEqual([{ guild: null, channel: dm.id, user: ALICE, member: null, message: posted.id, dm: true }]);
    expect(fake.intents & GatewayIntentBits.DirectMessages).toBe(0);
  });
});
