import type { Paper } from '../model/paper.js';
import { compareTrending, trendingScore, type TeamSignals, type TrendingScore } from './trending-score.js';

export interface TrendingOptions {
  /** The day to score for (YYYY-MM-DD); ages are counted back from it. */
  readonly today: string;
  readonly excludeIds?: ReadonlySet<string>;
  /** Only papers this predicate accepts (a topic); see SearchEngine.topicFilter. */
  readonly accept?: (paper: Paper) => boolean;
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

export interface TrendingEntry {
  readonly paper: Paper;
  readonly trend: TrendingScore;
}

/** The `n` top-scoring papers, best first (see trending-score.ts for the formula). */
export function trending(papers: Iterable<Paper>, n: number, options: TrendingOptions): TrendingEntry[] {
  const scored: Array<TrendingEntry & { id: string }> = [];
  for (const paper of papers) {
    if (options.excludeIds?.has(paper.id)) continue;
    if (options.accept && !options.accept(paper)) continue;
    const trend = trendingScore(paper, options.today, options.signals?.get(paper.id));
    // Listed only after the day asked about: not trending on it.
    if (paper.appearances.length > 0 && trend.latestDate === '') continue;
    scored.push({ id: paper.id, paper, trend });
  }
  scored.sort(compareTrending);
  return scored.slice(0, Math.max(0, n)).map(({ paper, trend }) => ({ paper, trend }));
}
