import type { Paperboy } from '../paperboy.js';
import { ok, type Result } from '../result.js';
import { addDays, isoWeekOf, mondayOfIsoWeek, weekNumber } from '../scheduling/iso-week.js';
import { zonedInstant } from '../scheduling/zoned-time.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { TeamSignals } from '../trending/trending-score.js';
import { channelLine, listed, type ComposedDigest } from './compose-digest.js';

/**
 * The weekly digest for one channel: the week's top papers for this team, from trending
 * over the last seven local days (every day alike) and what the team did with papers in
 * them (saves, 👍, discussion), each card saying why ("saved by 4 teammates · discussed 12
 * times · #1 on hf-trending …"). Never a paper this weekly digest posted before; the
 * channel's daily digest keeps its own record, so a paper of Tuesday's daily digest can be
 * the week's top paper too.
 */
export const WEEKLY_WINDOW_DAYS = 7;

export interface WeeklyDigestInput {
  readonly paperboy: Paperboy;
  readonly subscription: Subscription;
  /** The channel's local date the digest is due on (YYYY-MM-DD): the last day counted. */
  readonly day: string;
  readonly postedPaperIds: ReadonlySet<string>;
  /** This team's signals given since `weeklyWindow(…).since`. */
  readonly signals?: ReadonlyMap<string, TeamSignals>;
}

export interface WeeklyWindow {
  /** First and last local day counted (YYYY-MM-DD). */
  readonly from: string;
  readonly to: string;
  /** Local midnight starting `from`, epoch ms: the team signals to count are those since. */
  readonly since: number;
}

/** The seven local days ending on `day`, in the subscriber's zone. */
export function weeklyWindow(day: string, timezone: string): WeeklyWindow {
  const from = addDays(day, 1 - WEEKLY_WINDOW_DAYS);
  return { from, to: day, since: zonedInstant(from, '00:00', timezone).getTime() };
}

const dayMonth = (localDate: string): string => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${localDate}T12:00:00Z`));

/** "7 – 13 December 2026", "30 November – 6 December 2026", "28 December 2026 – 3 January 2027". */
export function dateRange(from: string, to: string): string {
  const year = to.slice(0, 4);
  if (from.slice(0, 4) !== year) return `${dayMonth(from)} ${from.slice(0, 4)} – ${dayMonth(to)} ${year}`;
  const start = from.slice(0, 7) === to.slice(0, 7) ? String(Number(from.slice(8, 10))) : dayMonth(from);
  return `${start} – ${dayMonth(to)} ${year}`;
}

/** "Week 49 · 30 November – 6 December 2026": the ISO week `day` is in, which is the digest's slot. */
export function weekHeading(day: string): string {
  const week = isoWeekOf(day);
  const monday = mondayOfIsoWeek(week);
  return `Week ${weekNumber(week)} · ${dateRange(monday, addDays(monday, 6))}`;
}

/** The digest, or `not_ready` while the index is being built (the scheduler tries again later). */
export async function composeWeeklyDigest(input: WeeklyDigestInput): Promise<Result<ComposedDigest>> {
  const { subscription: sub, day } = input;
  const about = sub.topic ? ` on “${sub.topic}”` : '';
  const heading = `This week’s top papers${about} · ${weekHeading(day)}`;
  const window = weeklyWindow(day, sub.timezone);
  const result = await input.paperboy.trending({
    limit: sub.count,
    today: day,
    windowDays: WEEKLY_WINDOW_DAYS,
    excludeIds: input.postedPaperIds,
    ...(sub.topic ? { topic: sub.topic } : {}),
    ...(input.signals ? { signals: input.signals } : {}),
  });
  if (!result.ok && result.error.code === 'not_ready') return result;
  if (!result.ok) return ok(channelLine(`This week's digest${about} could not be made: ${result.error.message} Change the topic with /papers subscribe weekly.`));
  const counted = dateRange(window.from, window.to);
  if (result.value.length === 0) {
    const text = sub.topic
      ? `No new papers on “${sub.topic}” this week (${counted}).`
      : `No new papers this week (${counted}): nothing trended or was saved, 👍 or discussed here that this digest has not posted already.`;
    return ok(channelLine(text, `${heading}: ${text}`));
  }
  const footer = `Counted ${counted}: the feeds' trending papers, and this team's saves, 👍 and discussion · none posted in this weekly digest before · /papers unsubscribe weekly to stop`;
  return ok(listed(heading, result.value, footer, sub.threads === true));
}
