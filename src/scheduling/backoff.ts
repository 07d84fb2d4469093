/** First retry after a transient failure. */
export const BACKOFF_BASE_MS = 60_000;
/** Longest wait between retries: a digest is still worth posting the same day. */
export const BACKOFF_CAP_MS = 60 * 60_000;

/**
 * How long to wait before retrying a digest whose attempt number `attempt` (1 for the first)
 * failed transiently: 1, 2, 4, 8 … minutes, capped at an hour, or the platform's Retry-After
 * when that is longer (a rate limit we ignore only earns a longer one). No jitter: retries
 * are scheduled in storage by absolute time and picked up by the per-minute tick of
 * whichever replica comes first, which spreads them already.
 */
export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^n overflows to Infinity long before n gets unreasonable; the cap makes that harmless.
  const exponential = Math.min(BACKOFF_BASE_MS * 2 ** (n - 1), BACKOFF_CAP_MS);
  const platform = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.max(exponential, platform);
}
