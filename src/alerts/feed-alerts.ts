import { createFollowMatcher, feedNews, type FeedNews } from '../follows/follow-matcher.js';
import type { IngestReport } from '../ingest/ingest-report.js';
import { personKey } from '../personal/person.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { PeopleStore } from '../ports/people.port.js';
import { errorForLog } from '../scheduling/log-error.js';
import type { NewAlert } from './alert.js';
import type { AlertPassReport } from './alert-dispatcher.js';

/**
 * What a feed read means for people: its new papers (and new versions of known ones) are
 * matched against every follow (or those of `platforms`), once per read and over that
 * read's papers only, never the corpus; the matches are queued (a person never gets the
 * same paper twice, whichever replica or feed found it), and a dispatcher pass sends them:
 * one DM per person per feed read.
 *
 * If the queue cannot be written (storage down), the read's news is kept and matched
 * again with the next feed read, so a short outage loses no alerts (a restart meanwhile does).
 */
export interface FeedAlertsDeps {
  readonly storage: PeopleStore;
  readonly dispatcher: { pass(): Promise<AlertPassReport> };
  readonly clock: Clock;
  readonly logger: Logger;
  /** Only follows on these platforms (the adapters this process runs); all when absent. */
  readonly platforms?: ReadonlySet<string> | undefined;
}

/** Feed reads whose alerts are still to be queued; past this many, the oldest are given up (and logged). */
const MAX_PENDING_READS = 24;

const hasNews = (news: FeedNews): boolean => news.added.length + news.newVersions.length > 0;

/** One alert per (person, paper), with every reason any of the reads gave. */
function mergeAlerts(alerts: readonly NewAlert[]): NewAlert[] {
  const merged = new Map<string, NewAlert>();
  for (const alert of alerts) {
    const key = `${personKey(alert)} ${alert.paperId}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, reasons: [...new Set([...seen.reasons, ...alert.reasons])] } : alert);
  }
  return [...merged.values()];
}

export class FeedAlerts {
  readonly #deps: FeedAlertsDeps;
  #pending: FeedNews[] = [];

  constructor(deps: FeedAlertsDeps) {
    this.#deps = deps;
  }

  /** The FeedSchedule's `onRead` hook. Never rejects. */
  readonly onRead = async (feed: string, report: IngestReport): Promise<void> => {
    const { storage, logger } = this.#deps;
    const reads = [...this.#pending, feedNews(report)].filter(hasNews);
    this.#pending = [];
    if (reads.length === 0) return;
    let queued: number;
    try {
      const follows = await storage.allFollows(this.#deps.platforms);
      const matcher = follows.length > 0 ? createFollowMatcher(follows) : undefined;
      const alerts = matcher ? mergeAlerts(reads.flatMap((news) => matcher.match(news))) : [];
      queued = alerts.length > 0 ? await storage.queueAlerts(alerts, this.#deps.clock().getTime()) : 0;
      const papers = reads.reduce((n, news) => n + news.added.length + news.newVersions.length, 0);
      logger.info({ feed, papers, follows: follows.length, matched: alerts.length, queued }, queued > 0 ? 'feed read brought papers people follow' : 'feed read matched no new follows');
    } catch (error) {
      this.#pending = reads.slice(-MAX_PENDING_READS);
      const dropped = reads.length - this.#pending.length;
      logger.error(
        { feed, error: errorForLog(error), waiting: this.#pending.length, ...(dropped > 0 ? { dropped } : {}) },
        'alerts for this feed read could not be queued; matching it again with the next feed read',
      );
      return;
    }
    if (queued > 0) await this.#deps.dispatcher.pass();
  };
}
