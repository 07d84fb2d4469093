import { readFile } from 'node:fs/promises';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { INVITE_PERMISSIONS, inviteUrl } from '../../adapters/discord/register-commands.js';
import { runCli } from '../../adapters/cli/program.js';
import { DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { createCommandService, silentLogger } from '../../src/index.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { MANAGE_CHANNELS, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';
import { recordingIo } from '../helpers/recording-io.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/** Setting Discord up: registering /papers, a wrong token, slow answers, stale buttons. */
let fake: FakeDiscord | undefined;
let h: DiscordHarness | undefined;
afterEach(async () => {
  await fake?.close();
  await h?.close();
  fake = undefined;
  h = undefined;
});

async function register(f: FakeDiscord, ...args: string[]) {
  const io = recordingIo('2026-11-27', { DISCORD_TOKEN: f.botToken, DISCORD_APPLICATION_ID: f.applicationId, DISCORD_API_URL: f.apiUrl, PAPERBOY_DATA_DIR: '/nonexistent-unused' });
  const status = await runCli(['discord', 'register', ...args], io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

describe('the invite link', () => {
  const asked = (text: string) => BigInt(/permissions=(\d+)/.exec(text)?.[1] ?? '0');

  it('asks for what digests and Discuss threads need, and nothing more', () => {
    const wanted = [PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads];
    const permissions = asked(inviteUrl('1100000000000000001'));
    for (const bit of wanted) expect(permissions & bit).toBe(bit);
    expect(permissions).toBe(wanted.reduce((all, bit) => all | bit, 0n));
    expect(permissions & PermissionFlagsBits.Administrator).toBe(0n);
  });

  it('is the one README gives', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(asked(readme)).toBe(INVITE_PERMISSIONS);
    expect(readme).toMatch(/Create Public Threads and Send Messages in Threads/);
  });
});

describe('paperboy discord register', () => {
  it('registers /papers on one server, then writes nothing when nothing changed', async () => {
    fake = await FakeDiscord.start();
    const guild = fake.guilds[0]!.id;
    const first = await register(fake, '--guild', guild);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toMatch(
      new RegExp(
        `^Registered /papers on server ${guild}: search, show, related, trending, subscribe, unsubscribe, subscriptions, save, saved, cite, follow, following, unfollow, quiet, forget, web, help\\.`,
      ),
    );
    expect(first.out).toContain(`https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=309237663744`);
    expect(first.out).toContain('Invite the bot (Send Messages, Embed Links, Create Public Threads, Send Messages in Threads)');
    const [papers] = fake.registeredCommands(guild) as Array<{ name: string; options: Array<{ name: string }> }>;
    expect(papers!.name).toBe('papers');
    expect(fake.commandWrites).toBe(1);
    const again = await register(fake, '--guild', guild);
    expect(again.out).toMatch(/already up to date on server .*; nothing written/);
    expect(fake.commandWrites).toBe(1);
    expect(fake.registeredCommands()).toEqual([]);
  });

  it('registers globally without --guild, and says how long that takes to show', async () => {
    fake = await FakeDiscord.start();
    const { status, out } = await register(fake);
    expect(status).toBe(0);
    expect(out).toMatch(/Registered \/papers on all servers \(global\)/);
    expect(out).toMatch(/up to an hour/);
    expect(fake.registeredCommands()).toHaveLength(1);
  });

  it('explains what is missing or wrong instead of failing obscurely', async () => {
    const io = recordingIo('2026-11-27', {});
    expect(await runCli(['discord', 'register'], io)).toBe(1);
    expect(io.stderrText()).toMatch(/^paperboy: Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
    fake = await FakeDiscord.start();
    const badGuild = await register(fake, '--guild', 'my-server');
    expect(badGuild.status).toBe(1);
    expect(badGuild.err).toMatch(/--guild: "my-server" is not a server id/);
    fake.failNext(/applications/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const refused = await register(fake);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/Discord refused the bot token; check DISCORD_TOKEN/);
  });
});

describe('Discord start-up', () => {
  it('says plainly when Discord refuses the bot token', async () => {
    fake = await FakeDiscord.start();
    const storage = SqliteStorage.open(':memory:');
    const paperboy = shippedPaperboy();
    const adapter = new DiscordAdapter({
      config: { token: 'MTEx.wrong.token', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
      commands: createCommandService({ paperboy, storage, logger: silentLogger }),
      paperboy,
      logger: silentLogger,
      clock: () => new Date(),
    });
    await expect(adapter.start()).rejects.toThrow(/^Discord refused the bot token .*; check DISCORD_TOKEN$/);
    await storage.close();
  });
});

describe('Discord answers that take a while', () => {
  it('defers privately and edits the answer in', async () => {
    h = await startDiscordHarness({ deferAfterMs: 0 });
    const answer = await h.command('search', [{ name: 'query', type: 3, value: 'NoProp' }]);
    expect(answer.callbackTypes).toEqual([5]);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Results 1–1 of 1 for “NoProp”/);
  });

  it('defers a subscription publicly, and keeps a refusal private', async () => {
    h = await startDiscordHarness({ deferAfterMs: 0 });
    const done = await h.command('subscribe', [{ name: 'time', type: 3, value: '09:00' }], { permissions: MANAGE_CHANNELS });
    expect(done.ephemeral).toBe(false);
    expect(done.text).toMatch(/subscribed this channel/);
    const refused = await h.command('subscribe', [{ name: 'time', type: 3, value: '25:00' }], { permissions: MANAGE_CHANNELS });
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/“25:00” is not a time/);
    // The public "thinking…" placeholder goes once the private answer is there.
    await h.fake.waitFor(() => h!.fake.interaction(refused.interactionId).original === undefined);
    expect(h.fake.replyMessages(refused.interactionId)).toHaveLength(1);
  });

  it('answers a button from before a restart, or from another app, with what to do', async () => {
    h = await startDiscordHarness();
    for (const id of ['pb#0a0b0c.1', 'someone-elses-button', 'pb1|save|paper=%E0%A4%A']) {
      const answer = await h.click(id);
      expect(answer.ephemeral).toBe(true);
      expect(answer.text).toMatch(/That button has expired .*; run the command again\./);
    }
  });
});
