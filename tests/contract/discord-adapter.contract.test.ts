import { CHANNEL_1, CHANNEL_2, GUILD, MANAGE_CHANNELS, startDiscordHarness } from '../helpers/discord-harness.js';
import { describeChatAdapterContract, type ContractHarness } from './chat-adapter.contract.js';

const notYet = (what: string): Promise<never> => Promise.reject(new Error(`this harness cannot ${what} yet: implemented on branch i12-discuss-discord`));

/**
 * The Discord adapter (real discord.js over a loopback gateway) against the fake Discord.
 * Text commands are sent the way Discord's client would send them: as the subcommand and
 * typed options, by a member who may manage the channel.
 */
async function openDiscord(): Promise<ContractHarness> {
  const h = await startDiscordHarness();
  const here = { platform: 'discord', workspace: GUILD, channel: CHANNEL_1 };
  return {
    channels: [here, { ...here, channel: CHANNEL_2 }],
    deadlineMs: 3000,
    async command(text, channel) {
      return (await h.commandText(text, { channel: channel.channel, permissions: MANAGE_CHANNELS })).text;
    },
    async tickAt(iso) {
      h.service.at(iso);
      await h.service.tick();
    },
    async digests(channel) {
      const { discordText } = await import('../helpers/discord-harness.js');
      return h.fake.messagesIn(channel.channel).map((m) => discordText(m as Record<string, unknown>));
    },
    // Discuss: the platform engineer's part (branch i12-discuss-discord) replaces these.
    clickDigestButton: () => notYet('clickDigestButton'),
    threadMessages: () => notYet('threadMessages'),
    replyInThread: () => notYet('replyInThread'),
    close: () => h.close(),
  };
}

describeChatAdapterContract('discord', openDiscord);
