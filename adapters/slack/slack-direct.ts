import type { webApi } from '@slack/bolt';
import { DeliveryError, type Message, type PersonRef } from '../../src/index.js';
import type { DeliveryReceipt } from '../chat-adapter.js';
import type { ChannelPacer } from './channel-pacer.js';
import { renderMessage } from './render-blocks.js';
import type { SlackConnection } from './slack-connection.js';
import { authFailureOf, deliveryErrorFrom, platformErrorOf } from './slack-errors.js';

/**
 * Direct messages from the bot to one person (alerts, a personal digest). conversations.open
 * with the user's id gives the bot's DM channel with them (`D…`, scope im:write), then
 * chat.postMessage posts there, rendered exactly as a digest is (render-blocks.ts: every
 * string escaped, mrkdwn verbatim, so nothing in a title can ping) and paced per channel
 * like every other post. The channel is opened again for each message rather than cached:
 * the open is what tells us the person left or was deactivated, and it costs one call.
 *
 * Errors (Slack's method reference, docs.slack.dev/reference/methods/conversations.open and
 * /chat.postMessage, read through the slack-ruby/slack-api-ref mirror of those pages and a
 * copy of the chat.postMessage error table):
 * - conversations.open: `user_not_found` ("Value(s) passed for users was invalid"),
 *   `user_disabled` ("A specified user has been disabled"), `user_not_visible` ("The calling
 *   user is restricted from seeing the requested user"), `missing_scope`, and the token ones.
 * - chat.postMessage: `messages_tab_disabled` ("Messages tab for the app is disabled": an app
 *   setting, App Home › Messages Tab; the manifests turn it on), `channel_not_found`,
 *   `restricted_action`, `ekm_access_denied`.
 * - `cannot_dm_bot` is in neither table; it is what im.open / conversations.open answer for a
 *   bot user, as many of their clients report, so it is handled too.
 * Only the person's own state is permanent (UNREACHABLE): they are marked and skipped, and told
 * why the next time they use /papers. What an admin must fix in the app or the workspace
 * (APP_SETUP: the Messages tab, a missing scope, a workspace policy) and a refused bot token
 * (token_revoked, invalid_auth, account_inactive: the bot's account) say nothing about the
 * person: transient, retried with backoff and logged, so nobody is marked for paperboy's own
 * setup and everyone's alerts go out once it is fixed. So is anything else Slack refuses
 * (a message it will not take): a channel digest's permanent failures are not the person's.
 * Rate limits, Slack's 5xx and the network are transient, as for digests.
 */
const UNREACHABLE: Record<string, string> = {
  user_not_found: 'Slack knows no such user in this workspace (they left, or were removed)',
  user_disabled: 'the Slack account is deactivated',
  user_not_visible: 'a workspace restriction hides this user from paperboy (a guest account?); a Slack admin can allow it',
  cannot_dm_bot: 'this user is a bot, and Slack bots cannot get direct messages',
  channel_not_found: 'the direct message conversation with this user is gone (was the account removed?)',
};

const APP_SETUP: Record<string, string> = {
  messages_tab_disabled:
    'the app’s Messages tab is turned off, so it cannot send direct messages; a Slack admin can turn on App Home › Messages Tab (messages_tab_enabled in adapters/slack/manifest.yml) and reinstall',
  missing_scope: 'paperboy lacks the im:write permission it needs for direct messages; a Slack admin can reinstall it from the current manifest (adapters/slack/manifest.yml)',
  restricted_action: 'a workspace setting stops the bot sending direct messages; ask a Slack admin',
  ekm_access_denied: 'Enterprise Key Management blocks the message; ask a Slack admin',
};

/** The bot's DM channel with `user` (conversations.open); rejects with the SDK's error. */
export async function openDirectChannel(client: webApi.WebClient, user: string): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  return channel;
}

/** A failed DM call as the scheduler needs it: permanent only when this person cannot be reached. */
export function directDeliveryError(error: unknown): DeliveryError {
  const token = authFailureOf(error);
  if (token) return new DeliveryError(`Slack: ${token.code}: ${token.fix}; direct messages wait until then`, { permanent: false, cause: error });
  const refused = platformErrorOf(error);
  const fix = refused && UNREACHABLE[refused.code];
  if (refused && fix) return new DeliveryError(`Slack: ${refused.code}: ${fix}`, { permanent: true, cause: error });
  const setup = refused && APP_SETUP[refused.code];
  if (refused && setup) {
    const needed = refused.needed !== undefined ? ` (needs ${refused.needed})` : '';
    return new DeliveryError(`Slack: ${refused.code}${needed}: ${setup}; direct messages wait until then`, { permanent: false, cause: error });
  }
  const general = deliveryErrorFrom(error);
  return general.permanent ? new DeliveryError(general.message, { permanent: false, cause: error }) : general;
}

export interface SlackDirectDeps {
  readonly client: webApi.WebClient;
  readonly pacer: ChannelPacer;
  readonly connection: SlackConnection;
}

/** Sends `message` to `person` in their DM with the bot; resolves with the message's ts. */
export async function postSlackDirect(deps: SlackDirectDeps, person: PersonRef, message: Message): Promise<DeliveryReceipt> {
  const rendered = renderMessage(message);
  try {
    const channel = await openDirectChannel(deps.client, person.user);
    const result = await deps.pacer.run(channel, () => deps.client.chat.postMessage({ channel, text: rendered.text, blocks: rendered.blocks, unfurl_links: false, unfurl_media: false }));
    deps.connection.succeeded();
    return { messageId: String(result.ts ?? '') };
  } catch (error) {
    deps.connection.failed(error);
    throw directDeliveryError(error);
  }
}
