import { setTimeout as delay } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';

/**
 * HTTP GET for feeds, the way feed servers ask to be treated: a descriptive User-Agent,
 * requests to one host one at a time and spaced (arXiv: one every 3 s), conditional
 * requests (ETag / Last-Modified), `Retry-After` honoured on 429 and 503, 5xx and timeouts
 * retried with backoff (p-retry), and the body capped so a runaway response cannot eat
 * the memory. It never throws for a server's or network's failure: it returns why. A
 * caller's AbortSignal (the service stopping) ends a read at once, wherever it is: queued
 * behind another request to the host, spacing, fetching, or waiting to retry.
 */
export interface FetchPolicy {
  readonly userAgent: string;
  /** Per attempt, headers and body together. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Least time between the starts of two requests to the same host. */
  readonly minIntervalMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and network errors. */
  readonly retries: number;
  /** First backoff; doubles each retry. */
  readonly backoffMs: number;
  /** A Retry-After longer than this is not waited out here: the caller gets a retryable failure and decides. */
  readonly maxRetryAfterMs: number;
}

export interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
}

export type FetchOutcome =
  | { readonly kind: 'ok'; readonly text: string; readonly status: number; readonly validators: Validators; readonly attempts: number }
  | { readonly kind: 'not-modified'; readonly attempts: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly status?: number; readonly retryable: boolean; readonly retryAfterMs?: number; readonly attempts: number }
  /** The caller's signal ended the read; nothing more is tried. */
  | { readonly kind: 'aborted'; readonly attempts: number };

/** Resolves after `ms`; rejects as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/** Resolves when `signal` aborts (never without one); dispose() drops the listener. */
function whenAborted(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  if (!signal) return { promise: new Promise(() => {}), dispose: () => {} };
  let onAbort = (): void => {};
  const promise = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export const DEFAULT_USER_AGENT = 'paperboy/0.1 (research-paper chat bot; https://github.com/paperboy-bot/paperboy)';

class HttpFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new HttpFailure(`response of ${declared} bytes is over the ${maxBytes}-byte limit`, false, response.status);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new HttpFailure(`response is over the ${maxBytes}-byte limit`, false, response.status);
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function failureOf(error: unknown, timeoutMs: number): HttpFailure {
  if (error instanceof HttpFailure) return error;
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return new HttpFailure(`no complete answer within ${timeoutMs / 1000} s`, true);
  return new HttpFailure(`cannot connect (${e.cause?.code ?? e.cause?.message ?? e.message ?? String(error)})`, true);
}

export class PoliteFetcher {
  readonly #policy: FetchPolicy;
  readonly #sleep: Sleep;
  /** Per host: when the last request started, and the chain that keeps requests to it one at a time. */
  readonly #hosts = new Map<string, { last: number; chain: Promise<unknown> }>();

  readonly #onRetry: ((url: string, reason: string, retriesLeft: number) => void) | undefined;

  /** `onRetry` hears each failed attempt that will be retried (a terminal shows it, so a wait is never silent). */
  constructor(policy: FetchPolicy, sleep: Sleep = realSleep, onRetry?: (url: string, reason: string, retriesLeft: number) => void) {
    this.#policy = policy;
    this.#sleep = sleep;
    this.#onRetry = onRetry;
  }

  /** Validators of the last full answer per URL: asking again costs a 304 when nothing changed. */
  readonly #validators = new Map<string, Validators>();

  /** GETs `url`; without `validators`, uses those of this fetcher's last full answer for it. `signal` ends the read (outcome `aborted`). */
  get(url: string, options: { readonly validators?: Validators; readonly signal?: AbortSignal | undefined } = {}): Promise<FetchOutcome> {
    return this.#queued(url, options.validators ?? this.#validators.get(url) ?? {}, options.signal).then((outcome) => {
      if (outcome.kind === 'ok' && (outcome.validators.etag || outcome.validators.lastModified)) this.#validators.set(url, outcome.validators);
      return outcome;
    });
  }

  #queued(url: string, validators: Validators, signal: AbortSignal | undefined): Promise<FetchOutcome> {
    const host = new URL(url).host;
    const slot = this.#hosts.get(host) ?? { last: -Infinity, chain: Promise.resolve() };
    this.#hosts.set(host, slot);
    const previous = slot.chain;
    // An aborted read leaves the queue at once, without waiting for its turn.
    const aborted = whenAborted(signal);
    const run = Promise.race([previous.then(() => 'turn' as const), aborted.promise.then(() => 'aborted' as const)])
      .then((why) => (why === 'aborted' ? { kind: 'aborted' as const, attempts: 0 } : this.#withRetries(url, validators, slot, signal)))
      .finally(() => aborted.dispose());
    // The next request still waits for the one ahead of this, which may be running yet.
    slot.chain = Promise.all([previous, run]).catch(() => undefined);
    return run;
  }

  async #withRetries(url: string, validators: Validators, slot: { last: number }, signal: AbortSignal | undefined): Promise<FetchOutcome> {
    const policy = this.#policy;
    let attempts = 0;
    try {
      const outcome = await pRetry(
        async () => {
          attempts += 1;
          return await this.#once(url, validators, slot, signal);
        },
        {
          ...(signal ? { signal } : {}),
          retries: policy.retries,
          minTimeout: policy.backoffMs,
          factor: 2,
          onFailedAttempt: async ({ error, retriesLeft }) => {
            // Nothing left to retry: do not wait out a Retry-After only to give up.
            if (!(error instanceof HttpFailure) || !error.retryable || retriesLeft === 0) return;
            this.#onRetry?.(url, error.reason, retriesLeft);
            // The server said when; p-retry's own (shorter) backoff follows.
            if (error.retryAfterMs !== undefined) await this.#sleep(error.retryAfterMs, signal);
          },
          shouldRetry: ({ error }) => error instanceof HttpFailure && error.retryable,
        },
      );
      return { ...outcome, attempts };
    } catch (error) {
      if (signal?.aborted) return { kind: 'aborted', attempts };
      const failure = failureOf(error instanceof AbortError ? error.originalError : error, policy.timeoutMs);
      return {
        kind: 'failed',
        reason: failure.reason,
        retryable: failure.retryable,
        attempts,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
      };
    }
  }

  async #once(url: string, validators: Validators, slot: { last: number }, signal: AbortSignal | undefined): Promise<FetchOutcome> {
    const policy = this.#policy;
    const wait = slot.last + policy.minIntervalMs - Date.now();
    if (wait > 0) await this.#sleep(wait, signal);
    signal?.throwIfAborted();
    slot.last = Date.now();
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          'user-agent': policy.userAgent,
          accept: 'application/json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.5',
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
        redirect: 'follow',
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs),
      });
      if (response.status === 304) return { kind: 'not-modified', attempts: 0 };
      if (response.status === 429 || response.status === 503) {
        await response.body?.cancel();
        const after = retryAfterMs(response.headers.get('retry-after'), Date.now());
        if (after !== undefined && after > policy.maxRetryAfterMs) {
          throw new AbortError(new HttpFailure(`HTTP ${response.status}: asked to wait ${Math.ceil(after / 1000)} s`, true, response.status, after));
        }
        throw new HttpFailure(`HTTP ${response.status}${response.status === 429 ? ' (rate limited)' : ''}`, true, response.status, after);
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        throw new HttpFailure(`HTTP ${response.status} from the server`, true, response.status);
      }
      if (response.status >= 400) {
        await response.body?.cancel();
        throw new AbortError(new HttpFailure(`HTTP ${response.status}${response.status === 404 ? ' (not found)' : ''}`, false, response.status));
      }
      const text = await readCapped(response, policy.maxBytes);
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      return { kind: 'ok', text, status: response.status, attempts: 0, validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
    } catch (error) {
      if (error instanceof AbortError) throw error;
      // Stopped by the caller, not timed out: no retry (p-retry sees the signal too).
      if (signal?.aborted) throw new AbortError(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const failure = failureOf(error, policy.timeoutMs);
      throw failure.retryable ? failure : new AbortError(failure);
    }
  }
}
