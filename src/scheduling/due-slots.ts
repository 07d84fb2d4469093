import { type DigestDays, type DigestKind, WEEKDAYS, type Subscription } from '../subscriptions/subscription.js';
import { addDays, isoWeekOf } from './iso-week.js';
import { localDateOf, weekdayOf, zonedInstant } from './zoned-time.js';

/** One digest that should go out now: a subscription's slot on one of its local dates. */
export interface DueSlot {
  readonly subscription: Subscription;
  /**
   * The slot's key, what storage claims exactly once: the subscriber's calendar date
   * (`YYYY-MM-DD`) for a daily digest, the subscriber's ISO week (`2026-W49`) for a weekly one.
   */
  readonly localDate: string;
  /** The subscriber's calendar date the digest is due on, `YYYY-MM-DD` (for a daily digest, `localDate`). */
  readonly day: string;
  /** When the digest was due; never after `now`. */
  readonly slotAt: Date;
}

/** How long after its time a missed digest is still posted (a process started late). */
export const DEFAULT_CATCH_UP_MS = 6 * 60 * 60 * 1000;

const SATURDAY = 6;
const SUNDAY = 0;

/** Whether a digest with these days goes out on `localDate`. */
export function isDigestDay(days: DigestDays, localDate: string): boolean {
  const weekday = weekdayOf(localDate);
  if (days === 'daily') return true;
  if (days === 'weekdays') return weekday !== SATURDAY && weekday !== SUNDAY;
  return WEEKDAYS[weekday] === days;
}

/** The key of the slot a digest due on `localDate` fills: that date, or its ISO week for a weekly digest. */
export function slotKey(kind: DigestKind, localDate: string): string {
  return kind === 'weekly' ? isoWeekOf(localDate) : localDate;
}

function slotFor(subscription: Subscription, day: string): DueSlot | undefined {
  if (!isDigestDay(subscription.days, day)) return undefined;
  return { subscription, localDate: slotKey(subscription.kind, day), day, slotAt: zonedInstant(day, subscription.time, subscription.timezone) };
}

/**
 * The slots due at `now`: for each enabled subscription, today's slot in its own zone once
 * its time has come, for `catchUpMs` after that (so a process started late still posts the
 * day's digest, and the per-minute tick keeps offering it until storage says it is done).
 * A weekly digest is due the same way on its one day of the week, keyed by that day's ISO
 * week, so whatever happens within the week it goes out at most once.
 * The grace never reaches into the next local day: a digest that missed its day is not
 * worth posting the morning after, next to that day's own.
 *
 * Subscriptions marked `failing` are offered too: storage lets each day's slot be tried, so
 * a channel whose permission was restored recovers by itself on its next day.
 *
 * A slot whose time had passed before the subscription was last saved is not due: a
 * channel that subscribes (or moves its time) at 19:00 for 15:00 gets its first digest
 * tomorrow, as the confirmation said, not a surprise one a minute later.
 *
 * One wrinkle: where a spring-forward gap spans midnight (America/Nuuk jumps from 23:00 to
 * 00:00), yesterday's 23:30 only exists as today's 00:30; it is offered then, under
 * yesterday's date, rather than lost.
 */
export function dueSlots(subscriptions: readonly Subscription[], now: Date, catchUpMs: number = DEFAULT_CATCH_UP_MS): DueSlot[] {
  const due: DueSlot[] = [];
  const nowMs = now.getTime();
  const isDue = (slot: DueSlot | undefined): slot is DueSlot =>
    slot !== undefined && slot.slotAt.getTime() <= nowMs && nowMs < slot.slotAt.getTime() + catchUpMs && slot.slotAt.getTime() >= slot.subscription.updatedAt;

  for (const subscription of subscriptions) {
    if (!subscription.enabled) continue;
    const today = localDateOf(now, subscription.timezone);

    const todays = slotFor(subscription, today);
    // Only today's own slot: one whose wall time fell in a gap and was pushed into tomorrow
    // is offered tomorrow, by the branch below.
    if (isDue(todays) && localDateOf(todays.slotAt, subscription.timezone) === today) {
      due.push(todays);
      continue;
    }

    const yesterday = addDays(today, -1);
    const carried = slotFor(subscription, yesterday);
    if (isDue(carried) && localDateOf(carried.slotAt, subscription.timezone) === today) due.push(carried);
  }
  return due;
}
