import { afterEach, describe, expect, it } from 'vitest';
import type { ThreadCard } from '../../adapters/chat-adapter.js';
import { DeliveryError } from '../../src/index.js';
import { card, message } from '../helpers/message-fixtures.js';
import { slackText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

/** A `threads: on` digest through the real Bolt client: a short header, then each paper's card as a reply in its thread. */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const where = { platform: 'slack', workspace: 'T0001', channel: 'C0500' };
const header = message(
  [
    { type: 'heading', text: 'Trending papers · Friday 27 November 2026' },
    { type: 'text', text: '1. First\n2. Second\n3. Third' },
  ],
  'channel',
  'Trending papers',
);
const cards: ThreadCard[] = ['First', 'Second', 'Third'].map((title, i) => ({
  paperId: `p${i + 1}`,
  message: message([{ type: 'paper', card: card({ paperId: `p${i + 1}`, title }) }], 'channel', title),
}));

describe('Slack digests with threads: on', () => {
  it('posts the header in the channel and each card, in order, as a reply in its thread', async () => {
    h = await startSlackHarness('http');
    const receipt = await h.adapter.postDigest(where, header, cards);
    const [posted] = h.api.messagesIn('C0500');
    expect(h.api.messagesIn('C0500')).toHaveLength(1);
    expect(slackText(posted!)).toMatch(/Trending papers · Friday 27 November 2026/);
    const replies = h.api.threadIn('C0500', receipt.messageId);
    expect(replies.map((r) => slackText(r as unknown as Record<string, unknown>).split('\n')[0])).toEqual([
      expect.stringMatching(/First/),
      expect.stringMatching(/Second/),
      expect.stringMatching(/Third/),
    ]);
    expect(receipt.thread).toEqual({ threadId: receipt.messageId, cards: cards.map((c, i) => ({ paperId: c.paperId, messageId: replies[i]!.ts })) });
  });

  it('stops at a failing card and reports it with what to do; the header and the cards before it stay', async () => {
    h = await startSlackHarness('http');
    const api = h.api;
    // The channel is archived while the cards go out: the second card is refused.
    const stop = api.onCall((call) => {
      if (call.method === 'chat.postMessage' && call.ok && call.args.thread_ts !== undefined) api.archiveChannel('C0500');
    });
    const receipt = await h.adapter.postDigest(where, header, cards);
    stop();
    expect(receipt.messageId).toMatch(/^\d+\.\d+$/);
    expect(receipt.thread?.cards.map((c) => c.paperId)).toEqual(['p1']);
    expect(receipt.thread?.error).toBe('Slack: is_archived: the channel is archived; unarchive it, or subscribe another channel');
    expect(api.threadIn('C0500', receipt.messageId)).toHaveLength(1);
    // Nothing after the failure was tried.
    expect(api.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined)).toHaveLength(2);
  });

  it('retries a rate-limited card and still posts every card once', async () => {
    h = await startSlackHarness('http');
    const api = h.api;
    const receipt = await h.adapter.postDigest(where, header, []);
    expect(receipt.thread).toEqual({ threadId: receipt.messageId, cards: [] });
    // Once the header is out, the first card gets a 429.
    const stop = api.onCall((call) => {
      if (call.method === 'chat.postMessage' && call.ok && call.args.thread_ts === undefined) api.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { channel: 'C0500' });
    });
    const second = await h.adapter.postDigest(where, header, cards.slice(0, 2));
    stop();
    expect(api.callsTo('chat.postMessage').filter((c) => c.status === 429 && c.args.thread_ts === second.messageId)).toHaveLength(1);
    expect(api.threadIn('C0500', second.messageId)).toHaveLength(2);
    expect(second.thread?.error).toBeUndefined();
  }, 20_000);

  it('throws, as before, when the header itself cannot be posted', async () => {
    h = await startSlackHarness('http');
    h.api.setChannel('C0500', { is_member: false });
    await expect(h.adapter.postDigest(where, header, cards)).rejects.toThrow(DeliveryError);
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.ok)).toEqual([]);
  });

  it('escapes hostile titles in the thread cards: nothing pings', async () => {
    h = await startSlackHarness('socket');
    const hostile = '<!channel> @everyone <@U123> <https://evil.example|click> *x* </script>';
    const receipt = await h.adapter.postDigest(where, header, [{ paperId: 'p9', message: message([{ type: 'paper', card: card({ paperId: 'p9', title: hostile }) }], 'channel', hostile) }]);
    expect(h.api.findUnescapedMentions()).toEqual([]);
    expect(slackText(h.api.threadIn('C0500', receipt.messageId)[0] as unknown as Record<string, unknown>)).toContain('<!channel> @everyone <@U123>');
  });
});
