import { afterEach, describe, expect, it } from 'vitest';
import { discordCommandTree } from '../../adapters/discord/command-tree.js';
import { COMMANDS } from '../../src/index.js';
import { CHANNEL_1, GUILD, MANAGE_CHANNELS, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

/**
 * The personal commands through real discord.js and the fake Discord: answered only to the
 * asker even when the reply had to be deferred (the "thinking…" placeholder is ephemeral
 * from the start, so nothing flashes in the channel), with no Manage Channels for subscribe me.
 */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Any = Record<string, any>;
const sub = (name: string): Any => (discordCommandTree(COMMANDS).options as Any[]).find((s) => s.name === name)!;
const opt = (command: string, name: string): Any => (sub(command).options as Any[]).find((o) => o.name === name)!;

describe('Discord options for the personal commands', () => {
  it('registers follow, following, unfollow, quiet and forget, and a me choice on subscribe and unsubscribe', () => {
    expect((sub('follow').options as Any[]).map((o) => o.name)).toEqual(['author', 'topic', 'paper']);
    expect(opt('follow', 'paper')).toMatchObject({ type: 3, autocomplete: true });
    expect(opt('follow', 'author')).toMatchObject({ type: 3, max_length: 200 });
    expect(sub('following').options).toBeUndefined();
    expect(opt('unfollow', 'which')).toMatchObject({ type: 3, required: true });
    expect(opt('quiet', 'timezone')).toMatchObject({ autocomplete: true });
    expect(opt('quiet', 'off')).toMatchObject({ choices: [{ name: 'yes', value: 'yes' }] });
    expect(opt('forget', 'who')).toMatchObject({ required: true, choices: [{ name: 'me', value: 'me' }] });
    for (const command of ['subscribe', 'unsubscribe']) expect(opt(command, 'audience')).toMatchObject({ choices: [{ name: 'me', value: 'me' }] });
  });
});

describe('Discord personal commands', () => {
  it('answers subscribe me privately, deferred or not, to a member without Manage Channels', async () => {
    h = await startDiscordHarness({ deferAfterMs: 0 });
    const mine = await h.command('subscribe', [
      { name: 'time', type: 3, value: '08:30' },
      { name: 'timezone', type: 3, value: 'Europe/Berlin' },
      { name: 'audience', type: 3, value: 'me' },
    ]);
    // Deferred with an ephemeral placeholder, then edited: never a public "thinking…" and a follow-up.
    expect(mine.callbackTypes).toEqual([5]);
    expect(mine.bodies).toHaveLength(1);
    expect(mine.ephemeral).toBe(true);
    expect(mine.text).toMatch(/^You will get a personal digest: 5 papers every day at 08:30 Europe\/Berlin, by direct message\./);
    const stored = await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: 'user:400000000000000001' });
    expect(stored).toMatchObject({ time: '08:30', timezone: 'Europe/Berlin' });
    expect(await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 })).toBeUndefined();
    const stopped = await h.command('unsubscribe', [{ name: 'audience', type: 3, value: 'me' }]);
    expect(stopped.ephemeral).toBe(true);
    expect(stopped.text).toMatch(/^Your personal daily digest is stopped\./);
    // The channel's digest is still public and still needs the permission.
    const channel = await h.command('subscribe', [{ name: 'time', type: 3, value: '09:00' }], { permissions: MANAGE_CHANNELS });
    expect(channel.ephemeral).toBe(false);
  });

  it('follows, lists and forgets privately', async () => {
    h = await startDiscordHarness({ deferAfterMs: 0 });
    const followed = await h.command('follow', [{ name: 'topic', type: 3, value: 'diffusion transformers' }]);
    expect(followed.ephemeral).toBe(true);
    expect(followed.text).toMatch(/^Following topic “diffusion transformers”/);
    const listed = await h.command('following');
    expect(listed.ephemeral).toBe(true);
    expect(listed.text).toMatch(/1\. topic “diffusion transformers”/);
    const quiet = await h.commandText('quiet 22:00-08:00 Europe/Berlin');
    expect(quiet.ephemeral).toBe(true);
    const forgot = await h.command('forget', [{ name: 'who', type: 3, value: 'me' }]);
    expect(forgot.ephemeral).toBe(true);
    expect(forgot.text).toMatch(/^paperboy forgot you in this workspace: 2 records in all\. Deleted 1 follow and 1 settings record/);
    expect(forgot.body.allowed_mentions).toEqual({ parse: [] });
  });
});
