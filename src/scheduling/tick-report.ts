/**
 * What one scheduler pass did, slot by slot, so tests can assert on it and logs and health
 * checks can say what happened without reading the database.
 */
export interface TickReport {
  /** The clock reading the pass started at. */
  readonly at: Date;
  /** `busy`: another pass was still running, so this one did nothing; `stopped`: after stop(). */
  readonly status: 'ran' | 'busy' | 'stopped';
  /** How many slots were due at `at`. */
  readonly due: number;
  readonly posted: readonly PostedSlot[];
  readonly skipped: readonly SkippedSlot[];
  readonly failed: readonly FailedSlot[];
}

export interface PostedSlot {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly attempt: number;
  readonly messageId: string;
  readonly paperIds: readonly string[];
  /**
   * False when the platform took the post but storage did not record it (the lease ran out
   * during delivery, or the database failed): the duplicate window of DigestScheduler.
   */
  readonly recorded: boolean;
}

/**
 * Why a due slot was not attempted: `already-posted`; `claimed-elsewhere` (another replica,
 * or a crashed attempt whose lease has not run out); `waiting-to-retry` (backoff after a
 * transient failure); `failed-for-today` (a permanent failure, or a retry that would fall
 * after the catch-up window).
 */
export type SkipReason = 'already-posted' | 'claimed-elsewhere' | 'waiting-to-retry' | 'failed-for-today' | 'stopping';

export interface SkippedSlot {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly reason: SkipReason;
}

export interface FailedSlot {
  readonly subscriptionId: string;
  readonly localDate: string;
  /** Undefined when the failure came before a claim (storage unreachable). */
  readonly attempt: number | undefined;
  readonly reason: string;
  /** A DeliveryError marked permanent: the subscription is now `failing`. */
  readonly permanent: boolean;
  /** Epoch ms from which the slot may be claimed again; Infinity when never. */
  readonly retryAt: number;
}

export function idleReport(at: Date, status: 'busy' | 'stopped'): TickReport {
  return { at, status, due: 0, posted: [], skipped: [], failed: [] };
}
