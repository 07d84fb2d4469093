import { RESTJSONErrorCodes, type Client } from 'discord.js';
import type { Message, PersonRef } from '../../src/index.js';
import { DeliveryError } from '../../src/index.js';
import type { DeliveryReceipt } from '../chat-adapter.js';
import { deliveryErrorFrom, isApiError } from './discord-errors.js';
import { sendTo } from './discord-threads.js';

/**
 * Direct messages on Discord (alerts, personal digests): the bot opens the person's DM channel
 * over REST (`client.users.createDM` → `POST /users/@me/channels {recipient_id}`) and posts the
 * message there, rendered as digests are, mentions off. No gateway intent is involved: intents
 * only choose which events the gateway sends (Direct Messages = DM CHANNEL_CREATE and
 * MESSAGE_CREATE), and paperboy reads nothing in DMs; a click on a DM's button arrives as an
 * interaction, which needs no intent either. discord.js caches the DM channel it opened (in
 * `client.channels`, found again by `users.dmChannel(id)`), so a person's second message costs
 * one request, not two; paperboy keeps no cache of its own.
 *
 * Whether a person can be reached shows only when posting: Discord opens a DM channel even with
 * someone whose DMs are closed. Sources for the codes: discord.com/developers/docs/topics/
 * opcodes-and-status-codes (JSON error codes), 50278 added there by discord/discord-api-docs#8212
 * ("Cannot send messages to this user", as 50007), discord-api-types `RESTJSONErrorCodes` and its
 * `CannotSendMessagesToThisUserErrorCodes` (50007, 50278); 50033 Invalid Recipient(s) for a
 * deleted account is reported in discord/discord-api-docs#8274 and bwmarrin/discordgo#953.
 */

/** Failures only the person (or their account's fate) can change, in words for them: what happened, then what to do. */
const UNREACHABLE: Partial<Record<RESTJSONErrorCodes, string>> = {
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]:
    "you do not accept direct messages from this server's members and apps, or you blocked paperboy (Discord code 50007). To get alerts and your personal digest, open the server menu → Privacy Settings and turn on Direct Messages (and unblock paperboy if you blocked it).",
  [RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds]:
    'you no longer share a server with paperboy, so Discord does not let it message you (Discord code 50278). Alerts and your personal digest resume once you are back on a server paperboy is on.',
  [RESTJSONErrorCodes.UnknownUser]: 'Discord does not know this account any more (Discord code 10013), so paperboy cannot send it direct messages.',
  [RESTJSONErrorCodes.InvalidRecipients]: 'Discord refuses direct messages to this account, which looks deleted (Discord code 50033).',
};

const SNOWFLAKE = /^\d{17,20}$/;

/**
 * A DM failure as the alert dispatcher needs it: permanent only when the person cannot be
 * reached (they are then marked and skipped until their next command). Everything else is
 * transient, even what is permanent for a channel digest (a bad token, a message Discord
 * refuses): it is not the person's to fix, so it must not mark them.
 */
export function directErrorFrom(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (isApiError(error) && typeof error.code === 'number') {
    const reason = UNREACHABLE[error.code as RESTJSONErrorCodes];
    if (reason) return new DeliveryError(`Discord: ${reason}`, { permanent: true, cause: error });
    if (error.code === RESTJSONErrorCodes.OpeningDirectMessagesTooFast) {
      return new DeliveryError('Discord: paperboy opened direct messages too fast (40003); it will try again', { permanent: false, cause: error });
    }
  }
  const general = deliveryErrorFrom(error);
  return general.permanent ? new DeliveryError(general.message, { permanent: false, cause: error }) : general;
}

/** Opens (or reuses) the person's DM channel and posts `message`; rejects with a DeliveryError. */
export async function sendDirect(client: Client, person: PersonRef, message: Message): Promise<DeliveryReceipt> {
  if (!SNOWFLAKE.test(person.user)) {
    throw new DeliveryError(`Discord: “${person.user.slice(0, 40)}” is not a Discord user id, so no direct message can reach it`, { permanent: true });
  }
  try {
    const channel = await client.users.createDM(person.user);
    try {
      return { messageId: await sendTo(channel, message, person.workspace) };
    } catch (error) {
      if (!isApiError(error) || error.code !== RESTJSONErrorCodes.UnknownChannel) throw error;
      // The cached DM channel is gone: forget it (or createDM would find it again) and open the DM anew, once.
      client.channels.cache.delete(channel.id);
      const fresh = await client.users.createDM(person.user, { force: true });
      return { messageId: await sendTo(fresh, message, person.workspace) };
    }
  } catch (error) {
    throw directErrorFrom(error);
  }
}
