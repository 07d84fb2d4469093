import type { LoadResult } from '../corpus/load-result.js';
import type { Paper } from '../model/paper.js';
import type { Paperboy } from '../paperboy.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Storage } from '../ports/storage.port.js';
import { combineReports, type IngestReport } from './ingest-report.js';

/**
 * Keeps the running corpus fresh: each configured feed (`hf`, `arxiv:cs.LG`) is read every
 * `intervalMs` (conditional requests make an unchanged feed cheap to ask again), the
 * papers go into the live index and storage, and the next digest sees them. A feed that
 * fails is logged and retried with backoff, never holding up another feed or any digest; a
 * feed with nothing today (weekends, holidays) is normal and logged as such.
 */
export type FeedRead =
  | { readonly ok: true; readonly loaded: LoadResult; readonly note?: string; readonly updatesOnly?: ReadonlySet<string> }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean; readonly retryAfterMs?: number };

/** Reads one feed for the given UTC day (fetching and parsing are the adapter's business). */
export type FeedReader = (feed: string, utcDay: string) => Promise<FeedRead>;

export interface FeedScheduleDeps {
  readonly feeds: readonly string[];
  readonly read: FeedReader;
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Between successful reads of one feed; default 2 h. */
  readonly intervalMs?: number;
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
    parts.push(paperboy.ingest(slice, updatesOnly ? { updatesOnly } : {}));
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
  /** Papers read but not yet saved (storage was down): saved with the next read. */
  readonly #unsaved = new Map<string, Paper>();
  #running: Promise<FeedRun[]> | undefined;
  #stopping = false;

  constructor(deps: FeedScheduleDeps) {
    this.#deps = deps;
    // Every feed is due at once: a service that starts picks up what it missed.
    for (const feed of deps.feeds) this.#state.set(feed, { dueAt: Number.NEGATIVE_INFINITY, failures: 0 });
  }

  /** When each feed is next read (ms since the epoch), for the banner and tests. */
  nextRuns(): ReadonlyMap<string, number> {
    return new Map([...this.#state].map(([feed, s]) => [feed, s.dueAt]));
  }

  /** Starts no further feed reads and resolves once the one in flight (if any) is done. */
  async stop(): Promise<void> {
    this.#stopping = true;
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
      if (this.#stopping || state.dueAt > now) continue;
      try {
        runs.push(await this.#runOne(feed, state, now));
      } catch (error) {
        // A bug in one feed's papers must not stop the other feeds, nor retry every minute.
        const reason = error instanceof Error ? error.message : String(error);
        state.failures += 1;
        state.dueAt = now + (this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS);
        this.#deps.logger.error({ feed, error: reason }, 'feed ingest failed; trying again at the next interval');
        runs.push({ feed, error: reason });
      }
    }
    return runs;
  }

  async #runOne(feed: string, state: FeedState, now: number): Promise<FeedRun> {
    const { read, paperboy, storage, logger } = this.#deps;
    const interval = this.#deps.intervalMs ?? DEFAULT_INTERVAL_MS;
    let outcome: FeedRead;
    try {
      outcome = await read(feed, new Date(now).toISOString().slice(0, 10));
    } catch (error) {
      outcome = { ok: false, reason: error instanceof Error ? error.message : String(error), retryable: true };
    }
    if (!outcome.ok) {
      state.failures += 1;
      // 5, 10, 20 … minutes, never past the regular interval; longer if the server asked.
      const backoff = Math.min(FIRST_RETRY_MS * 2 ** (state.failures - 1), interval);
      state.dueAt = now + Math.max(backoff, outcome.retryAfterMs ?? 0);
      logger.warn({ feed, failures: state.failures, retryAt: new Date(state.dueAt).toISOString(), reason: outcome.reason }, 'feed failed; digests go out with the papers already here');
      return { feed, error: outcome.reason };
    }
    const report = await ingestInSlices(paperboy, outcome.loaded, outcome.updatesOnly);
    for (const paper of [...report.added, ...report.updated.map((u) => u.paper)]) this.#unsaved.set(paper.id, paper);
    try {
      if (this.#unsaved.size > 0) await storage.savePapers([...this.#unsaved.values()], now);
      this.#unsaved.clear();
    } catch (error) {
      // The papers are live in this process already; they are saved with the next read.
      logger.error({ feed, unsaved: this.#unsaved.size, error: error instanceof Error ? error.message : String(error) }, 'could not save ingested papers; trying again with the next read');
    }
    state.failures = 0;
    state.dueAt = now + interval;
    logger.info(
      { feed, added: report.added.length, updated: report.updated.length, known: report.unchanged, skipped: report.skipped.length, ...(outcome.note ? { note: outcome.note } : {}) },
      report.added.length + report.updated.length > 0 ? 'feed read' : 'feed read; nothing new',
    );
    for (const skip of report.skipped.slice(0, 20)) logger.warn({ feed, position: skip.position }, skip.reason);
    return { feed, report };
  }
}
