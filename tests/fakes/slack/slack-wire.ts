/** How Slack's Web API speaks on the wire: request bodies in, `ok`/`ok:false`/429 replies out. */

/** A programmed failure. `ok:false` faults are HTTP 200, like Slack's own. */
export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 | 504 } | { ok: false; error: string; needed?: string; provided?: string };

export type Args = Record<string, unknown>;
export type Reply = { status: number; body: Args; headers?: Record<string, string> };

/** Fields @slack/web-api JSON-encodes inside its form bodies. */
const JSON_FIELDS = ['blocks', 'attachments', 'unfurls', 'metadata', 'files'];

export const ok = (body: Args = {}): Reply => ({ status: 200, body: { ok: true, ...body } });
export const platformError = (error: string, extra: Args = {}): Reply => ({ status: 200, body: { ok: false, error, ...extra } });

export function faultReply(fault: Fault): Reply {
  if ('ok' in fault) return platformError(fault.error, pick(fault, 'needed', 'provided'));
  if (fault.status === 429) {
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(Math.round(fault.retryAfter)) } };
  }
  return { status: fault.status, body: { ok: false, error: 'internal_error' } };
}

/** Form bodies (what @slack/web-api sends) or JSON; objects inside a form arrive as JSON strings. */
export function parseBody(raw: string, contentType: string | undefined): Args {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Args;
  const args: Args = Object.fromEntries(new URLSearchParams(raw));
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: checkMessage answers invalid_blocks_format, as Slack does for malformed JSON.
    }
  }
  return args;
}

export function pick(source: object, ...keys: string[]): Args {
  const record = source as Args;
  return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]]));
}
