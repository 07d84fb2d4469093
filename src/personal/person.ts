import type { ChannelRef } from '../subscriptions/subscription.js';

/**
 * One person in one workspace: who follows, gets alerts and a personal digest. People are
 * per workspace because platform user ids are (a Slack user id means nothing in another
 * team), and because "forget me" in one team must not touch another.
 */
export interface PersonRef {
  readonly platform: string;
  readonly workspace: string;
  /** The platform's user id (Slack `U…`, a Discord snowflake, the console's OS user name). */
  readonly user: string;
}

/**
 * A personal digest is a subscription whose channel is this prefix and the user id: the
 * scheduler's exactly-once slots, post log and catch-up work for a person as for a channel,
 * and no stored channel id can start with it (Slack ids are `C…`/`G…`/`D…`, Discord's are digits).
 */
export const PERSONAL_CHANNEL_PREFIX = 'user:';

/** The destination of a person's own digest. */
export function personalChannel(person: PersonRef): ChannelRef {
  return { platform: person.platform, workspace: person.workspace, channel: `${PERSONAL_CHANNEL_PREFIX}${person.user}` };
}

/** The person a destination is, when it is a personal one (a direct message), else undefined. */
export function personOf(ref: ChannelRef): PersonRef | undefined {
  if (!ref.channel.startsWith(PERSONAL_CHANNEL_PREFIX)) return undefined;
  const user = ref.channel.slice(PERSONAL_CHANNEL_PREFIX.length);
  return user ? { platform: ref.platform, workspace: ref.workspace, user } : undefined;
}

/** `platform:workspace:user`, for maps and logs. */
export function personKey(person: PersonRef): string {
  return `${person.platform}:${person.workspace}:${person.user}`;
}
