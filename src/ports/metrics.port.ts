/**
 * What the core tells an operator's metrics about, as it happens: digests, alert DMs,
 * commands, feed reads and searches. The service implements it with Prometheus (adapters/metrics); tests
 * and the CLI use `noMetrics`. Labels passed here are low-cardinality by construction:
 * platform ids, command names from the command list (anything else is 'unknown'), the
 * configured feed names.
 */
export type CommandOutcome = 'ok' | 'invalid' | 'denied' | 'failed';
export type FeedReadOutcome = 'ok' | 'failed' | 'not-modified';

export interface MetricsObserver {
  /** A digest reached its channel. */
  digestPosted(platform: string): void;
  /** A digest attempt failed; permanent failures are not retried today. */
  digestFailed(platform: string, permanent: boolean): void;
  /** A slot that failed (or whose attempt crashed) before is being tried again. */
  digestRetried(platform: string): void;
  /** An alert DM went out to a person, listing `papers` papers. */
  alertSent(platform: string, papers: number): void;
  /** An alert DM failed: `unreachable` when the person was marked (DMs closed, left), else it is retried. */
  alertFailed(platform: string, unreachable: boolean): void;
  /** A command was answered: `invalid` bad input, `denied` not allowed, `failed` a bug (the user got an apology). */
  commandHandled(platform: string, command: string, seconds: number, outcome: CommandOutcome): void;
  /** A feed was read (or failed to be); `papersAdded` new papers went into the corpus. */
  feedRead(feed: string, outcome: FeedReadOutcome, papersAdded: number): void;
  /** A search ran against a ready index and took this long. */
  searchTimed(seconds: number): void;
}

export const noMetrics: MetricsObserver = {
  digestPosted() {},
  digestFailed() {},
  digestRetried() {},
  alertSent() {},
  alertFailed() {},
  commandHandled() {},
  feedRead() {},
  searchTimed() {},
};

/** Starts timing; the returned function gives the seconds elapsed since. Injected so tests get exact durations. */
export type Stopwatch = () => () => number;

export const systemStopwatch: Stopwatch = () => {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
};
