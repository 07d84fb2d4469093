import { DeliveryError } from '../../src/index.js';

/**
 * Discord REST failures as the scheduler needs them: permanent when only a person can fix
 * it (the channel is gone, the bot cannot see or post in it, the token is wrong), transient
 * otherwise (rate limits, Discord's 5xx, timeouts, the network). The reason is shown in
 * /papers subscriptions, so it says what to do.
 */
const FIXES: Record<number, string> = {
  10003: 'the channel is gone; subscribe again in a channel that exists',
  50001: 'the bot cannot see this channel; give paperboy View Channel there (channel settings → Permissions)',
  50013: 'the bot may not post here; give paperboy Send Messages and Embed Links in this channel',
  50035: 'Discord refused the message layout (a paperboy bug; it is logged)',
  50006: 'Discord refused an empty message (a paperboy bug; it is logged)',
  40001: 'the bot token is not valid; check DISCORD_TOKEN',
  10004: 'paperboy is no longer on this server; invite it again (README, "Discord")',
};

interface DiscordCallError {
  readonly name?: string;
  readonly code?: number | string;
  readonly status?: number;
  readonly message?: string;
  /** RateLimitError: milliseconds until Discord lets us try again. */
  readonly retryAfter?: number;
}

export function deliveryErrorFrom(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = (error ?? {}) as DiscordCallError;
  if (e.name?.startsWith('DiscordAPIError') && typeof e.code === 'number') {
    const fix = FIXES[e.code];
    if (fix) return new DeliveryError(`Discord: ${e.message ?? e.code} (${e.code}): ${fix}`, { permanent: true, cause: error });
    if (e.status === 401) return new DeliveryError('Discord: 401 Unauthorized: the bot token is not valid; check DISCORD_TOKEN', { permanent: true, cause: error });
    return new DeliveryError(`Discord: ${e.message ?? 'error'} (${e.code})`.slice(0, 300), { permanent: false, cause: error });
  }
  if (e.name?.startsWith('RateLimitError')) {
    return new DeliveryError('Discord: rate limited', { permanent: false, ...(e.retryAfter !== undefined ? { retryAfterMs: e.retryAfter } : {}), cause: error });
  }
  if (e.name === 'HTTPError') return new DeliveryError(`Discord: HTTP ${e.status ?? '?'}`, { permanent: false, cause: error });
  return new DeliveryError(`Discord: ${e.message ?? String(error)}`.slice(0, 300), { permanent: false, cause: error });
}

/** A channel paperboy cannot post a digest to, as a permanent failure the team can fix. */
export function notATextChannel(channel: string): DeliveryError {
  return new DeliveryError(`Discord: channel ${channel} is not a text channel paperboy can post to; subscribe from a text channel`, { permanent: true });
}
