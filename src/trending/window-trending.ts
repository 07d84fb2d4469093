import type { Paper } from '../model/paper.js';
import { compareTrending, describeAppearance, rankPoints, teamBoost, teamReasons, upvotePoints, type TeamSignals, type TrendingScore } from './trending-score.js';
import type { TrendingEntry } from './trending.js';

/**
 * Trending over a span of days (a week), for a team: the round-up counts every day of the
 * span alike, and what the team did with a paper counts on its own, so a paper the team
 * saved and discussed this week makes the list even when no feed listed it this week.
 *
 *   score = feedPoints × (1 + teamBoost) + teamBoost
 *
 *   feedPoints = Σ over feed appearances dated `from`…`to`  rankPoints + upvotePoints
 *                (no decay: Monday's #1 is as much the week's as Sunday's)
 *   teamBoost  = as in trending-score.ts, from the signals given (the caller passes the
 *                span's: saves, 👍 and discussion replies of that week)
 *
 * Papers with neither an appearance in the span nor a team signal score 0 and are left out.
 * The team's reasons come first: in a team's round-up they are the news.
 */
export interface WindowOptions {
  /** First and last day counted (YYYY-MM-DD), both included. */
  readonly from: string;
  readonly to: string;
  readonly excludeIds?: ReadonlySet<string>;
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

export function windowScore(paper: Paper, from: string, to: string, signals?: TeamSignals): TrendingScore {
  const counted = paper.appearances.filter((a) => a.date >= from && a.date <= to);
  let feedPoints = 0;
  let best: { reason: string; points: number } | undefined;
  let latestDate = '';
  let bestRank = Number.POSITIVE_INFINITY;
  let maxUpvotes: number | undefined;
  for (const appearance of counted) {
    const points = rankPoints(appearance.rank) + upvotePoints(appearance.upvotes);
    feedPoints += points;
    if (!best || points > best.points) best = { reason: describeAppearance(appearance), points };
    if (appearance.date > latestDate) latestDate = appearance.date;
    if (appearance.rank !== undefined) bestRank = Math.min(bestRank, appearance.rank);
    if (appearance.upvotes !== undefined) maxUpvotes = Math.max(maxUpvotes ?? 0, appearance.upvotes);
  }
  const boost = teamBoost(signals);
  const reasons = teamReasons(signals);
  if (best) reasons.push(best.reason);
  const days = new Set(counted.map((a) => a.date)).size;
  if (days > 1) reasons.push(`trending on ${days} days`);
  if (maxUpvotes !== undefined) reasons.push(`${maxUpvotes} upvote${maxUpvotes === 1 ? '' : 's'}`);
  return { score: feedPoints * (1 + boost) + boost, reasons, latestDate, bestRank };
}

/** The `n` top papers of the span, best first; ties as in daily trending. */
export function windowTrending(papers: Iterable<Paper>, n: number, options: WindowOptions): TrendingEntry[] {
  const scored: Array<TrendingEntry & { id: string }> = [];
  for (const paper of papers) {
    if (options.excludeIds?.has(paper.id)) continue;
    const trend = windowScore(paper, options.from, options.to, options.signals?.get(paper.id));
    if (trend.score > 0) scored.push({ id: paper.id, paper, trend });
  }
  scored.sort(compareTrending);
  return scored.slice(0, Math.max(0, n)).map(({ paper, trend }) => ({ paper, trend }));
}
