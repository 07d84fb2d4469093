import type { CorpusStats } from './corpus/corpus-stats.js';
import type { Paper } from './model/paper.js';
import { ok, type Result } from './result.js';
import type { RelatedPage, SearchEngine, SearchPage, SearchRequest } from './search/search-engine.js';
import { TrendingQuery, type TrendingRequest } from './trending/trending-query.js';
import type { TrendingEntry } from './trending/trending.js';

/**
 * The read side of the corpus, wherever it runs: in this thread (readerOver), or in worker
 * threads that each run readerOver on their own connection (adapters/search-sqlite).
 * Everything it takes and gives is plain data, so it crosses a thread as it is.
 */
export interface CorpusReader {
  /** Ranked papers for a query in the query language (see search/query-syntax.ts). */
  search(request: SearchRequest): Promise<Result<SearchPage>>;
  show(ref: string): Promise<Result<Paper>>;
  related(ref: string, paging?: { limit?: number; offset?: number }): Promise<Result<RelatedPage>>;
  trending(request: TrendingRequest): Promise<Result<TrendingEntry[]>>;
  /** Whether `topic` can filter a digest (subscribe checks it before saving). */
  checkTopic(topic: string): Promise<Result<true>>;
  /** Papers whose titles start like `typed` (autocomplete). */
  suggestTitles(typed: string, limit: number): Promise<Paper[]>;
  stats(): Promise<Result<CorpusStats>>;
}

/** A reader answering from `engine` in this thread. */
export function readerOver(engine: SearchEngine): CorpusReader {
  const trending = new TrendingQuery(engine);
  return {
    search: async (request) => engine.search(request),
    show: async (ref) => engine.resolve(ref),
    related: async (ref, paging) => engine.related(ref, paging),
    trending: async (request) => trending.run(request),
    checkTopic: async (topic) => engine.checkTopic(topic),
    suggestTitles: async (typed, limit) => engine.suggestTitles(typed, limit),
    stats: async () => ok(engine.papers.table.stats()),
  };
}
