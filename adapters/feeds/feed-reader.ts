import type { FeedReader, FeedRead } from '../../src/index.js';
import type { FeedEndpoints } from './feed-endpoints.js';
import { fetchArxivCategory, fetchHfDay } from './feed-sources.js';
import { DEFAULT_USER_AGENT, PoliteFetcher, type FetchPolicy } from './polite-fetch.js';

/**
 * The service's feed reader: `hf` reads today's and yesterday's Hugging Face featured days
 * (a paper featured late yesterday, UTC, is still news), `arxiv:<category>` reads that
 * category's announcements. One fetcher for all, so arXiv's one-request-every-3-seconds
 * holds across feeds. The signal (the service stopping) ends every request of a read at once.
 */
export const SERVICE_FETCH_POLICY: FetchPolicy = {
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 30_000,
  maxBytes: 50 * 2 ** 20,
  minIntervalMs: 3000,
  retries: 2,
  backoffMs: 5000,
  maxRetryAfterMs: 60_000,
};

const previousDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function createFeedReader(endpoints: FeedEndpoints, policy: FetchPolicy = SERVICE_FETCH_POLICY): FeedReader {
  const fetcher = new PoliteFetcher(policy);
  return async (feed, utcDay, signal): Promise<FeedRead> => {
    if (feed === 'hf') {
      const days = await Promise.all([fetchHfDay(fetcher, endpoints, previousDay(utcDay), signal), fetchHfDay(fetcher, endpoints, utcDay, signal)]);
      const failed = days.find((d) => !d.ok);
      if (failed) return failed;
      const loaded = days.flatMap((d) => (d.ok ? [d.loaded] : []));
      const unchanged = days.every((d) => d.ok && d.unchanged === true);
      return { ok: true, loaded: { papers: loaded.flatMap((l) => l.papers), problems: loaded.flatMap((l) => l.problems) }, ...(unchanged ? { unchanged } : {}) };
    }
    if (feed.startsWith('arxiv:')) return fetchArxivCategory(fetcher, endpoints, feed.slice('arxiv:'.length), signal);
    return { ok: false, reason: `unknown feed “${feed}”; use hf or arxiv:<category>`, retryable: false };
  };
}
