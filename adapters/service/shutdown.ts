import type { Logger } from '../../src/index.js';

/**
 * How long `paperboy serve` takes at most to stop, from SIGTERM (or Ctrl+C) to exit: inside
 * Docker Compose's default stop grace of 10 s, so a stop is never a SIGKILL. An orchestrator's
 * grace period must be longer than this.
 */
export const SHUTDOWN_DEADLINE_MS = 8_000;
/** Kept at the end of the deadline for the chat adapters to disconnect and storage to close. */
const CLOSE_RESERVE_MS = 1_500;
/** Of that, kept for closing storage (and the search index) last. */
const STORAGE_RESERVE_MS = 500;

/**
 * The stages of a shutdown against one real-time deadline (the service's clock may be a
 * test's; an orchestrator's SIGKILL is not): work in flight until `workLeft()`, the adapters
 * until `adaptersLeft()`, storage until the end. A deadline shorter than the reserves (tests)
 * shrinks them in proportion.
 */
export class ShutdownDeadline {
  readonly #start = performance.now();
  readonly #closeReserve: number;
  readonly #storageReserve: number;

  constructor(readonly totalMs: number) {
    this.#closeReserve = Math.min(CLOSE_RESERVE_MS, totalMs / 4);
    this.#storageReserve = Math.min(STORAGE_RESERVE_MS, totalMs / 8);
  }

  elapsed(): number {
    return Math.round(performance.now() - this.#start);
  }

  /** Time left for digests in flight, feed runs and open HTTP requests. */
  workLeft(): number {
    return Math.max(0, this.totalMs - this.#closeReserve - this.elapsed());
  }

  /** Time left for the chat adapters to stop. */
  adaptersLeft(): number {
    return Math.max(0, this.totalMs - this.#storageReserve - this.elapsed());
  }

  /** Time left in all. */
  left(): number {
    return Math.max(0, this.totalMs - this.elapsed());
  }
}

/**
 * Waits for one stopping step at most `ms`. A step that fails is logged and the shutdown goes
 * on (storage must still close); one that is late is abandoned with a log line naming it.
 * Resolves true when the step finished in time.
 */
export async function boundedStep(logger: Logger, what: string, work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([
    work.then(
      () => 'done' as const,
      (error: unknown) => error,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  if (outcome === 'done') return true;
  if (outcome === 'late') logger.warn({ step: what, waitedMs: Math.round(ms) }, `shutdown deadline: abandoned ${what}`);
  else logger.error({ step: what, error: outcome instanceof Error ? outcome.message : String(outcome) }, `could not stop ${what}; going on`);
  return false;
}
