/**
 * Why a digest could not be delivered, as the adapter knows it. Permanent failures (the
 * channel is gone, the bot was removed, a permission is missing) mark the subscription
 * failing and are not retried until someone fixes them; transient ones (rate limits,
 * platform 5xx, network) are retried with backoff. `retryAfterMs` carries a platform's
 * Retry-After when it gave one.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { permanent: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
  }
}
