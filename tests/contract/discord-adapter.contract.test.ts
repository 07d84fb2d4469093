import { decodeInvocation } from '../../adapters/discord/custom-ids.js';
import { renderPlainText, type DiscordPayload } from '../../adapters/discord/render-message.js';
import type { ChannelRef } from '../../src/index.js';
import { DEFAULT_USER, type FakeMessage } from '../fakes/discord/index.js';
import { CHANNEL_1, CHANNEL_2, GUILD, MANAGE_CHANNELS, discordButtons, discordText, startDiscordHarness } from '../helpers/discord-harness.js';
import { describeChatAdapterContract, describeDirectMessageContract, type DirectMessageHarness } from './chat-adapter.contract.js';

/**
 * The Discord adapter (real discord.js over a loopback gateway) against the fake Discord.
 * Text commands are sent the way Discord's client would send them: as the subcommand and
 * typed options, by a member who may manage the channel.
 */
async function openDiscord(): Promise<DirectMessageHarness> {
  const h = await startDiscordHarness();
  const here = { platform: 'discord', workspace: GUILD, channel: CHANNEL_1 };
  // The user h.command runs as.
  const alice = { platform: 'discord', workspace: GUILD, user: DEFAULT_USER.id };
  const text = (m: FakeMessage) => discordText(m as Record<string, unknown>);
  const latestDigest = (channel: ChannelRef): FakeMessage => {
    const digest = h.fake.messagesIn(channel.channel).at(-1);
    if (!digest) throw new Error(`no digest was posted in ${channel.channel}`);
    return digest;
  };
  /** The buttons on a message that run `kind`, in card order. */
  const buttonsOf = (m: FakeMessage, kind: string) => discordButtons(m as Record<string, unknown>).filter((b) => decodeInvocation(b.customId)?.name === kind);
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
      return h.fake.messagesIn(channel.channel).map(text);
    },
    async clickDigestButton(channel, kind, paperIndex) {
      const digest = latestDigest(channel);
      const onDigest = buttonsOf(digest, kind)[paperIndex];
      // A threads: on digest's buttons are on the cards in the thread started from it (the thread has the digest's id).
      const card = onDigest ? digest : h.fake.messagesIn(digest.id)[paperIndex];
      const button = onDigest ?? (card && buttonsOf(card, kind)[0]);
      if (!card || !button) throw new Error(`no ${kind} button for paper ${paperIndex + 1} of the latest digest in ${channel.channel}`);
      const where = card === digest ? channel.channel : digest.id;
      return (await h.click(button.customId, { channel: where, messageId: card.id, permissions: MANAGE_CHANNELS })).text;
    },
    async threadMessages(channel) {
      const posted = h.fake.threadsIn(channel.channel).flatMap((t) => h.fake.messagesIn(t.id));
      return posted.filter((m) => (m.author as { id?: string }).id === h.fake.botUserId).map(text);
    },
    async replyInThread(channel) {
      await h.fake.postAs({ channelId: latestDigest(channel).id });
    },
    sendDirect: (message) => h.adapter.postDirect(alice, message),
    async directMessages() {
      // What the person reads: the renderer's own markup (a bold heading) resolved too.
      return h.fake.directMessagesTo(alice.user).map((m) => renderPlainText({ content: m.content, embeds: m.embeds } as DiscordPayload));
    },
    close: () => h.close(),
  };
}

describeChatAdapterContract('discord', openDiscord);
describeDirectMessageContract('discord', openDiscord);
