import { slackText, startSlackHarness } from '../helpers/slack-harness.js';
import { describeChatAdapterContract, type ContractHarness } from './chat-adapter.contract.js';

const notYet = (what: string): Promise<never> => Promise.reject(new Error(`this harness cannot ${what} yet: implemented on branch i12-discuss-slack`));

/** The Slack adapter (real Bolt) against the fake Slack, in both of its modes. */
async function openSlack(mode: 'http' | 'socket'): Promise<ContractHarness> {
  const h = await startSlackHarness(mode);
  const here = { platform: 'slack', workspace: 'T0001', channel: 'C0001' };
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
    // Discuss: the platform engineer's part (branch i12-discuss-slack) replaces these.
    clickDigestButton: () => notYet('clickDigestButton'),
    threadMessages: () => notYet('threadMessages'),
    replyInThread: () => notYet('replyInThread'),
    close: () => h.close(),
  };
}

describeChatAdapterContract('slack (HTTP)', () => openSlack('http'));
describeChatAdapterContract('slack (Socket Mode)', () => openSlack('socket'));
