import { afterEach, describe, expect, it } from 'vitest';
import { deliveryErrorFrom } from '../../adapters/discord/discord-errors.js';
import { CHANNEL_1, CHANNEL_2, GUILD, MANAGE_CHANNELS, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

/** Digests through Discord's faults: gone channels, lost permissions, rate limits, 5xx, gateway drops. */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const admin = { permissions: MANAGE_CHANNELS };
const at9 = [
  { name: 'time', type: 3, value: '09:00' },
  { name: 'timezone', type: 3, value: 'UTC' },
  { name: 'count', type: 4, value: 2 },
];

async function subscribeBoth(harness: DiscordHarness): Promise<void> {
  for (const channel of [CHANNEL_1, CHANNEL_2]) await harness.command('subscribe', at9, { ...admin, channel });
}

describe('Discord digest delivery', () => {
  it('marks a deleted channel failing with what to do, and still posts to the other', async () => {
    h = await startDiscordHarness();
    await subscribeBoth(h);
    h.fake.deleteChannel(CHANNEL_2);
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    const gone = await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_2 });
    expect(gone?.failing).toMatch(/Unknown Channel \(10003\): the channel is gone/);
    expect((await h.command('subscriptions')).text).toMatch(/FAILING: Discord: Unknown Channel/);
  });

  it('marks a channel the bot lost access to as failing with the permission to grant', async () => {
    h = await startDiscordHarness();
    await subscribeBoth(h);
    h.fake.denyAccess(CHANNEL_1, 50013);
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.fake.messagesIn(CHANNEL_2)).toHaveLength(1);
    const denied = await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 });
    expect(denied?.failing).toMatch(/Send Messages and Embed Links/);
  });

  it('gets exactly one digest to every channel through a storm of 429s, global ones included', async () => {
    h = await startDiscordHarness();
    await subscribeBoth(h);
    h.fake.rateLimitNext(/^POST \/channels\/\d+\/messages$/, { retryAfterSeconds: 1, times: 2 });
    h.fake.rateLimitNext(/^POST \/channels\/\d+\/messages$/, { retryAfterSeconds: 1, global: true, times: 1 });
    h.service.at('2026-11-27T09:00:00Z');
    const report = await h.service.tick();
    expect(report.posted).toHaveLength(2);
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect(h.fake.messagesIn(CHANNEL_2)).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.status === 429)).toHaveLength(3);
    expect(h.logged.some((l) => l.message.includes('rate limit'))).toBe(true);
  }, 30_000);

  it('retries Discord 5xx and records the digest once it lands', async () => {
    h = await startDiscordHarness();
    await h.command('subscribe', at9, admin);
    h.fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 502 }, 2);
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    const [message] = h.fake.messagesIn(CHANNEL_1);
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect((await h.service.service.storage.getSlot(`discord:${GUILD}:${CHANNEL_1}`, '2026-11-27'))?.messageId).toBe(message!.id);
  }, 30_000);

  it('does not post twice when Discord created the message but its reply was lost', async () => {
    h = await startDiscordHarness();
    await h.command('subscribe', at9, admin);
    // Discord creates the message, then answers 502; discord.js retries the same request.
    h.fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 502, afterWrite: true }, 1);
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    const posts = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_1}/messages`);
    expect(posts.map((c) => c.status)).toEqual([502, 200]);
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect((await h.service.service.storage.getSlot(`discord:${GUILD}:${CHANNEL_1}`, '2026-11-27'))?.messageId).toBe(h.fake.messagesIn(CHANNEL_1)[0]!.id);
  });

  it('leaves a long rate limit to the scheduler, which retries after Retry-After, not inside discord.js', async () => {
    h = await startDiscordHarness();
    await h.command('subscribe', at9, admin);
    h.fake.rateLimitNext(/^POST \/channels\/\d+\/messages$/, { retryAfterSeconds: 90 });
    h.service.at('2026-11-27T09:00:00Z');
    const started = performance.now();
    const first = await h.service.tick();
    // Not 90 s of waiting inside the client, where the scheduler's delivery timeout would cut it off.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(first.posted).toEqual([]);
    expect(h.fake.messagesIn(CHANNEL_1)).toEqual([]);
    const slot = await h.service.service.storage.getSlot(`discord:${GUILD}:${CHANNEL_1}`, '2026-11-27');
    expect(slot).toMatchObject({ attempts: 1, error: 'Discord: rate limited' });
    expect(slot!.leaseUntil).toBeGreaterThanOrEqual(Date.parse('2026-11-27T09:01:30Z'));
    // Not a permanent failure: nothing for the team to fix.
    expect((await h.service.service.storage.getSubscription({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 }))?.failing).toBeUndefined();
    h.service.at('2026-11-27T09:01:00Z');
    await h.service.tick();
    expect(h.fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('says loudly, with what to do, when Discord closes the gateway for good', async () => {
    h = await startDiscordHarness();
    h.fake.closeConnection(4014);
    const line = await h.fake.waitFor(() => h!.logged.find((l) => l.level === 'error' && l.message.includes('gateway closed for good')));
    expect(line.message).toMatch(/code 4014\): Discord refused an intent .*; \/papers will not answer until then/);
  });

  it('neither duplicates nor drops a digest when the gateway drops mid-delivery', async () => {
    h = await startDiscordHarness();
    await subscribeBoth(h);
    // The first post is held back by a rate limit; the gateway drops while it waits.
    h.fake.rateLimitNext(/^POST \/channels\/\d+\/messages$/, { retryAfterSeconds: 1, times: 1 });
    h.service.at('2026-11-27T09:00:00Z');
    const ticking = h.service.tick();
    await h.fake.dropConnection();
    await ticking;
    await h.service.tick();
    expect(h.fake.messagesIn(CHANNEL_1)).toHaveLength(1);
    expect(h.fake.messagesIn(CHANNEL_2)).toHaveLength(1);
    expect(h.fake.resumes + h.fake.identifies).toBeGreaterThanOrEqual(2);
    expect(h.logged.filter((l) => l.message.includes('reconnecting')).map((l) => l.level)).toEqual(['warn']);
    // Commands work after the resume.
    expect((await h.command('help')).text).toMatch(/\/papers search/);
  }, 30_000);

  it('answers an interaction once even when the gateway delivers it twice', async () => {
    h = await startDiscordHarness();
    const d = h.fake.chatInput({ guildId: GUILD, channelId: CHANNEL_1, subcommand: 'save', options: [{ name: 'paper', type: 3, value: 'noprop-training-neural-networks-without' }] });
    await h.fake.dispatchInteraction(d);
    await h.fake.dispatchInteraction(d);
    await h.fake.waitFor(() => h!.fake.interaction(String(d.id)).callbacks.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.interaction(String(d.id)).callbacks).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.status === 400)).toEqual([]);
  });
});

describe('Discord errors as delivery failures', () => {
  const apiError = (code: number, status: number) => Object.assign(new Error('Discord said no'), { name: `DiscordAPIError[${code}]`, code, status });

  it.each([
    [10003, 404],
    [50001, 403],
    [50013, 403],
  ])('treats code %i as permanent, with advice', (code, status) => {
    const error = deliveryErrorFrom(apiError(code, status));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(new RegExp(`^Discord: .*\\(${code}\\): .+`));
  });

  it('treats rate limits, 5xx and network trouble as transient', () => {
    expect(deliveryErrorFrom(Object.assign(new Error('x'), { name: 'RateLimitError[/channels/:id/messages]', retryAfter: 1500 }))).toMatchObject({ permanent: false, retryAfterMs: 1500 });
    expect(deliveryErrorFrom(Object.assign(new Error('Bad Gateway'), { name: 'HTTPError', status: 502 }))).toMatchObject({ permanent: false, message: 'Discord: HTTP 502' });
    expect(deliveryErrorFrom(new Error('connect ECONNREFUSED'))).toMatchObject({ permanent: false });
    expect(deliveryErrorFrom(apiError(130000, 503))).toMatchObject({ permanent: false });
  });
});
