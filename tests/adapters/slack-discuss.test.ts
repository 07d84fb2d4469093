import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { slackButtons, slackText, startSlackHarness, type SlackButton, type SlackHarness } from '../helpers/slack-harness.js';

/**
 * Discuss in Slack, end to end: real Bolt gets clicks and message events from the fake
 * Slack, the service stores threads and counts replies, and the fake keeps the threads.
 */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const discussButtons = (body: Record<string, unknown>): SlackButton[] => slackButtons(body).filter((b) => b.text.text === 'Discuss');
const text = (message: object): string => slackText(message as Record<string, unknown>);
const paperOf = (button: SlackButton): string => (JSON.parse(button.value) as { options: { paper: string } }).options.paper;
const permalink = (channel: string, ts: string, thread?: string) => `https://paperboy-test.slack.com/archives/${channel}/p${ts.replace('.', '')}${thread ? `?thread_ts=${thread}&cid=${channel}` : ''}`;

/** Polls an async probe until it holds: for work Slack's event listeners do after the ack. */
async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Subscribes `channel` and delivers its 09:00 digest; resolves with the digest's ts and body. */
async function digestIn(harness: SlackHarness, channel: string, options = ''): Promise<{ ts: string; body: Record<string, unknown> }> {
  await harness.command(`subscribe 09:00 UTC daily 3${options}`, { channel });
  harness.service.at('2026-11-27T09:00:00Z');
  await harness.service.tick();
  const slot = await harness.service.service.storage.getSlot(`slack:T0001:${channel}`, '2026-11-27');
  expect(slot?.status).toBe('posted');
  const [body] = harness.api.messagesIn(channel);
  return { ts: slot!.messageId!, body: body! };
}

async function discussionCount(harness: SlackHarness, paperId: string): Promise<number> {
  return (await harness.service.service.storage.teamSignals('slack', 'T0001')).get(paperId)?.discussions ?? 0;
}

describe.each(['http', 'socket'] as const)('Slack Discuss (%s)', (mode) => {
  it('opens a thread on the digest with the paper’s full card, answers privately with its link, and counts replies there', async () => {
    h = await startSlackHarness(mode);
    const harness = h;
    const digest = await digestIn(harness, 'C0042');
    const [first, second] = discussButtons(digest.body);
    expect(discussButtons(digest.body)).toHaveLength(3);

    const opened = await harness.click(first!.action_id, first!.value, { channel: 'C0042', messageTs: digest.ts });
    expect(opened.response_type).toBe('ephemeral');
    expect(opened.replace_original).toBe(false);
    let thread = harness.api.threadIn('C0042', digest.ts);
    expect(thread).toHaveLength(1);
    const shown = await harness.service.service.paperboy.show(paperOf(first!));
    if (!shown.ok) throw new Error(shown.error.message);
    const paper = shown.value;
    expect(text(opened)).toBe(`Opened a thread for “${paper.title}”: ${permalink('C0042', thread[0]!.ts, digest.ts)}`);
    // The full card: title, authors and the abstract's start, and no Discuss button inside the thread.
    const card = text(thread[0]!);
    expect(card).toContain(paper.title);
    for (const author of paper.authors.slice(0, 1)) expect(card).toContain(author);
    expect(card).toContain(paper.abstract.slice(0, 60));
    expect(discussButtons(thread[0] as unknown as Record<string, unknown>)).toEqual([]);
    const stored = await harness.service.service.storage.threadOnMessage({ platform: 'slack', workspace: 'T0001', channel: 'C0042' }, digest.ts);
    expect(stored?.cards.map((c) => c.paperId)).toEqual([paper.id]);
    // Nothing new in the channel itself.
    expect(harness.api.messagesIn('C0042')).toHaveLength(1);

    // A second click links to the same card.
    const again = await harness.click(first!.action_id, first!.value, { channel: 'C0042', messageTs: digest.ts });
    expect(text(again)).toMatch(new RegExp(`is in the thread: ${escapeRegExp(permalink('C0042', thread[0]!.ts, digest.ts))}$`));
    expect(harness.api.threadIn('C0042', digest.ts)).toHaveLength(1);

    // Someone replies about the first paper; then another paper joins the same thread.
    await harness.userPosts('C0042', 'I tried this, it works', digest.ts);
    await eventually(async () => (await discussionCount(harness, paperOf(first!))) === 1);
    const posted = await harness.click(second!.action_id, second!.value, { channel: 'C0042', messageTs: digest.ts });
    thread = harness.api.threadIn('C0042', digest.ts);
    expect(thread).toHaveLength(3);
    expect(text(posted)).toMatch(new RegExp(`: ${escapeRegExp(permalink('C0042', thread[2]!.ts, digest.ts))}$`));

    // Not counted: a bot in the thread, an edit, a message outside threads, a thread paperboy did not open.
    await harness.event({ type: 'message', subtype: 'bot_message', bot_id: 'B0OTHER', channel: 'C0042', ts: '1800000000.000100', thread_ts: digest.ts, text: 'beep' });
    await harness.event({ type: 'message', bot_id: 'B0OTHER', user: 'U0OTHERBOT', channel: 'C0042', ts: '1800000000.000200', thread_ts: digest.ts, text: 'beep' });
    await harness.event({ type: 'message', subtype: 'message_changed', channel: 'C0042', ts: '1800000000.000300', message: { ts: thread[1]!.ts, thread_ts: digest.ts, text: 'edited' } });
    await harness.userPosts('C0042', 'unrelated chatter');
    const other = harness.api.postAsUser('C0042', 'U0003', 'a question');
    await harness.userPosts('C0042', 'an answer', String(other.ts));
    // A person's reply about the second paper is counted for it.
    await harness.userPosts('C0042', 'and this one?', digest.ts, 'U0004');
    await eventually(async () => (await discussionCount(harness, paperOf(second!))) === 1);
    const trending = text((await harness.command('trending', { channel: 'C0042' })).answer);
    expect(trending).toMatch(/discussed 1 time/);
    expect(await discussionCount(harness, paperOf(first!))).toBe(1);
    expect(await discussionCount(harness, paperOf(second!))).toBe(1);
    // The text of replies is nowhere in what paperboy logged.
    expect(JSON.stringify([harness.logged, harness.service.logged])).not.toMatch(/I tried this|and this one/);
    expect(harness.api.findUnescapedMentions()).toEqual([]);
  });
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('Slack Discuss beyond digests', () => {
  it('opens a thread on a card someone shared in the channel, and says where the button is when typed', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('search NoProp', { channel: 'C0070' });
    const share = slackButtons(answer).find((b) => b.text.text === 'Share in channel')!;
    const shared = await h.click(share.action_id, share.value, { channel: 'C0070' });
    const sharedTs = h.api.responses.find((r) => r.body === shared)?.ts;
    expect(sharedTs).toBeDefined();
    const [discuss] = discussButtons(shared);
    const opened = await h.click(discuss!.action_id, discuss!.value, { channel: 'C0070', messageTs: sharedTs! });
    const [card] = h.api.threadIn('C0070', sharedTs!);
    expect(text(opened)).toMatch(new RegExp(`^Opened a thread for “.+”: ${escapeRegExp(permalink('C0070', card!.ts, sharedTs))}$`));

    // Typed, there is no message to hang a thread from: the answer says where the button is, and nothing is posted.
    const typed = (await h.command(`discuss ${paperOf(discuss!)}`, { channel: 'C0070' })).answer;
    expect(typed.response_type).toBe('ephemeral');
    expect(text(typed)).toMatch(/press Discuss/);
    expect(h.api.threadIn('C0070', sharedTs!)).toHaveLength(1);
  });
});

describe('Slack Discuss when the platform says no', () => {
  it('says the digest was deleted, records nothing, and keeps the digest’s slot', async () => {
    h = await startSlackHarness('http');
    const digest = await digestIn(h, 'C0050');
    h.api.deleteMessage('C0050', digest.ts);
    const [discuss] = discussButtons(digest.body);
    const answer = await h.click(discuss!.action_id, discuss!.value, { channel: 'C0050', messageTs: digest.ts });
    expect(answer.response_type).toBe('ephemeral');
    expect(text(answer)).toMatch(/^Could not open a discussion of “.+”: Slack: thread_not_found: the message this thread belongs to was deleted; use Discuss on a newer digest/);
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined)).toEqual([]);
    expect(await h.service.service.storage.threadOnMessage({ platform: 'slack', workspace: 'T0001', channel: 'C0050' }, digest.ts)).toBeUndefined();
    expect((await h.service.service.storage.getSlot('slack:T0001:C0050', '2026-11-27'))?.status).toBe('posted');
  });

  it('says what to do in an archived channel and in one the bot was removed from', async () => {
    h = await startSlackHarness('http');
    const archived = await digestIn(h, 'C0051');
    h.api.archiveChannel('C0051');
    const [discuss] = discussButtons(archived.body);
    expect(text(await h.click(discuss!.action_id, discuss!.value, { channel: 'C0051', messageTs: archived.ts }))).toMatch(
      /Slack: is_archived: the channel is archived; unarchive it, or subscribe another channel/,
    );
    expect(await h.service.service.storage.threadOnMessage({ platform: 'slack', workspace: 'T0001', channel: 'C0051' }, archived.ts)).toBeUndefined();

    h.service.at('2026-11-27T08:00:00Z');
    const left = await digestIn(h, 'C0052');
    h.api.setChannel('C0052', { is_member: false });
    const [other] = discussButtons(left.body);
    expect(text(await h.click(other!.action_id, other!.value, { channel: 'C0052', messageTs: left.ts }))).toMatch(
      /Slack: not_in_channel: the bot is not in this channel; invite it with \/invite @paperboy/,
    );
  });

  it('escapes a hostile title in the thread card and the answer: nothing pings', async () => {
    const hostile = '<!channel> <!here> @everyone <@U123> *bold* <https://evil.example|click> </script> モデル 🚀';
    h = await startSlackHarness('http', {
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        const base = [...shippedCollection().all()][0]!;
        await storage.savePapers([{ ...base, id: 'hostile-1', arxivId: undefined, title: hostile }], 0);
        await storage.close();
      },
    });
    const digest = await digestIn(h, 'C0053');
    const [discuss] = discussButtons(digest.body);
    const forged = JSON.stringify({ name: 'discuss', options: { paper: 'hostile-1' } });
    const answer = await h.click(discuss!.action_id, forged, { channel: 'C0053', messageTs: digest.ts });
    // Mentions come back as text; markup characters may be swapped for look-alikes, never interpreted.
    const visible = '<!channel> <!here> @everyone <@U123>';
    expect(text(answer)).toContain(visible);
    expect(text(answer)).toContain('</script> モデル 🚀');
    expect(text(h.api.threadIn('C0053', digest.ts)[0]!)).toContain(visible);
    expect(h.api.findUnescapedMentions()).toEqual([]);
  });
});

describe('Slack digests with threads: on', () => {
  it('posts a short header with every card in its thread; Discuss on a card links to it, and replies count for the card they follow', async () => {
    h = await startSlackHarness('http');
    const harness = h;
    const digest = await digestIn(harness, 'C0060', ' threads: on');
    expect(harness.api.messagesIn('C0060')).toHaveLength(1);
    const cards = harness.api.threadIn('C0060', digest.ts);
    expect(cards).toHaveLength(3);
    const stored = await harness.service.service.storage.threadOnMessage({ platform: 'slack', workspace: 'T0001', channel: 'C0060' }, digest.ts);
    expect(stored?.cards.map((c) => c.messageId).sort()).toEqual(cards.map((c) => c.ts));
    // The header names every paper, so the digest reads on its own; its buttons are on the cards in the thread.
    expect(slackButtons(digest.body)).toEqual([]);
    for (const { paperId } of stored!.cards) {
      const shown = await harness.service.service.paperboy.show(paperId);
      expect(shown.ok && text(digest.body).includes(shown.value.title)).toBe(true);
    }

    // Discuss on a card in the thread: that card is the place; nothing new is posted.
    const [discuss] = discussButtons(cards[1] as unknown as Record<string, unknown>);
    const answer = await harness.click(discuss!.action_id, discuss!.value, { channel: 'C0060', messageTs: cards[1]!.ts, threadTs: digest.ts });
    expect(answer.response_type).toBe('ephemeral');
    expect(text(answer)).toMatch(new RegExp(`is in this thread: ${escapeRegExp(permalink('C0060', cards[1]!.ts, digest.ts))}$`));
    expect(harness.api.threadIn('C0060', digest.ts)).toHaveLength(3);
    await harness.userPosts('C0060', 'nice', digest.ts);
    const last = stored!.cards.find((c) => c.messageId === cards[2]!.ts)!.paperId;
    await eventually(async () => (await discussionCount(harness, last)) === 1);
  });

  it('keeps the header when the cards cannot follow, and logs why', async () => {
    h = await startSlackHarness('http');
    const api = h.api;
    const stop = api.onCall((call) => {
      if (call.method === 'chat.postMessage' && call.ok && call.args.channel === 'C0061' && call.args.thread_ts === undefined && Array.isArray(call.args.blocks)) api.archiveChannel('C0061');
    });
    await h.command('subscribe 09:00 UTC daily 3 threads: on', { channel: 'C0061' });
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    stop();
    expect(api.messagesIn('C0061')).toHaveLength(1);
    expect((await h.service.service.storage.getSlot('slack:T0001:C0061', '2026-11-27'))?.status).toBe('posted');
    expect(JSON.stringify(h.service.logged.filter((l) => l.level === 'warn'))).toMatch(/is_archived/);
  });
});
