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
};

interface SlackCallError {
  readonly code?: string;
  readonly data?: { readonly error?: string; readonly needed?: string };
  readonly retryAfter?: number;
  readonly statusCode?: number;
  readonly message?: string;
}

export function deliveryErrorFrom(error: unknown): DeliveryError {
  const e = (error ?? {}) as SlackCallError;
  if (e.code === 'slack_webapi_platform_error' && e.data?.error) {
    const code = e.data.error;
    const fix = FIXES[code];
    const needed = e.data.needed ? ` (needs ${e.data.needed})` : '';
    // A platform error we have no advice for is most likely temporary (ratelimited, internal_error, fatal_error).
    return new DeliveryError(fix ? `Slack: ${code}${needed}: ${fix}` : `Slack: ${code}`, { permanent: fix !== undefined, cause: error });
  }
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new DeliveryError('Slack: rate limited', { permanent: false, ...(e.retryAfter !== undefined ? { retryAfterMs: e.retryAfter * 1000 } : {}), cause: error });
  }
  if (e.code === 'slack_webapi_http_error') {
    return new DeliveryError(`Slack: HTTP ${e.statusCode ?? '?'}`, { permanent: false, cause: error });
  }
  return new DeliveryError(`Slack: ${e.message ?? String(error)}`.slice(0, 300), { permanent: false, cause: error });
}

/** Platform errors that mean the bot token no longer works: nothing in this process can fix them. */
const AUTH_FAILURES = new Set(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'team_disabled']);

/**
 * The Slack error code and advice when `error` says the token no longer works (revoked,
 * deactivated, invalid); undefined for any other error. Bolt wraps several failing listeners
 * in one error with `originals`; each is looked at.
 */
export function authFailureOf(error: unknown): { readonly code: string; readonly fix: string } | undefined {
  const e = (error ?? {}) as SlackCallError & { readonly originals?: readonly unknown[] };
  if (e.code === webApi.ErrorCode.PlatformError && e.data?.error && AUTH_FAILURES.has(e.data.error)) {
    const code = e.data.error;
    return { code, fix: FIXES[code] ?? 'the bot token no longer works; reinstall the app and update SLACK_BOT_TOKEN' };
  }
  for (const original of e.originals ?? []) {
    const found = authFailureOf(original);
    if (found) return found;
  }
  return undefined;
}
