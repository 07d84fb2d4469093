import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { errorForLog } from './log-error.js';

/** First wait before writing a post's record again; doubles each try. */
export const RECORD_RETRY_BASE_MS = 1000;
/** Longest wait between two tries: a database back after an outage is noticed within half a minute. */
export const RECORD_RETRY_CAP_MS = 30_000;

/**
 * Resolves after `ms`, or as soon as `signal` aborts (never rejects). Injected, so tests move
 * a fake clock instead of waiting; the default is a real, unref'd timer.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });

/** 1, 2, 4, 8, 16, 30, 30 … seconds before try `failures + 1`. */
export function recordRetryDelayMs(failures: number): number {
  return Math.min(RECORD_RETRY_BASE_MS * 2 ** (Math.max(1, failures) - 1), RECORD_RETRY_CAP_MS);
}

/** `recorded`: stored; `lost`: storage refused it (another attempt owns the slot now); `unrecorded`: storage never answered. */
export type RecordOutcome = 'recorded' | 'lost' | 'unrecorded';

export interface RecordRetry {
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: Logger;
  /** Aborted at the shutdown deadline: no further try. */
  readonly giveUp: AbortSignal;
  /** What was posted, for the log lines: `digest` (the default), `alert DM`. */
  readonly what?: string;
}

/**
 * Writes the record of a post the platform accepted, trying again with backoff while the
 * claim's lease lasts (`until`): once it runs out, the slot can be claimed again and the
 * digest posted twice, so a database outage shorter than the lease repeats nothing. Each
 * failed try is a warning; running out of lease (or of shutdown time) is an error.
 */
export async function recordPost(write: (now: number) => Promise<boolean>, until: number, retry: RecordRetry, fields: Record<string, unknown>): Promise<RecordOutcome> {
  const { clock, sleep, logger, giveUp } = retry;
  const what = retry.what ?? 'digest';
  for (let tries = 1; ; tries += 1) {
    try {
      return (await write(clock().getTime())) ? 'recorded' : 'lost';
    } catch (error) {
      const left = until - clock().getTime();
      const tryFields = { ...fields, recordAttempt: tries, error: errorForLog(error) };
      if (giveUp.aborted) {
        logger.error(tryFields, `shutdown deadline: ${what} posted but not recorded; it will be posted again once its lease runs out`);
        return 'unrecorded';
      }
      if (left <= 0) {
        logger.error(tryFields, `${what} posted but not recorded before its lease ran out; it will be posted again at the next claim`);
        return 'unrecorded';
      }
      const wait = Math.min(recordRetryDelayMs(tries), left);
      logger.warn({ ...tryFields, retryInMs: wait }, `${what} posted but recording it failed; trying again while the lease lasts`);
      await sleep(wait, giveUp);
    }
  }
}
