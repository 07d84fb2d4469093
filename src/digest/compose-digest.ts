import type { Message, PaperCard } from '../messages/message.js';
import type { Paperboy } from '../paperboy.js';
import { ok, type Result } from '../result.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { TeamSignals } from '../trending/trending-score.js';
import type { TrendingEntry } from '../trending/trending.js';
import { paperActions } from '../commands/paper-actions.js';
import { longDate } from '../text/long-date.js';
import { summarize } from './summary.js';

/**
 * The daily digest for one channel: today's top trending papers that were never posted
 * there, matching its topic if it has one, each with a short summary and the reason it
 * ranks. When nothing new qualifies, one short line says so instead of repeating papers.
 *
 * With `threads: on` the message is a short header (heading and numbered, linked titles, so
 * the digest is whole even if the thread cannot be written) and each paper's card comes
 * separately, to be posted as a reply in the header's thread.
 */
export interface DigestInput {
  readonly paperboy: Paperboy;
  readonly subscription: Subscription;
  /** The channel's local date the digest is for (YYYY-MM-DD). */
  readonly localDate: string;
  readonly postedPaperIds: ReadonlySet<string>;
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

export interface ComposedDigest {
  readonly message: Message;
  /** The papers in it, in order: recorded so they are never posted to this channel again. */
  readonly paperIds: readonly string[];
  /** With `threads: on`: each paper's card, in order, for the header's thread. */
  readonly threadCards?: readonly DigestThreadCard[];
}

export interface DigestThreadCard {
  readonly paperId: string;
  readonly message: Message;
}

/** A paper of a digest: summary, reasons, Save and 👍. */
function digestCard(entry: TrendingEntry, rank: number): PaperCard {
  const { paper, trend } = entry;
  return {
    paperId: paper.id,
    title: paper.title,
    rank,
    summary: summarize(paper.abstract),
    why: trend.reasons.join(' · '),
    ...(paper.url ? { url: paper.url } : {}),
    ...(paper.codeUrls[0] ? { codeUrl: paper.codeUrls[0] } : {}),
    actions: paperActions(paper.id, ['save', 'upvote', 'discuss', 'cite']),
  };
}

/** A header line's card: the numbered title and its link, nothing to press (the buttons are on the cards in the thread). */
function headerCard(entry: TrendingEntry, rank: number): PaperCard {
  return { paperId: entry.paper.id, title: entry.paper.title, rank, ...(entry.paper.url ? { url: entry.paper.url } : {}), actions: [] };
}

/** The `threads: on` form of a digest (daily or weekly): a header with numbered, linked titles, and each card for its thread. */
function threaded(heading: string, entries: readonly TrendingEntry[], footer: string): ComposedDigest {
  const titles = entries.map((e, i) => `${i + 1}. ${e.paper.title}`).join(' ');
  return {
    message: {
      visibility: 'channel',
      fallback: `${heading}: ${titles}`,
      blocks: [
        { type: 'heading', text: heading },
        ...entries.map((entry, i) => ({ type: 'paper' as const, card: headerCard(entry, i + 1) })),
        { type: 'note', text: `Each paper’s card is in this message’s thread: reply under a card to discuss it. ${footer}` },
      ],
    },
    paperIds: entries.map((e) => e.paper.id),
    threadCards: entries.map((entry, i) => ({
      paperId: entry.paper.id,
      message: { visibility: 'channel', fallback: `${i + 1}. ${entry.paper.title}`, blocks: [{ type: 'paper', card: digestCard(entry, i + 1) }] },
    })),
  };
}

/** The digest, or `not_ready` while the index is being built (the scheduler tries again later). */
export async function composeDigest(input: DigestInput): Promise<Result<ComposedDigest>> {
  const { subscription: sub, localDate } = input;
  const about = sub.topic ? ` on “${sub.topic}”` : '';
  const heading = `Trending papers${about} · ${longDate(localDate)}`;
  const result = await input.paperboy.trending({
    limit: sub.count,
    today: localDate,
    excludeIds: input.postedPaperIds,
    ...(sub.topic ? { topic: sub.topic } : {}),
    ...(input.signals ? { signals: input.signals } : {}),
  });
  if (!result.ok && result.error.code === 'not_ready') return result;
  if (!result.ok) return ok(channelLine(`Today's digest${about} could not be made: ${result.error.message} Change the topic with /papers subscribe.`));
  if (result.value.length === 0) {
    const text = sub.topic ? `No new trending papers on “${sub.topic}” today.` : 'No new trending papers today: everything trending has been posted here already.';
    return ok(channelLine(text, `${heading}: ${text}`));
  }
  const footer = `${result.value.length} of today's trending papers not posted here before · /papers trending for more · /papers unsubscribe to stop`;
  return ok(listed(heading, result.value, footer, sub.threads === true));
}

/** A digest that is one line in the channel ("nothing new today"): no papers, nothing to record. */
export function channelLine(text: string, fallback: string = text): ComposedDigest {
  return { message: { visibility: 'channel', fallback, blocks: [{ type: 'text', text }] }, paperIds: [] };
}

/** The papers under their heading, a card each and the footer last; or, with threads on, the header and a card per thread reply. */
export function listed(heading: string, entries: readonly TrendingEntry[], footer: string, threads: boolean): ComposedDigest {
  if (threads) return threaded(heading, entries, footer);
  const titles = entries.map((e, i) => `${i + 1}. ${e.paper.title}`).join(' ');
  return {
    message: {
      visibility: 'channel',
      fallback: `${heading}: ${titles}`,
      blocks: [{ type: 'heading', text: heading }, ...entries.map((entry, i) => ({ type: 'paper' as const, card: digestCard(entry, i + 1) })), { type: 'note', text: footer }],
    },
    paperIds: entries.map((e) => e.paper.id),
  };
}
