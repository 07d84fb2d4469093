import type { FeedAppearance, Paper } from '../model/paper.js';

/**
 * How trending is scored, so a channel can see why a paper is on its list.
 *
 *   score = Σ over feed appearances  decay(age) × (rankPoints + upvotePoints)
 *           × (1 + teamBoost)
 *
 *   decay(age)   = 0.5 ^ (age in days / HALF_LIFE_DAYS): a day-old list counts half,
 *                  so newer feeds come first; appearances dated after `today` do not count
 *                  (trending as of a past day knows nothing of later listings)
 *   rankPoints   = 10 / (rank + 9): #1 → 1.0, #11 → 0.5, #91 → 0.1; 0.1 when unranked
 *   upvotePoints = 0.5 × log10(1 + upvotes): 9 → 0.5, 99 → 1.0 (0 when unknown)
 *   teamBoost    = 0.5 × log2(1 + saves) + 0.25 × log2(1 + reactions)
 *                  + 0.25 × log2(1 + discussion replies), from this team: one save lifts a
 *                  paper by half, three by 100%; a thread with 3 replies counts like 3 👍.
 *                  The feeds still decide what is trending at all, and a team's old
 *                  favourites fade with them
 *
 * A paper that trends on several days (or in several feeds) adds up. Ties go to the newer
 * latest appearance, then the better best rank, then the id, so the order is deterministic.
 */
export const HALF_LIFE_DAYS = 1;
const UNRANKED_POINTS = 0.1;

export interface TeamSignals {
  readonly saves: number;
  readonly reactions: number;
  /** Replies in this team's discussion threads about the paper (counted, never read). */
  readonly discussions?: number;
}

export interface TrendingScore {
  readonly score: number;
  /** Short phrases, most important first: "#1 on hf-trending 2026-11-26", "42 upvotes", "saved by 2". */
  readonly reasons: readonly string[];
  /** For tie-breaking: the latest appearance date counted ('' when none was) and the best rank seen. */
  readonly latestDate: string;
  readonly bestRank: number;
}

const DAY_MS = 86_400_000;

function ageInDays(date: string, today: string): number {
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
  return Number.isFinite(days) ? Math.max(0, days) : 0;
}

export function rankPoints(rank: number | undefined): number {
  return rank === undefined ? UNRANKED_POINTS : 10 / (rank + 9);
}

export function upvotePoints(upvotes: number | undefined): number {
  return upvotes === undefined ? 0 : 0.5 * Math.log10(1 + upvotes);
}

export function teamBoost(signals: TeamSignals | undefined): number {
  if (!signals) return 0;
  return 0.5 * Math.log2(1 + Math.max(0, signals.saves)) + 0.25 * Math.log2(1 + Math.max(0, signals.reactions)) + 0.25 * Math.log2(1 + Math.max(0, signals.discussions ?? 0));
}

export function describeAppearance(a: FeedAppearance): string {
  return `${a.rank === undefined ? 'listed' : `#${a.rank}`} on ${a.source} ${a.date}`;
}

/** "saved by 2 teammates", "3 reactions", "discussed 12 times": the team's part of a paper's reasons. */
export function teamReasons(signals: TeamSignals | undefined): string[] {
  const reasons: string[] = [];
  if (signals && signals.saves > 0) reasons.push(`saved by ${signals.saves} teammate${signals.saves === 1 ? '' : 's'}`);
  if (signals && signals.reactions > 0) reasons.push(`${signals.reactions} reaction${signals.reactions === 1 ? '' : 's'}`);
  const discussions = signals?.discussions ?? 0;
  if (discussions > 0) reasons.push(`discussed ${discussions} time${discussions === 1 ? '' : 's'}`);
  return reasons;
}

export function trendingScore(paper: Paper, today: string, signals?: TeamSignals): TrendingScore {
  let score = 0;
  let best: { appearance: FeedAppearance; points: number } | undefined;
  let latestDate = '';
  let bestRank = Number.POSITIVE_INFINITY;
  let maxUpvotes: number | undefined;
  const counted = paper.appearances.filter((a) => a.date <= today);
  for (const appearance of counted) {
    const points = 0.5 ** (ageInDays(appearance.date, today) / HALF_LIFE_DAYS) * (rankPoints(appearance.rank) + upvotePoints(appearance.upvotes));
    score += points;
    if (!best || points > best.points) best = { appearance, points };
    if (appearance.date > latestDate) latestDate = appearance.date;
    if (appearance.rank !== undefined) bestRank = Math.min(bestRank, appearance.rank);
    if (appearance.upvotes !== undefined) maxUpvotes = Math.max(maxUpvotes ?? 0, appearance.upvotes);
  }
  score *= 1 + teamBoost(signals);

  const reasons: string[] = [];
  if (best) reasons.push(describeAppearance(best.appearance));
  const otherDays = new Set(counted.map((a) => a.date)).size - 1;
  if (otherDays > 0) reasons.push(`trending on ${otherDays + 1} days`);
  if (maxUpvotes !== undefined) reasons.push(`${maxUpvotes} upvote${maxUpvotes === 1 ? '' : 's'}`);
  reasons.push(...teamReasons(signals));
  if (reasons.length === 0) reasons.push('in the corpus, not yet seen in a feed');
  return { score, reasons, latestDate, bestRank };
}

/** Orders two scored papers: higher score, newer latest appearance, better rank, then id. */
export function compareTrending(a: { id: string; trend: TrendingScore }, b: { id: string; trend: TrendingScore }): number {
  return (
    b.trend.score - a.trend.score ||
    (a.trend.latestDate < b.trend.latestDate ? 1 : a.trend.latestDate > b.trend.latestDate ? -1 : 0) ||
    a.trend.bestRank - b.trend.bestRank ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
