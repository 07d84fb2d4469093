import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import type { ChannelRef, Message } from '../../src/index.js';
import { textOf } from '../helpers/command-harness.js';
import { startServiceHarness } from '../helpers/service-harness.js';
import { describeChatAdapterContract, describeDirectMessageContract, type DirectMessageHarness } from './chat-adapter.contract.js';

/** The recording double passes the same contract, so tests built on it mean what they say. */
async function openRecording(): Promise<DirectMessageHarness> {
  let adapter: RecordingAdapter | undefined;
  const service = await startServiceHarness({
    adapters: ({ commands }) => {
      adapter = new RecordingAdapter({ id: 'slack', commands });
      return [adapter];
    },
  });
  const here = { platform: 'slack', workspace: 'T1', channel: 'C1' };
  const text = (m: Message): string => textOf(m);
  const ada = { platform: 'slack', workspace: here.workspace, user: 'U1' };
  const ctx = (channel: ChannelRef) => ({ ...channel, user: { id: ada.user, name: 'Ada' }, now: new Date('2026-11-27T06:00:00Z'), canManageChannel: true });
  const latestDigest = (channel: ChannelRef) => {
    const digest = adapter!.postsTo(channel.channel).at(-1);
    if (!digest) throw new Error(`no digest was posted in ${channel.channel}`);
    return digest;
  };
  return {
    channels: [here, { ...here, channel: 'C2' }],
    deadlineMs: 3000,
    async command(line, channel) {
      return text(await adapter!.command(line, ctx(channel)));
    },
    async tickAt(iso) {
      service.at(iso);
      await service.tick();
    },
    async digests(channel) {
      return adapter!.postsTo(channel.channel).map((p) => text(p.message));
    },
    async clickDigestButton(channel, kind, paperIndex) {
      const digest = latestDigest(channel);
      // A threads: on digest's buttons are on the cards in its thread (the thread's id is the digest's).
      const cards = adapter!.threadPostsIn(channel.channel).filter((p) => p.threadId === digest.messageId);
      const headerHasButtons = digest.message.blocks.some((b) => b.type === 'paper' && b.card.actions.length > 0);
      if (headerHasButtons || cards.length === 0) return text(await adapter!.press(digest.messageId, kind, paperIndex, ctx(channel)));
      return text(await adapter!.press(cards[paperIndex]!.messageId, kind, 0, ctx(channel)));
    },
    async threadMessages(channel) {
      return adapter!.threadPostsIn(channel.channel).map((p) => text(p.message));
    },
    async replyInThread(channel) {
      await adapter!.replyInThread(channel, latestDigest(channel).messageId, Date.parse('2026-11-27T10:00:00Z'));
    },
    sendDirect: (message) => adapter!.postDirect(ada, message),
    async directMessages() {
      return adapter!.directsTo(ada.user).map((d) => text(d.message));
    },
    close: () => service.close(),
  };
}

describeChatAdapterContract('recording', openRecording);
describeDirectMessageContract('recording', openRecording);
