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

function isApiError(error: unknown): error is Pick<DiscordAPIError, 'code' | 'status' | 'message'> {
  return error instanceof DiscordAPIError || named(error, 'DiscordAPIError');
}

function isRateLimit(error: unknown): error is Pick<RateLimitError, 'retryAfter'> {
  return error instanceof RateLimitError || named(error, 'RateLimitError');
}

function isHttpError(error: unknown): error is Pick<HTTPError, 'status'> {
  return error instanceof HTTPError || (error as NamedError | null)?.name === 'HTTPError';
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
