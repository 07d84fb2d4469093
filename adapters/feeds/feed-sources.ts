import {
  parseArxivAnnouncements,
  parseArxivApiFeed,
  parseHfDailyItems,
  parseHfDailyPapers,
  parsePaperJsonLines,
  type ArxivAnnouncementOutcome,
  type ArxivFeedOutcome,
  type LoadResult,
} from '../../src/index.js';
import type { FeedEndpoints } from './feed-endpoints.js';
import type { FetchOutcome, PoliteFetcher } from './polite-fetch.js';

/**
 * The feeds paperboy reads, each fetched politely and parsed by its own parser: a Hugging
 * Face Daily Papers day (paged), an arXiv category's announcements, an arXiv API query or
 * id look-up, or any URL holding one of those. The answer separates "the feed has no papers
 * today" (a weekend, an empty day) from "the feed failed" (arXiv's errors and throttling,
 * HTTP trouble), so a bad feed day is never mistaken for a quiet one.
 */
export type FeedResult =
  | {
      readonly ok: true;
      readonly loaded: LoadResult;
      readonly note?: string;
      /** arXiv ids announced as replacements: they update papers the corpus has, and are not news otherwise. */
      readonly updatesOnly?: ReadonlySet<string>;
      /** The server answered 304 Not Modified: nothing new since the last read. */
      readonly unchanged?: boolean;
      /** Set when problems are numbered by text line (JSON Lines), not by feed item. */
      readonly byLine?: true;
    }
  | { readonly ok: false; readonly reason: string; readonly retryable: boolean; readonly retryAfterMs?: number };

const HF_PAGE_SIZE = 50;
/** A day has never had more than a few hundred papers; beyond this a server that repeats its last page is looping us. */
const HF_MAX_PAGES = 20;

function failed(outcome: Extract<FetchOutcome, { kind: 'failed' | 'aborted' }>, what: string): FeedResult {
  // Asked to stop (the service is shutting down): a failure to try again, never news about the feed.
  if (outcome.kind === 'aborted') return { ok: false, reason: `${what}: stopped before it was read`, retryable: true };
  return { ok: false, reason: `${what}: ${outcome.reason}`, retryable: outcome.retryable, ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}) };
}

/** One featured day of Hugging Face Daily Papers, every page of it. */
export async function fetchHfDay(fetcher: PoliteFetcher, endpoints: FeedEndpoints, date: string, signal?: AbortSignal): Promise<FeedResult> {
  const papers: LoadResult['papers'] = [];
  const problems: LoadResult['problems'] = [];
  for (let page = 0; page < HF_MAX_PAGES; page += 1) {
    const url = `${endpoints.hfDailyPapers}?date=${encodeURIComponent(date)}&p=${page}&limit=${HF_PAGE_SIZE}`;
    const got = await fetcher.get(url, { signal });
    if (got.kind === 'failed' || got.kind === 'aborted') return failed(got, `Hugging Face daily papers for ${date}, page ${page + 1}`);
    if (got.kind === 'not-modified') {
      if (page === 0) return { ok: true, loaded: { papers: [], problems: [] }, note: `Hugging Face daily papers for ${date}: unchanged since the last read`, unchanged: true };
      break;
    }
    let items: unknown;
    try {
      items = JSON.parse(got.text);
    } catch {
      // Let the parser name the position of the break.
      const broken = parseHfDailyPapers(got.text, { date, rankOffset: page * HF_PAGE_SIZE });
      return { ok: false, reason: `Hugging Face daily papers for ${date}: ${broken.problems[0]?.message ?? 'invalid JSON'}`, retryable: true };
    }
    if (!Array.isArray(items)) {
      const parsed = parseHfDailyItems(items, { date });
      return { ok: false, reason: `Hugging Face daily papers for ${date}: ${parsed.problems[0]?.message ?? 'not a list of papers'}`, retryable: false };
    }
    const parsed = parseHfDailyItems(items, { date, rankOffset: page * HF_PAGE_SIZE });
    papers.push(...parsed.papers);
    problems.push(...parsed.problems.map((p) => ({ ...p, line: p.line + page * HF_PAGE_SIZE })));
    if (items.length < HF_PAGE_SIZE) break;
  }
  return { ok: true, loaded: { papers, problems }, ...(papers.length === 0 && problems.length === 0 ? { note: `no papers were featured on ${date}` } : {}) };
}

function fromArxiv(outcome: ArxivFeedOutcome | ArxivAnnouncementOutcome, what: string): FeedResult {
  switch (outcome.kind) {
    case 'papers':
      return { ok: true, loaded: outcome.result, ...('replacements' in outcome && outcome.replacements.length > 0 ? { updatesOnly: new Set(outcome.replacements) } : {}) };
    case 'empty':
      return { ok: true, loaded: { papers: [], problems: [] }, note: `${what}: no papers (${outcome.note ?? 'nothing announced'})` };
    case 'throttled':
      return { ok: false, reason: `${what}: arXiv returned an empty page of ${outcome.totalResults} results (it does this when throttling); try again later`, retryable: true };
    case 'error':
      return { ok: false, reason: `${what}: ${outcome.message}`, retryable: false };
  }
}

/** Today's announcements in one arXiv category (e.g. cs.LG): new papers, cross-lists and replacements. */
export async function fetchArxivCategory(fetcher: PoliteFetcher, endpoints: FeedEndpoints, category: string, signal?: AbortSignal): Promise<FeedResult> {
  const what = `arXiv ${category} announcements`;
  const got = await fetcher.get(`${endpoints.arxivRss}${encodeURIComponent(category).replace(/%2B/g, '+')}`, { signal });
  if (got.kind === 'failed' || got.kind === 'aborted') return failed(got, what);
  if (got.kind === 'not-modified') return { ok: true, loaded: { papers: [], problems: [] }, note: `${what}: unchanged since the last fetch`, unchanged: true };
  return fromArxiv(parseArxivAnnouncements(got.text, { category }), what);
}

/** An arXiv API search (`ti:merging AND cat:cs.LG`) or id look-up (`2401.01234,2312.00001`). */
export async function fetchArxivApi(fetcher: PoliteFetcher, endpoints: FeedEndpoints, request: { query?: string; ids?: readonly string[]; max?: number }): Promise<FeedResult> {
  const params = new URLSearchParams();
  if (request.query) params.set('search_query', request.query);
  if (request.ids && request.ids.length > 0) params.set('id_list', request.ids.join(','));
  params.set('start', '0');
  params.set('max_results', String(Math.min(request.max ?? 100, 2000)));
  const what = request.query ? `arXiv search “${request.query.slice(0, 80)}”` : `arXiv ids ${(request.ids ?? []).slice(0, 5).join(', ')}`;
  const got = await fetcher.get(`${endpoints.arxivApi}?${params.toString()}`);
  if (got.kind === 'failed' || got.kind === 'aborted') return failed(got, what);
  if (got.kind === 'not-modified') return { ok: true, loaded: { papers: [], problems: [] }, note: `${what}: unchanged`, unchanged: true };
  const outcome = parseArxivApiFeed(got.text);
  const result = fromArxiv(outcome, what);
  // One page only: say so when there is more, rather than cut the results silently.
  if (result.ok && outcome.kind === 'papers' && outcome.totalResults !== undefined && outcome.totalResults > result.loaded.papers.length) {
    return { ...result, note: `${what}: the first ${result.loaded.papers.length} of ${outcome.totalResults} results; narrow the query for the rest` };
  }
  return result;
}

/** Whatever feed a URL serves: an HF daily-papers JSON array, or arXiv Atom/RSS. */
export async function fetchFeedUrl(fetcher: PoliteFetcher, url: string, options: { date?: string } = {}): Promise<FeedResult> {
  const got = await fetcher.get(url);
  if (got.kind === 'failed' || got.kind === 'aborted') return failed(got, url);
  if (got.kind === 'not-modified') return { ok: true, loaded: { papers: [], problems: [] }, note: `${url}: unchanged`, unchanged: true };
  return parseFeedText(got.text, url, options);
}

/** A feed document's papers, whichever kind it is, judged by its content. */
export function parseFeedText(text: string, where: string, options: { date?: string } = {}): FeedResult {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  // JSON Lines (one paper record per line), as `paperboy export` writes it.
  if (head.startsWith('{') && /\}\s*\r?\n\s*\{/.test(head.slice(0, 200_000))) {
    return { ok: true, loaded: parsePaperJsonLines(text), byLine: true };
  }
  if (head.startsWith('[') || head.startsWith('{')) {
    const parsed = parseHfDailyPapers(text, options.date ? { date: options.date } : {});
    const fatal = parsed.papers.length === 0 && parsed.problems.length === 1 && parsed.problems[0]!.line === 0;
    return fatal ? { ok: false, reason: `${where}: ${parsed.problems[0]!.message}`, retryable: false } : { ok: true, loaded: parsed };
  }
  if (head.startsWith('<')) {
    const isAnnouncement = /<rss[\s>]/.test(head.slice(0, 2000)) || /announce_type/.test(head.slice(0, 20_000));
    return fromArxiv(isAnnouncement ? parseArxivAnnouncements(text) : parseArxivApiFeed(text), where);
  }
  return { ok: false, reason: `${where}: not a feed paperboy reads (expected Hugging Face daily-papers JSON, paper JSON Lines, or arXiv Atom/RSS)`, retryable: false };
}
