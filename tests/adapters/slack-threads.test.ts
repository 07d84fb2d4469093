import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../adapters/slack/channel-pacer.js';
import { SlackThreads } from '../../adapters/slack/slack-threads.js';
import { clickOrigin, humanThreadReply } from '../../adapters/slack/thread-replies.js';
import { DeliveryError } from '../../src/index.js';
import { FakeSlackApi } from '../fakes/slack/index.js';
import { card, message } from '../helpers/message-fixtures.js';
import { slackText } from '../helpers/slack-harness.js';

/** Discuss threads in one Slack channel, through the real WebClient against the fake Slack. */
let api: FakeSlackApi;
let client: webApi.WebClient;
const CHANNEL = 'C0100';
const noWait = new ChannelPacer(1000, { now: () => 0, sleep: async () => {} });
const threadsIn = (channel = CHANNEL) => new SlackThreads(client, channel, noWait);
const paperCard = (title = 'Attention Is All You Need') => message([{ type: 'paper', card: card({ title }) }], 'channel', title);

beforeEach(async () => {
  api = await FakeSlackApi.start();
  client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: api.url, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await api.close();
});

/** A digest the bot posted, as the parent of a thread. */
async function digest(channel = CHANNEL): Promise<string> {
  return String((await client.chat.postMessage({ channel, text: 'Trending papers' })).ts);
}

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('SlackThreads', () => {
  it('opens a thread on a digest, posts the card as a reply, and links to it', async () => {
    const parent = await digest();
    const threads = threadsIn();
    const thread = await threads.open(parent, 'Discuss: Attention Is All You Need');
    expect(thread).toBe(parent);
    const cardTs = await threads.post(thread, paperCard());
    const replies = api.threadIn(CHANNEL, parent);
    expect(replies.map((r) => r.ts)).toEqual([cardTs]);
    expect(slackText(replies[0] as unknown as Record<string, unknown>)).toMatch(/Attention Is All You Need/);
    // The channel itself got no new top-level message.
    expect(api.messagesIn(CHANNEL)).toHaveLength(1);
    const parentNow = (await client.conversations.replies({ channel: CHANNEL, ts: parent })).messages?.[0];
    expect(parentNow?.reply_count).toBe(1);
    expect(await threads.link(thread, cardTs)).toBe(`https://paperboy-test.slack.com/archives/${CHANNEL}/p${cardTs.replace('.', '')}?thread_ts=${parent}&cid=${CHANNEL}`);
  });

  it('says the digest was deleted, and posts nothing, when its message is gone', async () => {
    const parent = await digest();
    api.deleteMessage(CHANNEL, parent);
    const error = await rejection(threadsIn().open(parent, 'Discuss: x'));
    expect(error.message).toBe('Slack: thread_not_found: the message this thread belongs to was deleted; use Discuss on a newer digest');
    await rejection(threadsIn().post(parent, paperCard()));
    expect(api.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined)).toEqual([]);
  });

  it('refuses a thread on a message that is itself a reply', async () => {
    const parent = await digest();
    const reply = await threadsIn().post(parent, paperCard());
    expect((await rejection(threadsIn().open(reply, 'Discuss: x'))).message).toMatch(/^Slack: thread_not_found/);
  });

  it('keeps a thread whose digest was deleted after people replied (Slack leaves a placeholder above the thread)', async () => {
    const parent = await digest();
    await threadsIn().post(parent, paperCard());
    api.deleteMessage(CHANNEL, parent);
    const second = await threadsIn().post(parent, paperCard('Second paper'));
    expect(api.threadIn(CHANNEL, parent).map((r) => r.ts)).toContain(second);
  });

  it('says what to do in an archived channel, one the bot is not in, and one that is gone', async () => {
    const parent = await digest();
    api.archiveChannel(CHANNEL);
    const archived = await rejection(threadsIn().post(parent, paperCard()));
    expect(archived.message).toBe('Slack: is_archived: the channel is archived; unarchive it, or subscribe another channel');
    expect(api.threadIn(CHANNEL, parent)).toEqual([]);

    const elsewhere = await digest('C0200');
    api.setChannel('C0200', { is_member: false });
    expect((await rejection(threadsIn('C0200').open(elsewhere, 'Discuss: x'))).message).toMatch(/^Slack: not_in_channel: the bot is not in this channel; invite it with \/invite @paperboy/);

    api.setChannel('C0300', null);
    expect((await rejection(threadsIn('C0300').open('1700000001.000100', 'Discuss: x'))).message).toMatch(/^Slack: channel_not_found: /);
  });

  it('names the scope when the app was installed before Discuss asked for history', async () => {
    const parent = await digest();
    api.failNext('conversations.replies', { ok: false, error: 'missing_scope', needed: 'channels:history' });
    expect((await rejection(threadsIn().open(parent, 'Discuss: x'))).message).toMatch(/^Slack: missing_scope \(needs channels:history\): .*reinstall it from the manifest/);
  });

  it('links to the thread when the card itself was deleted, and gives no link when both are gone', async () => {
    const parent = await digest();
    const threads = threadsIn();
    const cardTs = await threads.post(parent, paperCard());
    api.deleteMessage(CHANNEL, cardTs);
    expect(await threads.link(parent, cardTs)).toBe(`https://paperboy-test.slack.com/archives/${CHANNEL}/p${parent.replace('.', '')}`);
    // Neither left (the digest deleted too): no link, and no failure, since the discussion was recorded.
    api.deleteMessage(CHANNEL, parent);
    expect(await threads.link(parent, cardTs)).toBeUndefined();
  });

  it('escapes hostile titles in thread posts: nothing pings', async () => {
    const parent = await digest();
    const hostile = '<!channel> <!here> @everyone <@U123> *bold* <https://evil.example|click> </script> モデル 🚀';
    await threadsIn().post(parent, paperCard(hostile));
    expect(api.findUnescapedMentions()).toEqual([]);
    expect(slackText(api.threadIn(CHANNEL, parent)[0] as unknown as Record<string, unknown>)).toContain('<!channel> <!here> @everyone <@U123>');
  });
});

describe('what Slack events and clicks say', () => {
  const reply = { type: 'message', channel: 'C1', user: 'U1', text: 'secret opinion', ts: '1700000005.000200', thread_ts: '1700000001.000100', team: 'T0001' };

  it('reports a person’s thread reply without its text', () => {
    const found = humanThreadReply(reply, 'T0001', 42);
    expect(found).toEqual({ platform: 'slack', workspace: 'T0001', channel: 'C1', threadId: '1700000001.000100', messageId: '1700000005.000200', at: 42 });
    expect(JSON.stringify(found)).not.toContain('secret');
    expect(humanThreadReply({ ...reply, subtype: 'thread_broadcast' }, 'T0001', 42)).toBeDefined();
    expect(humanThreadReply(reply, undefined, 42)?.workspace).toBe('T0001');
  });

  it.each([
    ['a bot', { bot_id: 'B1' }],
    ['a bot message without a user', { user: undefined, subtype: 'bot_message' }],
    ['an edit', { subtype: 'message_changed' }],
    ['a deletion', { subtype: 'message_deleted' }],
    ['a message outside threads', { thread_ts: undefined }],
    ['the thread’s parent', { thread_ts: '1700000005.000200' }],
    ['a malformed event', { channel: 42 }],
  ])('does not count %s', (_, change) => {
    expect(humanThreadReply({ ...reply, ...change }, 'T0001', 42)).toBeUndefined();
  });

  it('finds the message a button was on, and its thread', () => {
    expect(clickOrigin({ message: { ts: '1.1' }, container: { message_ts: '1.1' } })).toEqual({ messageId: '1.1' });
    expect(clickOrigin({ message: { ts: '1.5', thread_ts: '1.1' } })).toEqual({ messageId: '1.5', threadId: '1.1' });
    expect(clickOrigin({ message: { ts: '1.1', thread_ts: '1.1' } })).toEqual({ messageId: '1.1' });
    expect(clickOrigin({ container: { message_ts: '1.7', thread_ts: '1.1' } })).toEqual({ messageId: '1.7', threadId: '1.1' });
    expect(clickOrigin({ container: { message_ts: '1.7', is_ephemeral: true } })).toBeUndefined();
    expect(clickOrigin({})).toBeUndefined();
  });
});
