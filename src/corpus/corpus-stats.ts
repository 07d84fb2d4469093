import { paperDate, type Paper } from '../model/paper.js';

export interface CorpusStats {
  readonly papers: number;
  readonly withAbstract: number;
  readonly withAuthors: number;
  readonly withCode: number;
  readonly withArxivId: number;
  /** Feed name → number of distinct days and the latest day. */
  readonly feeds: Record<string, { readonly days: number; readonly latest: string; readonly appearances: number }>;
  readonly oldest?: string;
  readonly newest?: string;
}

export function corpusStats(papers: Iterable<Paper>): CorpusStats {
  let count = 0;
  let withAbstract = 0;
  let withAuthors = 0;
  let withCode = 0;
  let withArxivId = 0;
  let oldest: string | undefined;
  let newest: string | undefined;
  const feeds = new Map<string, { dates: Set<string>; appearances: number }>();
  for (const paper of papers) {
    count += 1;
    if (paper.abstract) withAbstract += 1;
    if (paper.authors.length > 0) withAuthors += 1;
    if (paper.codeUrls.length > 0) withCode += 1;
    if (paper.arxivId) withArxivId += 1;
    const date = paperDate(paper);
    if (date !== undefined) {
      if (oldest === undefined || date < oldest) oldest = date;
      if (newest === undefined || date > newest) newest = date;
    }
    for (const a of paper.appearances) {
      let feed = feeds.get(a.source);
      if (!feed) feeds.set(a.source, (feed = { dates: new Set(), appearances: 0 }));
      feed.dates.add(a.date);
      feed.appearances += 1;
    }
  }
  return {
    papers: count,
    withAbstract,
    withAuthors,
    withCode,
    withArxivId,
    feeds: Object.fromEntries(
      [...feeds].map(([source, f]) => [source, { days: f.dates.size, latest: [...f.dates].sort().at(-1)!, appearances: f.appearances }]),
    ),
    ...(oldest !== undefined ? { oldest } : {}),
    ...(newest !== undefined ? { newest } : {}),
  };
}

/** The most recent feed day in the corpus: what "today's trending" means for a static corpus. */
export function latestFeedDate(papers: Iterable<Paper>): string | undefined {
  let latest: string | undefined;
  for (const paper of papers) for (const a of paper.appearances) if (latest === undefined || a.date > latest) latest = a.date;
  return latest;
}
