import { afterEach, describe, expect, it } from 'vitest';
import { decodeButton } from '../../adapters/discord/custom-ids.js';
import { DeliveryError, type Message, type PersonRef } from '../../src/index.js';
import { DEFAULT_USER, type DirectMessageArrangement, type FakeMessage } from '../fakes/discord/index.js';
import { CHANNEL_1, GUILD, discordButtons, discordText, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';
import { alertActions, card, message } from '../helpers/message-fixtures.js';

/** Direct messages (alerts, personal digests) through the real discord.js against the fake Discord's DM channels. */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ALICE: PersonRef = { platform: 'discord', workspace: GUILD, user: DEFAULT_USER.id };
const PAPER = 'noprop-training-neural-networks-without';
const HOSTILE = '@everyone <@&123> <script>alert(1)</script>';
const DIRECT_MESSAGES_INTENT = 1 << 12;

/** An alert as the alert helper composes it: heading, a card per match with why it matched, small print. */
function alert(title: string, why = `author ${HOSTILE}`): Message {
  return message(
    [
      { type: 'heading', text: 'New papers for you' },
      { type: 'text', text: `One new paper matches what you follow, ${HOSTILE}` },
      { type: 'paper', card: card({ paperId: PAPER, title, why, actions: alertActions(PAPER) }) },
      { type: 'note', text: 'Change what you follow with /papers following.' },
    ],
    'private',
    `New papers for you: ${title}`,
  );
}

const dmCalls = (harness: DiscordHarness) => harness.fake.calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels');
const body = (m: FakeMessage) => m as Record<string, unknown>;

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Discord direct messages', () => {
  it('sends the message to the person’s DM channel, rendered as a digest is, pinging no one, with no DM intent', async () => {
    h = await startDiscordHarness();
    const sent = alert(HOSTILE);
    const receipt = await h.adapter.postDirect(ALICE, sent);
    expect(dmCalls(h).map((c) => c.body)).toEqual([{ recipient_id: ALICE.user }]);
    const [dm, ...more] = h.fake.directMessagesTo(ALICE.user);
    expect(more).toEqual([]);
    expect(receipt).toEqual({ messageId: dm!.id });
    expect(dm!.channel_id).toBe(h.fake.dmChannelWith(ALICE.user));
    // The title and the why read as typed, as text: nothing pings, nothing becomes markup.
    expect(dm!.allowed_mentions).toEqual({ parse: [] });
    expect(h.fake.pings()).toEqual([]);
    const text = discordText(body(dm!));
    expect(text).toContain('New papers for you');
    expect(text).toContain(HOSTILE);
    expect(text).toContain(`author ${HOSTILE}`);
    // The same message as a channel digest looks the same; only the buttons also name the server.
    await h.adapter.postDigest({ platform: 'discord', workspace: GUILD, channel: CHANNEL_1 }, sent);
    const [digest] = h.fake.messagesIn(CHANNEL_1);
    expect({ content: dm!.content, embeds: dm!.embeds }).toEqual({ content: digest!.content, embeds: digest!.embeds });
    const dmButtons = discordButtons(body(dm!));
    expect(dmButtons.map((b) => b.label)).toEqual(['Save', 'Cite']);
    expect(dmButtons.map((b) => decodeButton(b.customId))).toEqual(discordButtons(body(digest!)).map((b) => ({ ...decodeButton(b.customId), workspace: GUILD })));
    // Sending needs no intent: paperboy never asked for Direct Messages.
    expect(h.fake.intents & DIRECT_MESSAGES_INTENT).toBe(0);
  });

  it('reuses the DM channel discord.js keeps: a second message to the same person opens nothing new', async () => {
    h = await startDiscordHarness();
    await h.adapter.postDirect(ALICE, alert('First'));
    await h.adapter.postDirect(ALICE, alert('Second'));
    expect(dmCalls(h)).toHaveLength(1);
    expect(h.fake.directMessagesTo(ALICE.user).map((m) => discordText(body(m)))).toEqual([expect.stringContaining('First'), expect.stringContaining('Second')]);
  });

  it('counts a Save pressed in the DM in the server the alert was for', async () => {
    h = await startDiscordHarness();
    await h.adapter.postDirect(ALICE, alert('NoProp'));
    const [dm] = h.fake.directMessagesTo(ALICE.user);
    const save = discordButtons(body(dm!)).find((b) => b.label === 'Save')!;
    const answer = await h.click(save.customId, { channel: dm!.channel_id, messageId: dm!.id });
    expect(answer.text).toMatch(/Saved “NoProp/);
    // The save is the person's in that server: `/papers saved` there lists it.
    expect((await h.command('saved')).text).toMatch(/NoProp/);
  });

  it.each<[DirectMessageArrangement, number, RegExp]>([
    ['closed', 50007, /do not accept direct messages from this server's members and apps.*Privacy Settings and turn on Direct Messages/],
    ['no-mutual-server', 50278, /no longer share a server with paperboy/],
    ['unknown-user', 10013, /does not know this account/],
    ['deleted-user', 50033, /looks deleted/],
  ])('rejects for good, in words for the person, when they cannot be reached (%s: %i)', async (arrangement, code, words) => {
    h = await startDiscordHarness();
    h.fake.arrangeDirectMessages(ALICE.user, arrangement);
    const error = await rejection(h.adapter.postDirect(ALICE, alert('Unreachable')));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/^Discord: /);
    expect(error.message).toMatch(words);
    expect(error.message).toContain(`Discord code ${code}`);
    expect(h.fake.directMessagesTo(ALICE.user)).toEqual([]);
    expect(h.fake.calls.map((c) => c.status)).toContain(code === 10013 ? 404 : code === 50033 ? 400 : 403);
  });

  it('delivers once through short 429s on opening the DM and on posting, waited out inside discord.js', async () => {
    h = await startDiscordHarness();
    h.fake.rateLimitNext(/^POST \/users\/@me\/channels$/, { retryAfterSeconds: 1 });
    h.fake.rateLimitNext(/^POST \/channels\/\d+\/messages$/, { retryAfterSeconds: 1 });
    await h.adapter.postDirect(ALICE, alert('After the limits'));
    expect(h.fake.calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(h.fake.directMessagesTo(ALICE.user)).toHaveLength(1);
  }, 30_000);

  it('hands a long rate limit back as a transient failure with Retry-After, at once', async () => {
    h = await startDiscordHarness();
    h.fake.rateLimitNext(/^POST \/users\/@me\/channels$/, { retryAfterSeconds: 90 });
    const started = performance.now();
    const error = await rejection(h.adapter.postDirect(ALICE, alert('Later')));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ permanent: false, message: 'Discord: rate limited' });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(89_000);
  });

  it('retries Discord 5xx; when they persist the failure is transient, and nothing is posted twice', async () => {
    h = await startDiscordHarness();
    h.fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 502, afterWrite: true }, 1);
    await h.adapter.postDirect(ALICE, alert('Once'));
    expect(h.fake.directMessagesTo(ALICE.user)).toHaveLength(1);
    h.fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 503 }, 10);
    const error = await rejection(h.adapter.postDirect(ALICE, alert('Twice')));
    expect(error).toMatchObject({ permanent: false, message: 'Discord: HTTP 503' });
    expect(h.fake.directMessagesTo(ALICE.user)).toHaveLength(1);
  }, 30_000);

  it('does not blame the person for what is not theirs to fix: a refused message layout is transient', async () => {
    h = await startDiscordHarness();
    h.fake.failNext(/^POST \/channels\/\d+\/messages$/, { status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const error = await rejection(h.adapter.postDirect(ALICE, alert('Layout')));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/50035/);
  });

  it('opens the DM anew, once, when the channel discord.js remembered is gone', async () => {
    h = await startDiscordHarness();
    await h.adapter.postDirect(ALICE, alert('Before'));
    const stale = h.fake.dmChannelWith(ALICE.user)!;
    h.fake.deleteChannel(stale);
    await h.adapter.postDirect(ALICE, alert('After'));
    const fresh = h.fake.dmChannelWith(ALICE.user)!;
    expect(fresh).not.toBe(stale);
    expect(h.fake.calls.filter((c) => c.path === `/channels/${stale}/messages`).map((c) => c.status)).toEqual([200, 404]);
    expect(h.fake.messagesIn(fresh).map((m) => discordText(body(m)))).toEqual([expect.stringContaining('After')]);
    expect(dmCalls(h)).toHaveLength(2);
    // And the fresh channel is the one kept from now on.
    await h.adapter.postDirect(ALICE, alert('Later'));
    expect(dmCalls(h)).toHaveLength(2);
    expect(h.fake.messagesIn(fresh)).toHaveLength(2);
  });

  it('carries unicode intact, and refuses at once a user id that is not Discord’s', async () => {
    h = await startDiscordHarness();
    const title = 'Diffusion モデル 🚀 for Ünïcödé graphs — 数据';
    await h.adapter.postDirect(ALICE, alert(title, 'topic: 拡散モデル 🚀'));
    const text = discordText(body(h.fake.directMessagesTo(ALICE.user)[0]!));
    expect(text).toContain(title);
    expect(text).toContain('topic: 拡散モデル 🚀');
    const error = await rejection(h.adapter.postDirect({ ...ALICE, user: 'U0SLACK <@everyone>' }, alert('Nope')));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/is not a Discord user id/);
    expect(dmCalls(h)).toHaveLength(1);
  });
});
