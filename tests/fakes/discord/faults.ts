import type { Reply } from './discord-wire.js';

/**
 * Programmed failures for REST calls, matched against `METHOD /path` (path decoded, relative to /api/v10).
 * Queued faults apply in the order they were added; each is used up after `times` matching calls.
 */

export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Do the real work first (e.g. create the message), then answer with this fault: a reply lost after the write. */
  afterWrite?: boolean;
}

export interface RateLimitOptions {
  retryAfterSeconds: number;
  /** A global 429 makes @discordjs/rest pause every request, not only this route. */
  global?: boolean;
  times?: number;
}

interface Entry {
  match: RegExp;
  reply: Reply;
  times: number;
  afterWrite: boolean;
}

export class FaultQueue {
  private readonly entries: Entry[] = [];

  add(match: RegExp, response: FaultResponse, times = 1): void {
    const body = response.body ?? { message: `${response.status}: injected by FakeDiscord`, code: 0 };
    this.entries.push({ match, reply: { status: response.status, body, ...(response.headers && { headers: response.headers }) }, times, afterWrite: response.afterWrite ?? false });
  }

  /**
   * A 429 as Discord sends it. @discordjs/rest waits only on the `Retry-After` header (plus a 50 ms offset) and
   * retries without limit; the X-RateLimit-* bucket headers of a route 429 are included too.
   */
  addRateLimit(match: RegExp, options: RateLimitOptions): void {
    const global = options.global ?? false;
    const seconds = String(options.retryAfterSeconds);
    const headers: Record<string, string> = {
      'retry-after': seconds,
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': seconds }),
    };
    const body = { message: 'You are being rate limited.', retry_after: options.retryAfterSeconds, global };
    this.add(match, { status: 429, body, headers }, options.times ?? 1);
  }

  /** The fault for this call, if one is queued (and uses it up). */
  take(methodAndPath: string): { reply: Reply; afterWrite: boolean } | undefined {
    const index = this.entries.findIndex((entry) => {
      entry.match.lastIndex = 0; // a /g or /y RegExp would otherwise remember where it last matched
      return entry.match.test(methodAndPath);
    });
    const entry = this.entries[index];
    if (entry === undefined) return undefined;
    entry.times -= 1;
    if (entry.times <= 0) this.entries.splice(index, 1);
    return { reply: entry.reply, afterWrite: entry.afterWrite };
  }

  clear(): void {
    this.entries.length = 0;
  }
}
