import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandOutcome, FeedReadOutcome, MetricsObserver } from '../../src/index.js';

/**
 * The core's metrics port, kept in a Prometheus registry of its own (never prom-client's
 * global one, so several services can run in one process, as tests do) with Node's process
 * metrics beside it. Every name starts with `paperboy_`; the README's "Metrics" section
 * lists them.
 */
export const METRIC_PREFIX = 'paperboy_';

/** Chat commands answer in milliseconds, a search through workers in tens of them; a slow database shows above a second. */
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SEARCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface PromMetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC); default on. */
  readonly processMetrics?: boolean;
}

export class PromMetrics implements MetricsObserver {
  readonly registry = new Registry();
  readonly #digestsPosted: Counter<'platform'>;
  readonly #digestsFailed: Counter<'platform' | 'permanent'>;
  readonly #digestsRetried: Counter<'platform'>;
  readonly #alertMessages: Counter<'platform'>;
  readonly #alertPapers: Counter<'platform'>;
  readonly #alertFailures: Counter<'platform' | 'unreachable'>;
  readonly #commands: Counter<'platform' | 'command' | 'outcome'>;
  readonly #commandSeconds: Histogram<'platform' | 'command'>;
  readonly #feedReads: Counter<'feed' | 'outcome'>;
  readonly #feedPapers: Counter<'feed'>;
  readonly #searchSeconds: Histogram;
  readonly #storageErrors: Counter<'operation'>;
  #papers: () => number = () => 0;

  constructor(options: PromMetricsOptions = {}) {
    const registers = [this.registry];
    const name = (base: string) => `${METRIC_PREFIX}${base}`;
    this.#digestsPosted = new Counter({ name: name('digests_posted_total'), help: 'Digests posted to a channel.', labelNames: ['platform'], registers });
    this.#digestsFailed = new Counter({
      name: name('digests_failed_total'),
      help: 'Digest attempts that failed; permanent="true" ones are not retried that day and mark the subscription failing.',
      labelNames: ['platform', 'permanent'],
      registers,
    });
    this.#digestsRetried = new Counter({ name: name('digests_retried_total'), help: 'Digest attempts at a slot that had been tried before.', labelNames: ['platform'], registers });
    this.#alertMessages = new Counter({ name: name('alert_messages_total'), help: 'Alert direct messages sent to people.', labelNames: ['platform'], registers });
    this.#alertPapers = new Counter({ name: name('alert_papers_total'), help: 'Papers listed in the alert direct messages sent.', labelNames: ['platform'], registers });
    this.#alertFailures = new Counter({
      name: name('alert_failures_total'),
      help: 'Alert direct messages that failed: unreachable="true" marked the person (DMs closed, left), "false" are retried.',
      labelNames: ['platform', 'unreachable'],
      registers,
    });
    this.#commands = new Counter({
      name: name('commands_total'),
      help: 'Commands answered, by outcome: ok, invalid (bad input), denied (not allowed), failed (a bug; the user got an apology).',
      labelNames: ['platform', 'command', 'outcome'],
      registers,
    });
    this.#commandSeconds = new Histogram({
      name: name('command_duration_seconds'),
      help: 'Time to answer a command.',
      labelNames: ['platform', 'command'],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.#feedReads = new Counter({ name: name('feed_reads_total'), help: 'Feed reads, by outcome: ok, not-modified, failed.', labelNames: ['feed', 'outcome'], registers });
    this.#feedPapers = new Counter({ name: name('feed_papers_added_total'), help: 'New papers feeds brought into the corpus.', labelNames: ['feed'], registers });
    this.#searchSeconds = new Histogram({ name: name('search_duration_seconds'), help: 'Time the index took to answer a search.', buckets: SEARCH_BUCKETS, registers });
    this.#storageErrors = new Counter({ name: name('storage_errors_total'), help: 'Storage calls that failed, by operation (method).', labelNames: ['operation'], registers });
    const papers = () => this.#papers();
    new Gauge({
      name: name('index_papers'),
      help: 'Papers in the corpus the index answers from.',
      registers,
      collect() {
        this.set(papers());
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  /** Where the papers gauge reads its value at each scrape. */
  countPapers(read: () => number): void {
    this.#papers = read;
  }

  digestPosted(platform: string): void {
    this.#digestsPosted.inc({ platform });
  }

  digestFailed(platform: string, permanent: boolean): void {
    this.#digestsFailed.inc({ platform, permanent: String(permanent) });
  }

  digestRetried(platform: string): void {
    this.#digestsRetried.inc({ platform });
  }

  alertSent(platform: string, papers: number): void {
    this.#alertMessages.inc({ platform });
    this.#alertPapers.inc({ platform }, papers);
  }

  alertFailed(platform: string, unreachable: boolean): void {
    this.#alertFailures.inc({ platform, unreachable: String(unreachable) });
  }

  commandHandled(platform: string, command: string, seconds: number, outcome: CommandOutcome): void {
    this.#commands.inc({ platform, command, outcome });
    this.#commandSeconds.observe({ platform, command }, seconds);
  }

  feedRead(feed: string, outcome: FeedReadOutcome, papersAdded: number): void {
    this.#feedReads.inc({ feed, outcome });
    // Created at the first read, so a feed that never brought anything still shows 0.
    this.#feedPapers.inc({ feed }, papersAdded);
  }

  searchTimed(seconds: number): void {
    this.#searchSeconds.observe(seconds);
  }

  storageFailed(operation: string): void {
    this.#storageErrors.inc({ operation });
  }

  /** The Prometheus text exposition of everything above. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
