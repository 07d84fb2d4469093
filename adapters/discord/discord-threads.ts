import { createHash } from 'node:crypto';
import { ChannelType, RESTJSONErrorCodes, ThreadAutoArchiveDuration, type Client, type SendableChannels } from 'discord.js';
import type { DiscussionThreads, Message } from '../../src/index.js';
import { DeliveryError } from '../../src/index.js';
import { isApiError, notATextChannel, threadErrorFrom } from './discord-errors.js';
import { clip, oneLine } from './discord-text.js';
import { renderDiscordMessage } from './render-message.js';

/**
 * Discussion threads on Discord: a public thread started from a channel message (the thread
 * gets the message's id, so a message has at most one), and the paper cards posted in it.
 * Errors become DeliveryErrors that say who must grant what (Create Public Threads, Send
 * Messages in Threads) or what happened (the digest was deleted, the thread locked).
 */

/** Discord's limit on a thread's name. */
export const THREAD_NAME_MAX = 100;
/** A week of quiet before Discord archives the thread (a reply reopens it): a paper is discussed over days, not hours. */
const AUTO_ARCHIVE = ThreadAutoArchiveDuration.OneWeek;

/**
 * Discord drops a message whose nonce it saw from the same bot in the last few minutes when
 * enforce_nonce is set. The nonce is derived from where and what, so a post retried after its
 * reply was lost (a 5xx, a timeout) is not posted twice.
 */
export function messageNonce(channel: string, message: Message): string {
  return createHash('sha256')
    .update(`${channel}\n${JSON.stringify(message)}`)
    .digest('base64url')
    .slice(0, 25);
}

/** A thread name Discord accepts: one line of plain text (names render no markdown and ping no one), 1–100 characters. */
export function threadName(name: string): string {
  return clip(oneLine(name), THREAD_NAME_MAX) || 'Discussion';
}

/** Sends a rendered message to a channel or thread with mentions off and the nonce that makes a retry harmless. */
export async function sendRendered(client: Client, channelId: string, message: Message): Promise<string> {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) throw notATextChannel(channelId);
  return sendTo(channel, message);
}

/** Posts `message` rendered as digests are; `workspace` goes into the buttons of a direct message (see custom-ids.ts). */
export async function sendTo(channel: SendableChannels, message: Message, workspace?: string): Promise<string> {
  const channelId = channel.id;
  // No stash: buttons on posted messages are clicked days later, after restarts; one that cannot carry its command is left out.
  const payload = renderDiscordMessage(message, workspace === undefined ? {} : { workspace });
  const sent = await channel.send({
    ...(payload.content ? { content: payload.content } : {}),
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: payload.allowedMentions,
    nonce: messageNonce(channelId, message),
    enforceNonce: true,
  });
  return sent.id;
}

export class DiscordThreads implements DiscussionThreads {
  /** `channelId`: the text channel whose messages threads start from. */
  constructor(
    private readonly client: Client,
    private readonly guildId: string,
    private readonly channelId: string,
  ) {}

  async open(parentMessageId: string, name: string): Promise<string> {
    try {
      const channel = await this.client.channels.fetch(this.channelId);
      if (channel?.type !== ChannelType.GuildText && channel?.type !== ChannelType.GuildAnnouncement) {
        throw new DeliveryError('Discord: threads cannot start here; use Discuss on a digest in a text channel', { permanent: true });
      }
      const thread = await channel.threads.create({ startMessage: parentMessageId, name: threadName(name), autoArchiveDuration: AUTO_ARCHIVE });
      return thread.id;
    } catch (error) {
      // Someone (or an earlier click whose answer was lost) started it already: it has the message's id.
      if (isApiError(error) && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return parentMessageId;
      throw threadErrorFrom(error, 'open');
    }
  }

  async post(threadId: string, message: Message): Promise<string> {
    try {
      return await sendRendered(this.client, threadId, message);
    } catch (error) {
      throw threadErrorFrom(error, 'post');
    }
  }

  async link(threadId: string, messageId: string): Promise<string> {
    return `https://discord.com/channels/${this.guildId}/${threadId}/${messageId}`;
  }
}
