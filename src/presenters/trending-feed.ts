import { summarize } from '../digest/summary.js';
import type { Paper } from '../model/paper.js';
import { cleanText } from '../text/clean-text.js';
import type { TrendingEntry } from '../trending/trending.js';

/**
 * Today's trending papers as a feed (what GET /trending.atom serves), independent of the
 * feed format: the same ranking and "why" as `/papers trending`. Everything a reader uses
 * to tell entries apart is stable, so polling an unchanged corpus shows nothing new:
 * - an entry's id is the paper's own URL on this service (/papers/<id>): the paper id never
 *   changes, while a paper's source URL may (a Hugging Face listing later merged with its
 *   arXiv record) or be missing, and an id in this service's URL space is unique to it;
 * - an entry's `updated` is the paper's latest feed appearance, not the time of the request;
 * - the feed's id names the service and the topic only (not how many entries were asked for),
 *   and its `updated` is its newest entry's.
 * Text is plain (the renderer escapes it), cleaned of control and invisible characters.
 */
export interface TrendingFeedEntry {
  readonly id: string;
  readonly title: string;
  /** Where to read the paper: its page at the source, else its record on this service. */
  readonly link: string;
  readonly codeLink?: string;
  /** Why it ranks here, as `/papers trending` says it: "#1 on hf-trending 2026-11-26 · 42 upvotes". */
  readonly why: string;
  /** The first sentence or two of the abstract. */
  readonly summary: string;
  readonly authors: readonly string[];
  /** ISO timestamp of the paper's latest feed appearance. */
  readonly updated: string;
  /** ISO timestamp of publication, when the source gave one. */
  readonly published?: string;
}

export interface TrendingFeed {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  /** This feed's own URL (what a reader subscribes to). */
  readonly selfLink: string;
  readonly updated: string;
  readonly entries: readonly TrendingFeedEntry[];
}

export interface TrendingFeedOptions {
  /** The service's public origin, e.g. https://papers.example.org (no trailing slash). */
  readonly serviceUrl: string;
  readonly topic?: string;
  /** How many entries were asked for, when the request said (kept in the self link). */
  readonly count?: number;
  /** The corpus's latest feed day (YYYY-MM-DD): the feed's `updated` when it has no entries. */
  readonly today?: string;
}

/** A long author list is cut here and ends with "et al.", as citations do. */
export const MAX_FEED_AUTHORS = 10;
const EPOCH = '1970-01-01T00:00:00.000Z';

const dayStart = (date: string): string | undefined => timestamp(`${date}T00:00:00Z`);

function timestamp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/** The service's record of a paper: the entry's id, and its link when the paper has no page of its own. */
export const paperRecordUrl = (serviceUrl: string, paper: Pick<Paper, 'id'>): string => `${serviceUrl}/papers/${encodeURIComponent(paper.id)}`;

function authorsOf(paper: Paper): string[] {
  const names = paper.authors.map(cleanText).filter((name) => name !== '');
  return names.length > MAX_FEED_AUTHORS ? [...names.slice(0, MAX_FEED_AUTHORS), 'et al.'] : names;
}

function feedEntry({ paper, trend }: TrendingEntry, serviceUrl: string): TrendingFeedEntry {
  const record = paperRecordUrl(serviceUrl, paper);
  const published = timestamp(paper.publishedAt);
  return {
    id: record,
    title: cleanText(paper.title) || paper.id,
    link: paper.url ?? record,
    ...(paper.codeUrls[0] ? { codeLink: paper.codeUrls[0] } : {}),
    why: cleanText(trend.reasons.join(' · ')),
    summary: cleanText(summarize(paper.abstract)),
    authors: authorsOf(paper),
    // A paper never seen in a feed (trending keeps those last) counts from when it arrived.
    updated: dayStart(trend.latestDate) ?? timestamp(paper.addedAt) ?? published ?? EPOCH,
    ...(published ? { published } : {}),
  };
}

function feedUrl(serviceUrl: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  const text = params.toString();
  return `${serviceUrl}/trending.atom${text ? `?${text}` : ''}`;
}

export function trendingFeed(entries: readonly TrendingEntry[], options: TrendingFeedOptions): TrendingFeed {
  const topic = options.topic === undefined ? '' : cleanText(options.topic);
  const items = entries.map((entry) => feedEntry(entry, options.serviceUrl));
  const newest = items.reduce<string | undefined>((latest, item) => (latest === undefined || item.updated > latest ? item.updated : latest), undefined);
  return {
    id: feedUrl(options.serviceUrl, { topic: topic || undefined }),
    title: topic ? `paperboy: trending on “${topic}”` : 'paperboy: trending papers',
    subtitle: 'Papers trending in the feeds paperboy reads (Hugging Face, arXiv), ranked by feed position, age and upvotes; each entry says why.',
    selfLink: feedUrl(options.serviceUrl, { topic: topic || undefined, count: options.count === undefined ? undefined : String(options.count) }),
    updated: newest ?? (options.today ? dayStart(options.today) : undefined) ?? EPOCH,
    entries: items,
  };
}
