import { FormErrors, apiError, isObject, json, snowflake, type Json, type Reply } from './discord-wire.js';
import { personUser } from './payloads.js';

/**
 * Direct messages as Discord keeps them for a bot: `POST /users/@me/channels {recipient_id}` opens (or, when one
 * exists, returns) the DM channel with a user, type 1 with the user in `recipients`; messages are then posted to
 * it like any channel. Whether a person can be reached is decided when a message is sent, not when the channel
 * opens, as on Discord: a person whose DMs are closed still gets a channel, and the post fails with 50007.
 *
 * Codes (discord.com/developers/docs/topics/opcodes-and-status-codes, JSON error codes; 50278 added by
 * discord/discord-api-docs#8212; discord-api-types RESTJSONErrorCodes):
 * - 50007 Cannot send messages to this user (403): DMs from server members off, the bot blocked, no shared server.
 * - 50278 Cannot send messages to this user (403): the same, when the user shares no server with the bot.
 * - 10013 Unknown User (404) and 50033 Invalid Recipient(s) (400): no such account (deleted), on channel create.
 */

/** How a person answers paperboy's direct messages: arranged by a test, `open` by default. */
export type DirectMessageArrangement = 'open' | 'closed' | 'no-mutual-server' | 'unknown-user' | 'deleted-user';

export interface FakeDmChannel {
  readonly id: string;
  readonly userId: string;
}

const DM_CHANNEL = 1;
const SNOWFLAKE = /^\d{17,20}$/;

const REFUSALS: Partial<Record<DirectMessageArrangement, { open?: Reply; send?: Reply }>> = {
  closed: { send: apiError(403, 50007, 'Cannot send messages to this user') },
  'no-mutual-server': { send: apiError(403, 50278, 'Cannot send messages to this user') },
  'unknown-user': { open: apiError(404, 10013, 'Unknown User') },
  'deleted-user': { open: apiError(400, 50033, 'Invalid Recipient(s)') },
};

export class DirectMessageStore {
  private readonly byUser = new Map<string, FakeDmChannel>();
  private readonly byId = new Map<string, FakeDmChannel>();
  private readonly arranged = new Map<string, DirectMessageArrangement>();
  private readonly usernames = new Map<string, string>();

  constructor(private readonly botUserId: string) {}

  arrange(userId: string, arrangement: DirectMessageArrangement, username?: string): void {
    this.arranged.set(userId, arrangement);
    if (username) this.usernames.set(userId, username);
  }

  /** The DM channel with a user, if one was opened (and not deleted since). */
  channelWith(userId: string): FakeDmChannel | undefined {
    return this.byUser.get(userId);
  }

  get(channelId: string): FakeDmChannel | undefined {
    return this.byId.get(channelId);
  }

  /** Forgets a DM channel (a test's stale channel): posts to it answer 10003, and opening again gives a new one. */
  delete(channelId: string): boolean {
    const channel = this.byId.get(channelId);
    if (!channel) return false;
    this.byId.delete(channelId);
    this.byUser.delete(channel.userId);
    return true;
  }

  /** POST /users/@me/channels. */
  open(body: unknown): Reply {
    const recipient = isObject(body) ? body.recipient_id : undefined;
    const errors = new FormErrors();
    if (typeof recipient !== 'string' || !SNOWFLAKE.test(recipient)) errors.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(recipient)}" is not snowflake.`);
    const rejected = errors.reply();
    if (rejected) return rejected;
    const userId = recipient as string;
    // Discord answers "Cannot send messages to this user" when a bot opens a DM with itself.
    if (userId === this.botUserId) return apiError(403, 50007, 'Cannot send messages to this user');
    const refused = REFUSALS[this.arranged.get(userId) ?? 'open']?.open;
    if (refused) return refused;
    let channel = this.byUser.get(userId);
    if (!channel) {
      channel = { id: snowflake(), userId };
      this.byUser.set(userId, channel);
      this.byId.set(channel.id, channel);
    }
    return json(this.channelObject(channel));
  }

  /** Why a post to this DM channel is refused, or undefined when the person can be reached. */
  refusal(channel: FakeDmChannel): Reply | undefined {
    return REFUSALS[this.arranged.get(channel.userId) ?? 'open']?.send;
  }

  /** The channel object Create DM and GET /channels/{id} answer; `last_message_id` present, so discord.js caches it as whole. */
  channelObject(channel: FakeDmChannel): Json {
    const username = this.usernames.get(channel.userId) ?? `user-${channel.userId.slice(-4)}`;
    return { id: channel.id, type: DM_CHANNEL, last_message_id: null, flags: 0, recipients: [personUser({ id: channel.userId, username })] };
  }
}
