import { paperActions } from '../commands/paper-actions.js';
import { summarize } from '../digest/summary.js';
import type { Block, Message, PaperCard } from '../messages/message.js';
import type { Paper } from '../model/paper.js';
import { parseArxivId } from '../ids/arxiv-id.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';
import type { NewAlert } from './alert.js';

/**
 * The direct message an alert sends: every paper that matched the person's follows since
 * their last alert, each with why it matched, in one message. The first MAX_ALERT_CARDS get
 * a card (title, link, authors, a short summary, Save and Cite); the rest are listed one line
 * each (title, first reason, link) in one text block that stays within what Slack and Discord
 * show whole; any beyond that are counted, never left out silently. All text is plain: the
 * renderers escape titles and reasons, so a hostile title pings nobody.
 */
export const ALERT_HEADING = 'New papers for you';
export const MAX_ALERT_CARDS = 10;
/** Characters of the listed titles: Discord shows 1,500 of a closing text, Slack 3,000 of a section. */
const LIST_MAX_CHARS = 1400;
const LINE_TITLE_MAX = 120;
const LINE_REASON_MAX = 80;
const REASON_MAX = 200;
const WHY_MAX = 600;
const CARD_SUMMARY_MAX = 200;
const CARD_AUTHORS = 6;
const FALLBACK_TITLES = 10;
const FALLBACK_TITLE_MAX = 100;

export const ALERT_FOOTER =
  'You get these because of what you follow. /papers following lists your follows and quiet hours; /papers unfollow 3 (or all) stops them; /papers quiet 22:00-08:00 Europe/Berlin holds them overnight.';

/** A matched paper to tell about: the alert, and the paper when this server knows it. */
type Matched = Pick<NewAlert, 'paperId' | 'reasons'>;

const clip = (text: string, max: number): string => truncateAtWord(cleanText(text), max);

/** Where a title links to: the paper's page, else arXiv's for an arXiv id; none for a paper this server does not know yet. */
function linkOf(paperId: string, paper: Paper | undefined): string | undefined {
  if (paper?.url) return paper.url;
  const arxiv = parseArxivId(paperId);
  return arxiv ? `https://arxiv.org/abs/${arxiv.id}` : undefined;
}

function reasonsOf(alert: Matched): string[] {
  const reasons = alert.reasons.map((r) => clip(r, REASON_MAX)).filter(Boolean);
  return reasons.length > 0 ? reasons : ['matches what you follow'];
}

function authorsOf(paper: Paper): string | undefined {
  if (paper.authors.length === 0) return undefined;
  const shown = paper.authors.slice(0, CARD_AUTHORS).join(', ');
  const more = paper.authors.length - CARD_AUTHORS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function alertCard(alert: Matched, paper: Paper | undefined, rank: number): PaperCard {
  const url = linkOf(alert.paperId, paper);
  const authors = paper ? authorsOf(paper) : undefined;
  const summary = paper ? summarize(paper.abstract, CARD_SUMMARY_MAX) : '';
  return {
    paperId: alert.paperId,
    title: paper?.title ?? alert.paperId,
    rank,
    ...(url ? { url } : {}),
    ...(authors ? { authors: clip(authors, 300) } : {}),
    ...(summary ? { summary } : {}),
    why: truncateAtWord(reasonsOf(alert).join(' · '), WHY_MAX),
    actions: paperActions(alert.paperId, ['save', 'cite']),
  };
}

/** `11. Title · author Yann LeCun · https://arxiv.org/abs/…`: one line, whatever the title holds. */
function listLine(alert: Matched, paper: Paper | undefined, n: number): string {
  const url = linkOf(alert.paperId, paper);
  const [first, ...others] = reasonsOf(alert);
  const reason = clip(first ?? '', LINE_REASON_MAX) + (others.length > 0 ? ` (+${others.length})` : '');
  return [`${n}. ${clip(paper?.title ?? alert.paperId, LINE_TITLE_MAX)}`, reason, url].filter(Boolean).join(' · ');
}

/** The lines after the cards, as many as fit, and a count of those that do not. */
function listed(rest: readonly Matched[], paperOf: (id: string) => Paper | undefined): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, alert] of rest.entries()) {
    const line = listLine(alert, paperOf(alert.paperId), MAX_ALERT_CARDS + i + 1);
    if (used + line.length + 1 > LIST_MAX_CHARS) {
      const left = rest.length - i;
      lines.push(`…and ${left} more paper${left === 1 ? '' : 's'} matched your follows. Too many? Narrow them with /papers following.`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

/**
 * One message for `alerts` (oldest first, as claimed), with `paperOf` to look papers up. A
 * paper this server does not know yet (another replica read it) is shown by its id and link.
 */
/** One entry per paper: two versions of one paper that waited together (quiet hours) are one card with both reasons. */
function perPaper(alerts: readonly Matched[]): Matched[] {
  const byPaper = new Map<string, Matched>();
  for (const alert of alerts) {
    const seen = byPaper.get(alert.paperId);
    byPaper.set(alert.paperId, seen ? { paperId: alert.paperId, reasons: [...new Set([...seen.reasons, ...alert.reasons])] } : alert);
  }
  return [...byPaper.values()];
}

export function composeAlertMessage(matched: readonly Matched[], paperOf: (paperId: string) => Paper | undefined): Message {
  if (matched.length === 0) throw new Error('an alert message needs at least one alert');
  const alerts = perPaper(matched);
  const carded = alerts.slice(0, MAX_ALERT_CARDS);
  const rest = alerts.slice(MAX_ALERT_CARDS);
  const blocks: Block[] = [{ type: 'heading', text: ALERT_HEADING }, ...carded.map((alert, i) => ({ type: 'paper' as const, card: alertCard(alert, paperOf(alert.paperId), i + 1) }))];
  if (rest.length > 0) blocks.push({ type: 'text', text: listed(rest, paperOf) });
  const count = `${alerts.length} new paper${alerts.length === 1 ? '' : 's'} matched what you follow.`;
  blocks.push({ type: 'note', text: `${count} ${ALERT_FOOTER}` });
  const titles = alerts.slice(0, FALLBACK_TITLES).map((a, i) => `${i + 1}. ${clip(paperOf(a.paperId)?.title ?? a.paperId, FALLBACK_TITLE_MAX)}`);
  const more = alerts.length > FALLBACK_TITLES ? ` and ${alerts.length - FALLBACK_TITLES} more` : '';
  // A direct message is seen by its person only, like a private reply.
  return { visibility: 'private', fallback: `${ALERT_HEADING}: ${titles.join(' ')}${more}`, blocks };
}
