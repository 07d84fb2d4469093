import { createHmac } from 'node:crypto';

/**
 * Builds requests exactly as Slack sends them to an HTTP-mode app, signed with v0 signing
 * (docs.slack.dev/authentication/verifying-requests-from-slack), so tests go through Bolt's real
 * signature check instead of turning it off.
 */

export type SignedHeaders = {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
  'content-type': string;
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Signs `v0:<ts>:<raw body>` with HMAC-SHA256. The content type is guessed from the body: Bolt parses a form only
 * when the header is exactly `application/x-www-form-urlencoded` (no charset), anything else is JSON-parsed.
 */
export function signSlackRequest(secret: string, body: string, timestamp: number = nowSeconds()): SignedHeaders {
  const hex = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${hex}`,
    'content-type': body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
  };
}

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: 'true' | 'false';
  response_url: string;
  trigger_id: string;
  /** Enterprise Grid installs add these two after the standard fields. */
  enterprise_id?: string;
  enterprise_name?: string;
}

/** Slack's field order; kept because the signature covers the raw body, and fixtures should look like real traffic. */
const SLASH_ORDER = [
  'token',
  'team_id',
  'team_domain',
  'channel_id',
  'channel_name',
  'user_id',
  'user_name',
  'command',
  'text',
  'api_app_id',
  'is_enterprise_install',
  'response_url',
  'trigger_id',
  'enterprise_id',
  'enterprise_name',
] as const;

/** Overrides for the defaults; `null` drops a field (older payloads, like the docs' example, lack the newer ones). */
export type SlashCommandOverrides = { [K in keyof SlashCommandFields]?: SlashCommandFields[K] | null };

/** Defaults for a `/papers` invocation; `response_url` should come from `FakeSlackApi.newResponseUrl()`. */
export function slashCommandFields(fields: SlashCommandOverrides = {}): Record<string, string> {
  const all: Record<string, string | null | undefined> = {
    token: 'verification-token-unused',
    team_id: 'T0001',
    team_domain: 'paperboy-test',
    channel_id: 'C0001',
    channel_name: 'papers',
    user_id: 'U0001',
    user_name: 'alice',
    command: '/papers',
    text: '',
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/respond/unset',
    trigger_id: '1000000000.1000000000.0123456789abcdef0123456789abcdef',
    ...fields,
  };
  const out: Record<string, string> = {};
  for (const key of SLASH_ORDER) {
    const value = all[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** The form-encoded body of a slash command, as Slack POSTs it. */
export function slashCommandBody(fields: SlashCommandOverrides = {}): string {
  // slashCommandFields already returns the keys in Slack's order, and URLSearchParams keeps insertion order.
  return new URLSearchParams(slashCommandFields(fields)).toString();
}

/** Interactivity (block_actions, view_submission, …) arrives as a form with one `payload` field holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface EventEnvelopeOptions {
  team_id?: string;
  api_app_id?: string;
  event_id?: string;
  event_time?: number;
}

let eventCounter = 0;

/** The `event_callback` envelope object (Socket Mode sends this same object as the envelope payload). */
export function eventEnvelope(event: Record<string, unknown>, options: EventEnvelopeOptions = {}): Record<string, unknown> {
  eventCounter += 1;
  return {
    token: 'verification-token-unused',
    team_id: options.team_id ?? 'T0001',
    api_app_id: options.api_app_id ?? 'A0001',
    event,
    type: 'event_callback',
    event_id: options.event_id ?? `Ev${String(eventCounter).padStart(8, '0')}`,
    event_time: options.event_time ?? nowSeconds(),
    authorizations: [{ team_id: options.team_id ?? 'T0001', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  };
}

/** The Events API body (JSON), e.g. `eventBody({ type: 'link_shared', channel, user, message_ts, links, event_ts })`. */
export function eventBody(event: Record<string, unknown>, options: EventEnvelopeOptions = {}): string {
  return JSON.stringify(eventEnvelope(event, options));
}

export interface SentResult {
  status: number;
  text: string;
  /** Wall time until the full response arrived, to check the 3-second ack budget. */
  ms: number;
  headers: Headers;
}

/** POSTs a raw body with the given headers; the body is sent byte-for-byte so the signature stays valid. */
export async function sendSigned(url: string, body: string, headers: Record<string, string>): Promise<SentResult> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started, headers: response.headers };
}

/** Signs with `secret` and sends: the common case in one call. */
export function postSigned(url: string, secret: string, body: string, timestamp: number = nowSeconds()): Promise<SentResult> {
  return sendSigned(url, body, signSlackRequest(secret, body, timestamp));
}
