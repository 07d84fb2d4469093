import type { Follow } from '../follows/follow.js';
import { createFollowMatcher } from '../follows/follow-matcher.js';
import type { Message } from '../messages/message.js';
import type { Paper } from '../model/paper.js';
import type { Paperboy } from '../paperboy.js';
import { ok, type Result } from '../result.js';
import { addDays } from '../scheduling/iso-week.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { truncateAtWord } from '../text/clean-text.js';
import { longDate } from '../text/long-date.js';
import type { TeamSignals } from '../trending/trending-score.js';
import type { TrendingEntry } from '../trending/trending.js';
import { MAX_TRENDING } from '../trending/trending-query.js';
import { channelLine, listed, type ComposedDigest } from './compose-digest.js';
import { weekHeading, WEEKLY_WINDOW_DAYS } from './compose-weekly-digest.js';

/**
 * One person's digest, by direct message: papers listed in a feed in the last seven days
 * that match what they follow (most reasons first), then papers like the ones they saved
 * most recently (from the same seven days: a digest is news, not the archive; at most half
 * the digest), then what trends in their team, until `count` are found. Each card's why says which it is:
 * `follows author Yann LeCun (as “Y. LeCun”)`, `like your saved “…”`, `#2 trending · …`.
 * Never a paper this digest posted before, one the person was alerted about, or one they
 * saved. A weekly personal digest is the same over the week's trending.
 */
export const PERSONAL_WINDOW_DAYS = 7;
/** The most recent saves whose related papers are looked for. */
const SAVES_CONSIDERED = 5;
const RELATED_PER_SAVE = 50;
const SAVED_TITLE_MAX = 60;

export interface PersonalDigestInput {
  readonly paperboy: Paperboy;
  /** A personal subscription (its channel is `user:<id>`). */
  readonly subscription: Subscription;
  /** The person's local date the digest is due on (YYYY-MM-DD). */
  readonly day: string;
  readonly follows: readonly Follow[];
  /** The person's saves in this workspace, newest first. */
  readonly savedPaperIds: readonly string[];
  /** Papers this digest posted before. */
  readonly postedPaperIds: ReadonlySet<string>;
  /** Papers the person was sent (or has waiting) as alerts. */
  readonly alertedPaperIds: ReadonlySet<string>;
  /** The team's signals, for its trending. */
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

interface Pick {
  readonly paper: Paper;
  readonly why: readonly string[];
}

/** Papers with a feed appearance from `from` to `to`, both included. */
function listedBetween(paperboy: Paperboy, from: string, to: string): Paper[] {
  return paperboy.papers.table.appearingSince(from).filter((p) => p.appearances.some((a) => a.date >= from && a.date <= to));
}

/** The latest feed day a paper was listed on ('' when never). */
const latestListing = (paper: Paper): string =>
  paper.appearances
    .map((a) => a.date)
    .sort()
    .at(-1) ?? '';

/** Recent papers matching the person's follows: most reasons first, then the most recently listed. */
function followPicks(follows: readonly Follow[], recent: readonly Paper[]): Pick[] {
  if (follows.length === 0 || recent.length === 0) return [];
  const byId = new Map(recent.map((p) => [p.id, p]));
  const picks = createFollowMatcher(follows)
    .match({ added: recent, newVersions: [] })
    .flatMap((m) => {
      const paper = byId.get(m.paperId);
      return paper ? [{ paper, why: m.reasons.map((r) => `follows ${r}`) }] : [];
    });
  return picks.sort((a, b) => b.why.length - a.why.length || latestListing(b.paper).localeCompare(latestListing(a.paper)) || a.paper.id.localeCompare(b.paper.id));
}

/** Recent papers related to the latest saves, taken in turn from each save's list so one save does not fill the digest. */
async function likeYourSaves(paperboy: Paperboy, saved: readonly string[], inWindow: (paper: Paper) => boolean): Promise<Pick[]> {
  const lists: Pick[][] = [];
  for (const id of saved.slice(0, SAVES_CONSIDERED)) {
    // A save this server cannot find (another replica has not synced it yet) simply adds nothing.
    const related = await paperboy.related(id, { limit: RELATED_PER_SAVE });
    if (!related.ok) continue;
    const because = `like your saved “${truncateAtWord(related.value.paper.title, SAVED_TITLE_MAX)}”`;
    lists.push(related.value.hits.filter((h) => inWindow(h.paper)).map((h) => ({ paper: h.paper, why: [because] })));
  }
  const turns: Pick[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i += 1) for (const list of lists) if (list[i]) turns.push(list[i]!);
  return turns;
}

/** A digest sent as a direct message: private, and without Discuss (a DM has nobody to discuss with). */
function direct(digest: ComposedDigest): ComposedDigest {
  const message: Message = {
    ...digest.message,
    visibility: 'private',
    blocks: digest.message.blocks.map((b) => (b.type === 'paper' ? { ...b, card: { ...b.card, actions: b.card.actions.filter((a) => a.kind !== 'discuss') } } : b)),
  };
  return { message, paperIds: digest.paperIds };
}

/** The digest, or `not_ready` while the index is being built (the scheduler tries again later). */
export async function composePersonalDigest(input: PersonalDigestInput): Promise<Result<ComposedDigest>> {
  const { paperboy, subscription: sub, day } = input;
  const weekly = sub.kind === 'weekly';
  const heading = weekly ? `Your papers this week · ${weekHeading(day)}` : `Your papers · ${longDate(day)}`;
  const trending = await paperboy.trending({ limit: MAX_TRENDING, today: day, ...(weekly ? { windowDays: WEEKLY_WINDOW_DAYS } : {}), ...(input.signals ? { signals: input.signals } : {}) });
  if (!trending.ok) return trending;

  const from = addDays(day, 1 - PERSONAL_WINDOW_DAYS);
  const inWindow = (paper: Paper): boolean => paper.appearances.some((a) => a.date >= from && a.date <= day);
  const skip = new Set([...input.postedPaperIds, ...input.alertedPaperIds, ...input.savedPaperIds]);
  const picked: TrendingEntry[] = [];
  const take = (candidates: readonly Pick[], most = sub.count): void => {
    const until = Math.min(sub.count, picked.length + most);
    for (const { paper, why } of candidates) {
      if (picked.length >= until) return;
      if (skip.has(paper.id)) continue;
      skip.add(paper.id);
      picked.push({ paper, trend: { score: 0, reasons: why, latestDate: latestListing(paper), bestRank: Number.POSITIVE_INFINITY } });
    }
  };
  take(followPicks(input.follows, listedBetween(paperboy, from, day)));
  // Papers like the saves fill at most half the digest: there are always some, and the team's trending keeps its place.
  if (picked.length < sub.count && input.savedPaperIds.length > 0) take(await likeYourSaves(paperboy, input.savedPaperIds, inWindow), Math.ceil(sub.count / 2));
  // The rank is the paper's place in the team's trending, whatever this person was shown before.
  take(trending.value.map((entry, i) => ({ paper: entry.paper, why: [`#${i + 1} trending`, ...entry.trend.reasons] })));

  const stop = weekly ? '/papers unsubscribe me weekly' : '/papers unsubscribe me';
  if (picked.length === 0) {
    const text = `Nothing new for you ${weekly ? 'this week' : 'today'}: no recent paper matches what you follow or your saves, and everything trending was sent to you before. /papers follow topic: … adds to what you follow; ${stop} stops this digest.`;
    return ok(direct(channelLine(text, `${heading}: ${text}`)));
  }
  const footer = `Picked for you: what you follow, then papers like your saves, then this team's trending · never one sent to you before · /papers following changes what you follow · ${stop} to stop`;
  return ok(direct(listed(heading, picked, footer, false)));
}
