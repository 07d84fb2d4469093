import type { LoadResult } from '../corpus/load-result.js';
import { SaveFailed, type Paperboy } from '../paperboy.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { noMetrics, type MetricsObserver } from '../ports/metrics.port.js';
import { combineReports, type IngestReport } from './ingest-report.js';

/**
 * Keeps the running corpus fresh: each configured feed (`hf`, `arxiv:cs.LG`) is read every
 * `intervalMs` (conditional requests make an unchanged feed cheap to ask again), the
 * papers go into storage and the live index together (Paperboy.ingest), and the next
 * digest sees them. A feed that fails is logged and retried with backoff, never holding up
 * another feed or any digest; a feed with nothing today (weekends, holidays) is normal and
 * logged as such. A feed read whose papers could not be saved (storage down) is kept and
 * ingested again before the feed is next read: the feed itself may answer "not modified"
 * (`unchanged`).
 * Stopping aborts a read in flight at once (the reader gets an AbortSignal): a shutdown
 * never waits for a slow or unreachable feed server.
 */
export type FeedRead =
  | { readonly ok: true; readonly loaded: LoadResult; readonly note?: string; readonly updatesOnly?: ReadonlySet<string>; readonly unchanged?: boolean }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean; readonly retryAfterMs?: number };

/** Reads one feed for the given UTC day (fetching and parsing are the adapter's business); gives up at once when `signal` aborts. */
export type FeedReader = (feed: string, utcDay: string, signal?: AbortSignal) => Promise<FeedRead>;

export interface FeedScheduleDeps {
  readonly feeds: readonly string[];
  readonly read: FeedReader;
  readonly paperboy: Paperboy;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Between successful reads of one feed; default 2 h. */
  readonly intervalMs?: number;
  /** Told of each feed read and the papers it added; default: nobody. */
  readonly metrics?: MetricsObserver;
  /**
   * Called after each read that was ingested, with what it changed (alerts match its new
   * papers). Awaited, so a feed's run ends once its alerts are out; a failure is logged and
   * never counts against the feed.
   */
  readonly onRead?: (feed: string, report: IngestReport) => void | Promise<void>;
}

export interface FeedRun {
  readonly feed: string;
  readonly report?: IngestReport;
  readonly error?: string;
}

const DEFAULT_INTERVAL_MS = 2 * 3_600_000;
/** Papers indexed between two yields to the event loop: about 50 ms of work, so a big feed day never stalls a command. */
const SLICE = 50;

/** Ingests a feed a slice at a time, letting commands and digests run in between, and reports the whole. */
export async function ingestInSlices(paperboy: Paperboy, loaded: LoadResult, updatesOnly: ReadonlySet<string> | undefined): Promise<IngestReport> {
  const parts: IngestReport[] = [];
  for (let start = 0; start === 0 || start < loaded.papers.length; start += SLICE) {
    // Problems belong to the whole document: report them once, with the first slice.
    const slice = { papers: loaded.papers.slice(start, start + SLICE), problems: start === 0 ? loaded.problems : [] };
    parts.push(await paperboy.ingest(slice, updatesOnly ? { updatesOnly } : {}));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return combineReports(parts);
}
const FIRST_RETRY_MS = 5 * 60_000;

interface FeedState {
  dueAt: number;
  failures: number;
}

export class FeedSchedule {
  readonly #deps: FeedScheduleDeps;
  readonly #state = new Map<string, FeedState>();
  /** Feed reads not yet ingested (storage was down), per feed: ingested before the next read. */
  readonly #pending = new Map<string, Extract<FeedRead, { ok: true }>>();
  #running: Promise<FeedRun[]> | undefined;
  readonly #stopping = new AbortController();

  constructor(deps: FeedScheduleDeps) {
    this.#deps = deps;
    // Every feed is due at once: a service that starts picks up what it missed.
    for (const feed of deps.feeds) this.#state.set(feed, { dueAt: Number.NEGATIVE_INFINITY, failures: 0 });
  }

  /** When each feed is next read (ms since the epoch), for the banner and tests. */
  nextRuns(): ReadonlyMap<string, number> {
    return new Map([...this.#state].map(([feed, s]) => [feed, s.dueAt]));
  }

  /** Starts no further feed reads, aborts the one in flight, and resolves once its run is over (an ingest under way finishes). */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running?.catch(() => undefined);
  }

  /** Reads the feeds that are due, one after another; a tick while one runs waits for it and does nothing more. */
  tick(): Promise<FeedRun[]> {
    if (this.#running) return this.#running.then(() => []);
    this.#running = this.#runDue().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #runDue(): Promise<FeedRun[]> {
    const runs: FeedRun[] = [];
    for (const [feed, state] of this.#state) {
      const now = this.#deps.clock().getTime();
      if (this.#stopping.signal.aborted || state.dueAt > now) continue;
      try {
        runs.push(await this.#runOne(feed, state, now));
      } catch (error) {
        // A bug in one feed's papers must not stop the other feeds, nor retry every minute.
        const reason = error instanceof Error ? error.message : String(error);
        state.failures += 1;
        state.dueAt = now + (this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS);
        this.#deps.logger.error({ feed, error: reason }, 'feed ingest failed; trying again at the next interval');
        (this.#deps.metrics ?? noMetrics).feedRead(feed, 'failed', 0);
        runs.push({ feed, error: reason });
      }
    }
    return runs;
  }

  async #runOne(feed: string, state: FeedState, now: number): Promise<FeedRun> {
    const { read, paperboy, logger } = this.#deps;
    const interval = this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS;
    const backOff = (reason: string, retryAfterMs = 0): FeedRun => {
      state.failures += 1;
      // 5, 10, 20 … minutes, never past the regular interval; longer if the server asked.
      const backoff = Math.min(FIRST_RETRY_MS * 2 ** (state.failures - 1), interval);
      state.dueAt = now + Math.max(backoff, retryAfterMs);
      logger.warn({ feed, failures: state.failures, retryAt: new Date(state.dueAt).toISOString(), reason }, 'feed failed; digests go out with the papers already here');
      (this.#deps.metrics ?? noMetrics).feedRead(feed, 'failed', 0);
      return { feed, error: reason };
    };
    let outcome: FeedRead;
    const pending = this.#pending.get(feed);
    if (pending) outcome = pending;
    else {
      try {
        outcome = await read(feed, new Date(now).toISOString().slice(0, 10), this.#stopping.signal);
      } catch (error) {
        outcome = { ok: false, reason: error instanceof Error ? error.message : String(error), retryable: true };
      }
    }
    // Stopped while reading: not the feed's failure, so no backoff; the next start reads it again.
    if (this.#stopping.signal.aborted) {
      logger.info({ feed }, 'feed read abandoned: the service is stopping');
      return { feed, error: 'stopped' };
    }
    if (!outcome.ok) return backOff(outcome.reason, outcome.retryAfterMs);
    let report: IngestReport;
    try {
      report = await ingestInSlices(paperboy, outcome.loaded, outcome.updatesOnly);
      this.#pending.delete(feed);
    } catch (error) {
      if (!(error instanceof SaveFailed)) throw error;
      // Nothing of the failed slice was added anywhere; the read is ingested again before the feed is next asked.
      this.#pending.set(feed, outcome);
      return backOff(error.message);
    }
    state.failures = 0;
    state.dueAt = now + interval;
    (this.#deps.metrics ?? noMetrics).feedRead(feed, outcome.unchanged ? 'not-modified' : 'ok', report.added.length);
    logger.info(
      { feed, added: report.added.length, updated: report.updated.length, known: report.unchanged, skipped: report.skipped.length, ...(outcome.note ? { note: outcome.note } : {}) },
      report.added.length + report.updated.length > 0 ? 'feed read' : 'feed read; nothing new',
    );
    for (const skip of report.skipped.slice(0, 20)) logger.warn({ feed, position: skip.position }, skip.reason);
    try {
      await this.#deps.onRead?.(feed, report);
    } catch (error) {
      logger.error({ feed, error: error instanceof Error ? error.message : String(error) }, 'feed read, but the step after it (alerts) failed; the papers are in');
    }
    return { feed, report };
  }
}
