import { corpusStats, latestFeedDate, type CorpusStats } from './corpus/corpus-stats.js';
import type { PaperCollection } from './corpus/paper-collection.js';
import type { Paper } from './model/paper.js';
import { fail, ok, type Result } from './result.js';
import type { SerializedPaperIndex } from './search/paper-index.js';
import type { LoadResult } from './corpus/load-result.js';
import { ingestLoaded, type IngestOptions, type IngestReport } from './ingest/ingest-report.js';
import { DEFAULT_RANKING, type RankingSettings } from './search/ranking-settings.js';
import { SearchEngine, type RelatedHit, type SearchPage, type SearchRequest } from './search/search-engine.js';
import type { TeamSignals } from './trending/trending-score.js';
import { trending, type TrendingEntry } from './trending/trending.js';

/**
 * The core query service: everything a chat adapter or the CLI asks of paperboy, over one
 * corpus. No I/O and no clock: callers pass the day they mean.
 */
export interface PaperboyDeps {
  readonly papers: PaperCollection;
  readonly ranking?: RankingSettings;
  /** A saved index of exactly these papers, to skip rebuilding it. */
  readonly savedIndex?: SerializedPaperIndex;
}

export interface TrendingRequest {
  readonly limit: number;
  /** Day to score for (YYYY-MM-DD); default: the corpus's latest feed day. */
  readonly today?: string;
  /** Only papers about this (every word must match, acronyms count). */
  readonly topic?: string;
  readonly excludeIds?: ReadonlySet<string>;
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

export interface RelatedPage {
  readonly paper: Paper;
  readonly hits: readonly RelatedHit[];
  readonly total: number;
}

export const MAX_TRENDING = 50;

export interface Paperboy {
  readonly papers: PaperCollection;
  readonly engine: SearchEngine;
  search(request: SearchRequest): Result<SearchPage>;
  show(ref: string): Result<Paper>;
  related(ref: string, paging?: { limit?: number; offset?: number }): Result<RelatedPage>;
  trending(request: TrendingRequest): Result<TrendingEntry[]>;
  stats(): CorpusStats;
  /**
   * Adds what a feed or file brought to the running corpus and its search index, without a
   * rebuild: new papers are searchable at once, updated ones are re-indexed in place (the
   * index's auto-vacuum reclaims what the old versions used). New acronyms found in them
   * alias older papers from the next full build.
   */
  ingest(loaded: LoadResult, options?: IngestOptions): IngestReport;
}

export function createPaperboy(deps: PaperboyDeps): Paperboy {
  const ranking = deps.ranking ?? DEFAULT_RANKING;
  const engine = deps.savedIndex
    ? SearchEngine.load(deps.papers, deps.savedIndex, ranking)
    : SearchEngine.build(deps.papers, ranking);
  return {
    papers: deps.papers,
    engine,
    search: (request) => engine.search(request),
    ingest(loaded, options) {
      const report = ingestLoaded(deps.papers, loaded, options);
      engine.index.upsertAll([...report.added.map((paper) => ({ paper })), ...report.updated]);
      return report;
    },
    show: (ref) => engine.resolve(ref),
    related: (ref, paging) => engine.related(ref, paging),
    trending(request) {
      if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_TRENDING) {
        return fail('bad_argument', `Ask for 1 to ${MAX_TRENDING} trending papers, not ${request.limit}.`);
      }
      let accept: ((paper: Paper) => boolean) | undefined;
      if (request.topic !== undefined) {
        const topic = engine.topicFilter(request.topic);
        if (!topic.ok) return topic;
        accept = topic.value;
      }
      const today = request.today ?? latestFeedDate(deps.papers.all()) ?? '1970-01-01';
      return ok(
        trending(deps.papers.all(), request.limit, {
          today,
          ...(accept ? { accept } : {}),
          ...(request.excludeIds ? { excludeIds: request.excludeIds } : {}),
          ...(request.signals ? { signals: request.signals } : {}),
        }),
      );
    },
    stats: () => corpusStats(deps.papers.all()),
  };
}
