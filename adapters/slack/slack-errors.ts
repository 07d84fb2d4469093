import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/index.js';

/**
 * Slack Web API failures as the scheduler needs them: permanent when only a person can fix
 * it (the bot is not in the channel, the channel is gone, a scope is missing, the token was
 * revoked), transient otherwise (rate limits, Slack's 5xx, the network). The reason is shown
 * in /papers subscriptions, so it says what to do.
 */
const FIXES: Record<string, string> = {
  not_in_channel: 'the bot is not in this channel; invite it with /invite @paperboy',
  channel_not_found: 'the channel is gone, or the bot cannot see it; invite the bot, or subscribe again where it can post',
  is_archived: 'the channel is archived; unarchive it, or subscribe another channel',
  missing_scope: 'the app lacks a permission; reinstall it from the manifest (adapters/slack/manifest.yml)',
  not_authed: 'the bot token is missing; check SLACK_BOT_TOKEN',
  invalid_auth: 'the bot token is not valid; check SLACK_BOT_TOKEN',
  account_inactive: 'the bot user is deactivated; reinstall the app',
  token_revoked: 'the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN',
  access_denied: 'Slack denied access; reinstall the app',
  restricted_action: 'a workspace setting stops the bot posting here; ask an admin',
  ekm_access_denied: 'Enterprise Key Management blocks the post; ask an admin',
  team_access_not_granted: 'the app is not installed in this workspace',
  invalid_blocks: 'Slack refused the message layout (a paperboy bug; it is logged)',
  msg_too_long: 'Slack refused the message as too long (a paperboy bug; it is logged)',
  msg_blocks_too_long: 'Slack refused the message as too long (a paperboy bug; it is logged)',
  thread_not_found: 'the message this thread belongs to was deleted; use Discuss on a newer digest',
  message_not_found: 'the message was deleted',
};

type CallError = webApi.WebAPICallError;

/** The SDK's error by its code (errors from another copy of @slack/web-api fail `instanceof`, but keep their code). */
function hasCode<C extends CallError['code']>(error: unknown, code: C): error is Extract<CallError, { code: C }> {
  return (error as { code?: unknown } | null)?.code === code;
}

/** The code of a call Slack refused (`ok:false`), with the scope a missing_scope names; undefined for any other failure. */
export function platformErrorOf(error: unknown): { readonly code: string; readonly needed?: string } | undefined {
  if (!hasCode(error, webApi.ErrorCode.PlatformError) || !error.data?.error) return undefined;
  const needed = (error.data as { needed?: unknown }).needed;
  return { code: error.data.error, ...(typeof needed === 'string' && { needed }) };
}

export function deliveryErrorFrom(error: unknown): DeliveryError {
  const refused = platformErrorOf(error);
  if (refused) return platformDeliveryError(refused.code, refused.needed, error);
  if (hasCode(error, webApi.ErrorCode.RateLimitedError)) {
    return new DeliveryError('Slack: rate limited', { permanent: false, ...(error.retryAfter !== undefined ? { retryAfterMs: error.retryAfter * 1000 } : {}), cause: error });
  }
  if (hasCode(error, webApi.ErrorCode.HTTPError)) {
    return new DeliveryError(`Slack: HTTP ${error.statusCode ?? '?'}`, { permanent: false, cause: error });
  }
  if (hasCode(error, webApi.ErrorCode.RequestError)) {
    // fetch says only "fetch failed"; the network's own code (ECONNREFUSED, ENOTFOUND) is in its cause.
    const cause = (error.original as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    const why = `${error.original?.message ?? error.message}${typeof cause === 'string' ? `: ${cause}` : ''}`;
    return new DeliveryError(`Slack: cannot reach Slack (${why}); retrying`.slice(0, 300), { permanent: false, cause: error });
  }
  const message = (error as { message?: unknown } | null)?.message;
  return new DeliveryError(`Slack: ${typeof message === 'string' ? message : String(error)}`.slice(0, 300), { permanent: false, cause: error });
}

/** A Slack error code (from an answer, or one paperboy concluded) as a DeliveryError with its advice. */
export function platformDeliveryError(code: string, neededScope?: string, cause?: unknown): DeliveryError {
  const fix = FIXES[code];
  const needed = neededScope !== undefined ? ` (needs ${neededScope})` : '';
  // A platform error we have no advice for is most likely temporary (ratelimited, internal_error, fatal_error).
  return new DeliveryError(fix ? `Slack: ${code}${needed}: ${fix}` : `Slack: ${code}`, { permanent: fix !== undefined, ...(cause !== undefined && { cause }) });
}

/** Platform errors that mean the bot token no longer works: nothing in this process can fix them. */
const AUTH_FAILURES = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'team_disabled']);

/**
 * The Slack error code and advice when `error` says the token no longer works (revoked,
 * deactivated, invalid); undefined for any other error. Bolt wraps several failing listeners
 * in one error with `originals`; each is looked at.
 */
export function authFailureOf(error: unknown): { readonly code: string; readonly fix: string } | undefined {
  if (hasCode(error, webApi.ErrorCode.PlatformError) && error.data?.error && AUTH_FAILURES.has(error.data.error)) {
    const code = error.data.error;
    return { code, fix: FIXES[code] ?? 'the bot token no longer works; reinstall the app and update SLACK_BOT_TOKEN' };
  }
  const originals = (error as { readonly originals?: unknown } | null)?.originals;
  for (const original of Array.isArray(originals) ? originals : []) {
    const found = authFailureOf(original);
    if (found) return found;
  }
  return undefined;
}
