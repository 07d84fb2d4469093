import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import { DeliveryError } from '../../src/index.js';

/**
 * Discord REST failures as the scheduler needs them: permanent when only a person can fix
 * it (the channel is gone, the bot cannot see or post in it, the token is wrong), transient
 * otherwise (rate limits, Discord's 5xx, timeouts, the network). The reason is shown in
 * /papers subscriptions, so it says what to do. Errors are told apart by class and by
 * Discord's JSON error code; the class name is the fallback for an error from another copy
 * of @discordjs/rest (where `instanceof` says no).
 */
const FIXES: Partial<Record<RESTJSONErrorCodes, string>> = {
  [RESTJSONErrorCodes.UnknownChannel]: 'the channel is gone; subscribe again in a channel that exists',
  [RESTJSONErrorCodes.MissingAccess]: 'the bot cannot see this channel; give paperboy View Channel there (channel settings → Permissions)',
  [RESTJSONErrorCodes.MissingPermissions]: 'the bot may not post here; give paperboy Send Messages and Embed Links in this channel',
  [RESTJSONErrorCodes.InvalidFormBodyOrContentType]: 'Discord refused the message layout (a paperboy bug; it is logged)',
  [RESTJSONErrorCodes.CannotSendAnEmptyMessage]: 'Discord refused an empty message (a paperboy bug; it is logged)',
  [RESTJSONErrorCodes.Unauthorized]: 'the bot token is not valid; check DISCORD_TOKEN',
  [RESTJSONErrorCodes.UnknownGuild]: 'paperboy is no longer on this server; invite it again (README, "Discord")',
};

const UNAUTHORIZED = 401;

interface NamedError {
  readonly name?: unknown;
}

const named = (error: unknown, prefix: string): boolean => {
  const name = (error as NamedError | null)?.name;
  return typeof name === 'string' && name.startsWith(prefix);
};

export function isApiError(error: unknown): error is Pick<DiscordAPIError, 'code' | 'status' | 'message'> {
  return error instanceof DiscordAPIError || named(error, 'DiscordAPIError');
}

function isRateLimit(error: unknown): error is Pick<RateLimitError, 'retryAfter'> {
  return error instanceof RateLimitError || named(error, 'RateLimitError');
}

function isHttpError(error: unknown): error is Pick<HTTPError, 'status'> {
  return error instanceof HTTPError || (error as NamedError | null)?.name === 'HTTPError';
}

/**
 * What to do when a thread cannot be opened or posted in, by step: Discord checks Create Public
 * Threads to open one and Send Messages in Threads to post in one, not Send Messages.
 */
const THREAD_FIXES: Record<'open' | 'post', Partial<Record<RESTJSONErrorCodes, string>>> = {
  open: {
    [RESTJSONErrorCodes.MissingPermissions]: 'paperboy may not start threads here; give it Create Public Threads in this channel (channel settings → Permissions)',
    [RESTJSONErrorCodes.UnknownMessage]: 'the digest message was deleted, so no thread can start from it; use Discuss on the next digest',
    [RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType]: 'threads cannot start here; use Discuss on a digest in a text channel',
  },
  post: {
    [RESTJSONErrorCodes.MissingPermissions]: 'paperboy may not post in threads here; give it Send Messages in Threads in this channel (channel settings → Permissions)',
    [RESTJSONErrorCodes.InvalidActionOnArchivedThread]: 'the thread is archived and locked; a moderator can unlock it (thread menu → Unlock Thread), then try again',
    [RESTJSONErrorCodes.ThreadLocked]: 'the thread is locked; a moderator can unlock it (thread menu → Unlock Thread), then try again',
  },
};
const COMMON_THREAD_FIXES: Partial<Record<RESTJSONErrorCodes, string>> = {
  [RESTJSONErrorCodes.UnknownChannel]: 'the thread or its channel was deleted; use Discuss on the next digest',
  [RESTJSONErrorCodes.MissingAccess]: 'paperboy cannot see this channel or thread; give it View Channel here (channel settings → Permissions)',
};

/** A failure to open or post in a discussion thread, saying what to do where someone can fix it. */
export function threadErrorFrom(error: unknown, step: 'open' | 'post'): DeliveryError {
  if (isApiError(error) && typeof error.code === 'number') {
    const code = error.code as RESTJSONErrorCodes;
    const fix = THREAD_FIXES[step][code] ?? COMMON_THREAD_FIXES[code];
    if (fix) return new DeliveryError(`Discord: ${error.message || code} (${code}): ${fix}`, { permanent: true, cause: error });
  }
  return deliveryErrorFrom(error);
}

export function deliveryErrorFrom(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (isApiError(error) && typeof error.code === 'number') {
    const fix = FIXES[error.code as RESTJSONErrorCodes];
    if (fix) return new DeliveryError(`Discord: ${error.message || error.code} (${error.code}): ${fix}`, { permanent: true, cause: error });
    if (error.status === UNAUTHORIZED) return new DeliveryError('Discord: 401 Unauthorized: the bot token is not valid; check DISCORD_TOKEN', { permanent: true, cause: error });
    return new DeliveryError(`Discord: ${error.message || 'error'} (${error.code})`.slice(0, 300), { permanent: false, cause: error });
  }
  if (isRateLimit(error)) {
    return new DeliveryError('Discord: rate limited', { permanent: false, ...(error.retryAfter !== undefined ? { retryAfterMs: error.retryAfter } : {}), cause: error });
  }
  if (isHttpError(error)) return new DeliveryError(`Discord: HTTP ${error.status ?? '?'}`, { permanent: false, cause: error });
  const message = (error as { message?: unknown } | null)?.message;
  return new DeliveryError(`Discord: ${typeof message === 'string' ? message : String(error)}`.slice(0, 300), { permanent: false, cause: error });
}

/** A channel paperboy cannot post a digest to, as a permanent failure the team can fix. */
export function notATextChannel(channel: string): DeliveryError {
  return new DeliveryError(`Discord: channel ${channel} is not a text channel paperboy can post to; subscribe from a text channel`, { permanent: true });
}
