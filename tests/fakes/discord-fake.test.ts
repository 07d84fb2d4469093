import { Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, Routes, type Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { FakeDiscord, mentionsThatWouldPing } from './discord/index.js';
import { GUILD, TEXT_1, TEXT_2, apiError, sendable, useFakeBots } from './discord-fake-bot.js';

/**
 * Proves the fake Discord against a real discord.js Client (REST + gateway), so adapter tests can trust that what
 * passes against the fake passes against the wire discord.js speaks. Every assertion here would fail if the fake
 * answered differently from Discord in the way discord.js depends on.
 */

const startBot = useFakeBots();
const idOf = (d: Record<string, unknown>): string => d.id as string;

/** Counts interactionCreate events by interaction id. */
function countInteractions(client: Client): Map<string, number> {
  const seen = new Map<string, number>();
  client.on(Events.InteractionCreate, (i: Interaction) => void seen.set(i.id, (seen.get(i.id) ?? 0) + 1));
  return seen;
}

describe('login and READY', () => {
  it('logs in, becomes ready at once (no 15 s guild wait) and caches the guild channels', async () => {
    const started = Date.now();
    const { fake, client } = await startBot();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(client.user?.id).toBe(fake.applicationId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(GUILD)?.available).toBe(true);
    expect([...client.channels.cache.keys()].sort()).toEqual([TEXT_1, TEXT_2]);
    expect(fake.identifies).toBe(1);
    expect(fake.connected).toBe(true);
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(['GET /gateway/bot 200']);
    expect(fake.calls[0]?.auth).toBe(`Bot ${fake.botToken}`);
  });

  it('answers 401 to a bot route without the token, and 404 to unknown routes', async () => {
    const fake = await FakeDiscord.start();
    try {
      const unauthorized = await fetch(`${fake.apiUrl}/v10/channels/${TEXT_1}`);
      expect(unauthorized.status).toBe(401);
      expect(await unauthorized.json()).toEqual({ message: '401: Unauthorized', code: 0 });
      const unknown = await fetch(`${fake.apiUrl}/v10/nothing/here`, { headers: { authorization: `Bot ${fake.botToken}` } });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe('application/json');
      expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
    } finally {
      await fake.close();
    }
  });
});

describe('interactions', () => {
  it('delivers a chat-input command and records an ephemeral reply as callback type 4', async () => {
    const { fake, client } = await startBot();
    const seen: unknown[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push({ channelId: i.channelId, sub: i.options.getSubcommand(), query: i.options.getString('query'), user: i.user.username });
      await i.reply({ content: 'Searching…', flags: MessageFlags.Ephemeral });
    });
    const d = fake.chatInput({ channelId: TEXT_1, subcommand: 'search', options: [{ name: 'query', type: 3, value: 'transformers' }] });
    await fake.dispatchInteraction(d);
    const callback = await fake.waitFor(() => fake.interaction(idOf(d)).callbacks[0]);
    expect(seen).toEqual([{ channelId: TEXT_1, sub: 'search', query: 'transformers', user: 'alice' }]);
    expect(callback).toEqual({ type: 4, data: expect.objectContaining({ content: 'Searching…', flags: 64 }) });
    const call = fake.calls.find((c) => c.path === `/interactions/${idOf(d)}/${String(d.token)}/callback`);
    expect(call).toMatchObject({ method: 'POST', status: 204, auth: undefined });
    expect(fake.replyText(idOf(d))).toBe('Searching…');
  });

  it('records deferReply, editReply and followUp, and returns real messages for them', async () => {
    const { fake, client } = await startBot();
    const returned: string[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      returned.push((await i.editReply('Found 3 papers')).content);
      returned.push((await i.followUp({ content: 'Page 2', flags: MessageFlags.Ephemeral })).content);
    });
    const d = fake.chatInput({ channelId: TEXT_1, subcommand: 'trending' });
    await fake.dispatchInteraction(d);
    await fake.waitFor(() => returned.length === 2);
    const record = fake.interaction(idOf(d));
    expect(record.callbacks.map((c) => c.type)).toEqual([5]);
    expect(record.edits).toEqual([expect.objectContaining({ content: 'Found 3 papers' })]);
    expect(record.followUps).toEqual([expect.objectContaining({ content: 'Page 2', flags: 64 })]);
    expect(returned).toEqual(['Found 3 papers', 'Page 2']);
    expect(fake.calls.some((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'))).toBe(true);
    expect(fake.calls.find((c) => c.method === 'POST' && c.path.startsWith('/webhooks/'))?.query.get('wait')).toBe('true');
    expect(fake.replyText(idOf(d))).toBe('Found 3 papers\nPage 2');
  });

  it('records autocomplete choices as type 8 and rejects 26 of them with 50035', async () => {
    const { fake, client } = await startBot();
    const failures: unknown[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      const count = typed === 'many' ? 26 : 3;
      const choices = Array.from({ length: count }, (_, n) => ({ name: `${typed} ${n}`, value: `v${n}` }));
      await i.respond(choices).catch((error: unknown) => failures.push(error));
    });
    const few = fake.autocomplete({ channelId: TEXT_1, subcommand: 'paper', options: [{ name: 'paper', type: 3, value: 'attn' }], focused: 'paper' });
    await fake.dispatchInteraction(few);
    const callback = await fake.waitFor(() => fake.interaction(idOf(few)).callbacks[0]);
    expect(callback.type).toBe(8);
    expect(callback.data.choices).toHaveLength(3);
    expect(callback.data.choices[0]).toMatchObject({ name: 'attn 0', value: 'v0' });

    const many = fake.autocomplete({ channelId: TEXT_1, subcommand: 'paper', options: [{ name: 'paper', type: 3, value: 'many' }], focused: 'paper' });
    await fake.dispatchInteraction(many);
    await fake.waitFor(() => failures.length === 1);
    expect(failures[0]).toBeInstanceOf(DiscordAPIError);
    expect((failures[0] as DiscordAPIError).code).toBe(50035);
    expect((failures[0] as DiscordAPIError).message).toContain('data.choices');
    expect(fake.interaction(idOf(many)).callbacks).toEqual([]);
  });

  it('delivers a button press and refuses a second callback with 40060', async () => {
    const { fake, client } = await startBot();
    const seen: string[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isButton()) return;
      seen.push(`${i.customId} ${i.channelId} ${i.message.id}`);
      await i.reply({ content: 'Saved', flags: MessageFlags.Ephemeral });
    });
    const d = fake.button({ channelId: TEXT_2, customId: 'save:2401.00001', messageId: '500000000000000001' });
    await fake.dispatchInteraction(d);
    await fake.waitFor(() => fake.interaction(idOf(d)).callbacks.length === 1);
    expect(seen).toEqual([`save:2401.00001 ${TEXT_2} 500000000000000001`]);
    expect(fake.interaction(idOf(d)).callbacks[0]).toMatchObject({ type: 4, data: { content: 'Saved', flags: 64 } });

    const again = client.rest.post(Routes.interactionCallback(idOf(d), String(d.token)), { body: { type: 4, data: { content: 'twice' } }, auth: false });
    expect((await apiError(again)).code).toBe(40060);
    const unknown = client.rest.post(Routes.interactionCallback('1', 'nope'), { body: { type: 4, data: { content: 'x' } }, auth: false });
    expect((await apiError(unknown)).code).toBe(10062);
  });

  it('refuses a first callback after the deadline with 10062 Unknown interaction', async () => {
    const { fake, client } = await startBot({ interactionDeadlineMs: 100 });
    const failures: unknown[] = [];
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
      await i.reply('late').catch((error: unknown) => failures.push(error));
    });
    await fake.dispatchInteraction(fake.chatInput({ channelId: TEXT_1, subcommand: 'search' }));
    await fake.waitFor(() => failures.length === 1);
    expect((failures[0] as DiscordAPIError).code).toBe(10062);
  });
});

describe('gateway reconnects', () => {
  it('resumes after a server-side drop and delivers each interaction exactly once, replaying one sent while down', async () => {
    const { fake, client } = await startBot();
    const seen = countInteractions(client);
    const before = fake.chatInput({ channelId: TEXT_1, subcommand: 'search' });
    await fake.dispatchInteraction(before);
    await fake.waitFor(() => seen.get(idOf(before)) === 1);

    await fake.dropConnection();
    expect([fake.identifies, fake.resumes, fake.connected]).toEqual([1, 1, true]);
    const after = fake.chatInput({ channelId: TEXT_1, subcommand: 'search' });
    await fake.dispatchInteraction(after);
    await fake.waitFor(() => seen.get(idOf(after)) === 1);

    const dropped = fake.dropConnection();
    const whileDown = fake.chatInput({ channelId: TEXT_1, subcommand: 'search' });
    await fake.dispatchInteraction(whileDown);
    await dropped;
    await fake.waitFor(() => seen.get(idOf(whileDown)) === 1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a duplicate to show up
    expect([...seen.values()]).toEqual([1, 1, 1]);
    expect(fake.resumes).toBe(2);
    expect(fake.identifies).toBe(1);
  });
});

describe('gateway handshake', () => {
  it('acknowledges every heartbeat, so discord.js measures a ping and never reconnects', async () => {
    const { fake, client } = await startBot({ heartbeatIntervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(fake.gatewayReceived.filter((p) => p.op === 1).length).toBeGreaterThanOrEqual(4);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect([fake.identifies, fake.resumes]).toEqual([1, 0]);
  });

  it('makes login fail on a wrong token', async () => {
    const fake = await FakeDiscord.start();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    try {
      await expect(client.login('wrong-token')).rejects.toThrow(/token/i);
      expect(fake.identifies).toBe(0);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });

  it('sees the client identify again after a 1000 close (identify throttle: ~5 s)', async () => {
    const { fake, client } = await startBot();
    const seen = countInteractions(client);
    await fake.dropConnection({ code: 1000 });
    expect([fake.identifies, fake.resumes]).toEqual([2, 0]);
    const d = fake.chatInput({ channelId: TEXT_1, subcommand: 'search' });
    await fake.dispatchInteraction(d);
    await fake.waitFor(() => seen.get(idOf(d)) === 1);
  }, 15_000);
});

describe('application commands', () => {
  it('stores a PUT list, serves it back and refuses invalid names with 50035', async () => {
    const { fake, client } = await startBot();
    const application = client.application;
    if (!application) throw new Error('no application after READY');
    const papers = {
      name: 'papers',
      description: 'Research papers',
      options: [{ name: 'search', description: 'Search papers', type: 1, options: [{ name: 'query', description: 'Words', type: 3, required: true }] }],
    };
    await application.commands.set([papers]);
    const fetched = await application.commands.fetch();
    expect([...fetched.values()].map((c) => c.name)).toEqual(['papers']);
    expect(fake.registeredCommands()).toEqual([expect.objectContaining({ name: 'papers', application_id: fake.applicationId, version: expect.any(String) })]);
    expect(fake.commandWrites).toBe(1);

    await application.commands.set([papers], GUILD);
    expect(fake.registeredCommands(GUILD)).toEqual([expect.objectContaining({ name: 'papers', guild_id: GUILD })]);
    // A command from the registry gives later interactions its id.
    expect(fake.chatInput({ channelId: TEXT_1, subcommand: 'search' }).data).toMatchObject({ id: fetched.first()?.id });

    const bad = await apiError(application.commands.set([{ name: 'Bad Name', description: 'x' }]));
    expect(bad.code).toBe(50035);
    expect(bad.message).toContain('0.name');
    const optionalFirst = {
      name: 'digest',
      description: 'Digests',
      options: [
        { name: 'when', description: 'Time', type: 3 },
        { name: 'where', description: 'Channel', type: 7, required: true },
      ],
    };
    expect((await apiError(application.commands.set([optionalFirst]))).code).toBe(50035);
    expect(fake.registeredCommands().map((c) => (c as { name: string }).name)).toEqual(['papers']);
    expect(fake.commandWrites).toBe(4);
  });
});

describe('mentions', () => {
  it('applies Discord defaults and allowed_mentions', () => {
    expect(mentionsThatWouldPing({ content: 'hi @everyone' }, 'channel')).toEqual(['@everyone']);
    expect(mentionsThatWouldPing({ content: 'hi @everyone', allowed_mentions: { parse: [] } }, 'channel')).toEqual([]);
    expect(mentionsThatWouldPing({ content: '@here <@&7>' }, 'interaction')).toEqual([]);
    expect(mentionsThatWouldPing({ content: 'by <@!42>' }, 'interaction')).toEqual(['<@!42>']);
    expect(mentionsThatWouldPing({ content: '<@1> <@2>', allowed_mentions: { parse: [], users: ['2'] } }, 'channel')).toEqual(['<@2>']);
    expect(mentionsThatWouldPing({ content: '', embeds: [{ description: '@everyone' }] }, 'channel')).toEqual([]);
  });

  it('keeps the bytes of files discord.js attaches, and refuses more than ten', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    await channel.send({ content: 'list', files: [{ attachment: Buffer.from('@misc{ü,\n}\n'), name: 'refs.bib' }] });
    const sent = fake.calls.find((c) => c.files.length > 0)!;
    expect(sent.files.map((f) => [f.filename, f.content.toString('utf8')])).toEqual([['refs.bib', '@misc{ü,\n}\n']]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ attachment: Buffer.from('x'), name: `f${i}.txt` }));
    await expect(channel.send({ content: 'too many', files: eleven })).rejects.toMatchObject({ code: 50035 });
  });

  it('logs pings from what the bot really sent', async () => {
    const { fake, client } = await startBot();
    const channel = await sendable(client, TEXT_1);
    await channel.send({ content: 'quiet @everyone', allowedMentions: { parse: [] } });
    expect(fake.pings()).toEqual([]);
    await channel.send('loud @everyone');
    expect(fake.pings()).toEqual([{ where: 'channel', mention: '@everyone', path: `POST /channels/${TEXT_1}/messages` }]);
  });
});
