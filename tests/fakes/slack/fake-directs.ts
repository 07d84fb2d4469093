import { ok, platformError, type Args, type Reply } from './slack-wire.js';

/**
 * Direct messages in the fake Slack: the bot's DM channel with a user (conversations.open,
 * im:write), and the ways Slack refuses one. Every well-formed user id is an active person
 * unless a test says otherwise; the DM channel is `D` + the id without its first letter, the
 * same every time (as Slack gives back the existing DM).
 *
 * What Slack answers (docs.slack.dev/reference/methods/conversations.open, /chat.postMessage):
 * - a user who does not exist (left, removed, a wrong id): conversations.open `user_not_found`;
 * - a deactivated account: conversations.open `user_disabled`;
 * - a user the bot may not see (guest restrictions): conversations.open `user_not_visible`;
 * - a bot user: conversations.open `cannot_dm_bot` (not in the docs' table; what clients report);
 * - the app's Messages tab turned off (an app setting, so every DM): chat.postMessage `messages_tab_disabled`.
 */
export type DirectUserState = 'active' | 'missing' | 'deactivated' | 'hidden' | 'bot';

const OPEN_REFUSALS: Record<Exclude<DirectUserState, 'active'>, string> = {
  missing: 'user_not_found',
  deactivated: 'user_disabled',
  hidden: 'user_not_visible',
  bot: 'cannot_dm_bot',
};

/** The DM channel the fake gives the bot with `user` (`U0001` → `D0001`). */
export function directChannelOf(user: string): string {
  return `D${user.slice(1)}`;
}

export class FakeDirects {
  private readonly users = new Map<string, DirectUserState>();
  private messagesTabOff = false;

  setUser(user: string, state: DirectUserState): void {
    this.users.set(user, state);
  }

  /** The app's Messages tab is off (or on again): every post into a DM is refused. */
  setMessagesTab(enabled: boolean): void {
    this.messagesTabOff = !enabled;
  }

  /** conversations.open with `users` (one user: a 1:1 DM; the fake opens no group DMs). */
  open(args: Args): Reply {
    if (typeof args.users !== 'string' || args.users === '') return platformError('users_list_not_supplied');
    const users = args.users.split(',');
    if (users.length > 1) return platformError('method_not_supported_for_channel_type');
    const user = users[0]!;
    if (!/^[UW][A-Z0-9]+$/.test(user)) return platformError('user_not_found');
    const state = this.users.get(user) ?? 'active';
    if (state !== 'active') return platformError(OPEN_REFUSALS[state]);
    return ok({ channel: { id: directChannelOf(user) } });
  }

  /** Why a post into `channel` is refused when it is a DM; undefined for other channels and open DMs. */
  postRefusal(channel: string | undefined): string | undefined {
    if (channel === undefined || !channel.startsWith('D')) return undefined;
    return this.messagesTabOff ? 'messages_tab_disabled' : undefined;
  }

  clear(): void {
    this.users.clear();
    this.messagesTabOff = false;
  }
}
