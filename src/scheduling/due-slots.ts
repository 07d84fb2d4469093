import type { Subscription } from '../subscriptions/subscription.js';
import { localDateOf, weekdayOf, zonedInstant } from './zoned-time.js';

/** One digest that should go out now: a subscription's slot on one of its local dates. */
export interface DueSlot {
  readonly subscription: Subscription;
  /** The subscriber's calendar date the digest belongs to, `YYYY-MM-DD`: the slot's key. */
  readonly localDate: string;
  /** When the digest was due; never after `now`. */
  readonly slotAt: Date;
}

/** How long after its time a missed digest is still posted (a process started late). */
export const DEFAULT_CATCH_UP_MS = 6 * 60 * 60 * 1000;

const SATURDAY = 6;
const SUNDAY = 0;

/** The calendar day before `localDate`. */
function dayBefore(localDate: string): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function slotFor(subscription: Subscription, localDate: string): DueSlot | undefined {
  if (subscription.days === 'weekdays') {
    const weekday = weekdayOf(localDate);
    if (weekday === SATURDAY || weekday === SUNDAY) return undefined;
  }
  return { subscription, localDate, slotAt: zonedInstant(localDate, subscription.time, subscription.timezone) };
}

/**
 * The slots due at `now`: for each enabled subscription, today's slot in its own zone once
 * its time has come, for `catchUpMs` after that (so a process started late still posts the
 * day's digest, and the per-minute tick keeps offering it until storage says it is done).
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

    const yesterday = dayBefore(today);
    const carried = slotFor(subscription, yesterday);
    if (isDue(carried) && localDateOf(carried.slotAt, subscription.timezone) === today) due.push(carried);
  }
  return due;
}
