import type { ChannelRef } from '../../src/index.js';
import { slackButtons, slackText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';
import { describeChatAdapterContract, describeDirectMessageContract, type DirectMessageHarness } from './chat-adapter.contract.js';

/** The latest digest paperboy posted in `channel` (a top-level message), with its ts. */
function latestDigest(h: SlackHarness, channel: ChannelRef): { ts: string; body: Record<string, unknown> } {
  const call = h.api
    .callsTo('chat.postMessage')
    .filter((c) => c.ok && c.args.channel === channel.channel && c.args.thread_ts === undefined)
    .at(-1);
  if (call?.ts === undefined) throw new Error(`no digest in ${channel.channel}`);
  return { ts: call.ts, body: call.args };
}

/** The Slack adapter (real Bolt) against the fake Slack, in both of its modes. */
async function openSlack(mode: 'http' | 'socket'): Promise<DirectMessageHarness> {
  const h = await startSlackHarness(mode);
  const here = { platform: 'slack', workspace: 'T0001', channel: 'C0001' };
  // The user h.command runs as.
  const alice = { platform: 'slack', workspace: here.workspace, user: 'U0001' };
  return {
    channels: [here, { ...here, channel: 'C0002' }],
    deadlineMs: 3000,
    async command(text, channel) {
      const { ack, answer } = await h.command(text.replace(/^\/papers\s*/, ''), { channel: channel.channel });
      if (ack.status !== 200) throw new Error(`Slack would have shown an error: HTTP ${ack.status}`);
      return slackText(answer);
    },
    async tickAt(iso) {
      h.service.at(iso);
      await h.service.tick();
    },
    async digests(channel) {
      return h.api.messagesIn(channel.channel).map((m) => slackText(m));
    },
    async clickDigestButton(channel, kind, paperIndex) {
      const digest = latestDigest(h, channel);
      const ofKind = (body: object) => slackButtons(body as Record<string, unknown>).filter((b) => b.action_id.startsWith(`papers:${kind}:`));
      const onDigest = ofKind(digest.body)[paperIndex];
      if (onDigest !== undefined) return slackText(await h.click(onDigest.action_id, onDigest.value, { channel: channel.channel, messageTs: digest.ts }));
      // A threads: on digest is a header without buttons: they are on the papers' cards in its thread.
      const card = h.api.threadIn(channel.channel, digest.ts).filter((m) => m.bot_id !== undefined)[paperIndex];
      const button = card === undefined ? undefined : ofKind(card)[0];
      if (button === undefined) throw new Error(`no ${kind} button for paper ${paperIndex}`);
      return slackText(await h.click(button.action_id, button.value, { channel: channel.channel, messageTs: card!.ts, threadTs: digest.ts }));
    },
    async threadMessages(channel) {
      return h.api
        .callsTo('chat.postMessage')
        .filter((c) => c.ok && c.args.channel === channel.channel && c.args.thread_ts !== undefined)
        .map((c) => slackText(c.args));
    },
    async replyInThread(channel) {
      await h.userPosts(channel.channel, 'a person’s reply', latestDigest(h, channel).ts);
    },
    sendDirect: (message) => h.adapter.postDirect(alice, message),
    async directMessages() {
      return h.api.directMessagesTo(alice.user).map((m) => slackText(m));
    },
    close: () => h.close(),
  };
}

describeChatAdapterContract('slack (HTTP)', () => openSlack('http'));
describeChatAdapterContract('slack (Socket Mode)', () => openSlack('socket'));
describeDirectMessageContract('slack (HTTP)', () => openSlack('http'));
describeDirectMessageContract('slack (Socket Mode)', () => openSlack('socket'));
