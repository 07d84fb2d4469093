import type { Logger } from '../ports/logger.port.js';
import { errorForLog } from './log-error.js';
import type { TickerHandle } from './ticker.js';

/**
 * How the background workers (the digest scheduler, the alert dispatcher) stop: no more
 * ticks, then the work in flight gets until the shutdown deadline. Shared so both keep the
 * same promise: stop() resolves by the deadline whatever is in flight, and says what it left.
 */

/** Aborts `own` when `giveUp` does (now, if it already has): the worker's record retries end with the service's deadline. */
export function followDeadline(own: AbortController, giveUp: AbortSignal | undefined): void {
  if (giveUp?.aborted) own.abort();
  else giveUp?.addEventListener('abort', () => own.abort(), { once: true });
}

/** Stops a ticker; a failure is logged, never thrown, since stopping must go on. */
export async function stopTicker(ticker: TickerHandle | undefined, logger: Logger, fields: Record<string, unknown>, what: string): Promise<void> {
  try {
    await ticker?.stop();
  } catch (error) {
    logger.warn({ ...fields, error: errorForLog(error) }, `could not stop the ${what} ticker`);
  }
}

/** Waits for `work` (its failures are the worker's to log) or for `signal` to abort; true when the deadline came first. */
export async function settledByDeadline(work: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  const deadline = new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  await Promise.race([work.catch(() => undefined), deadline]);
  return signal.aborted;
}
