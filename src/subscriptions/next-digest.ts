import { isDigestDay, slotKey } from '../scheduling/due-slots.js';
import { addDays } from '../scheduling/iso-week.js';
import { localDateOf, zonedInstant } from '../scheduling/zoned-time.js';
import { longDate } from '../text/long-date.js';
import { digestKind, type SubscriptionSettings } from './subscription.js';

/**
 * When the next digest is due at or after `now`: the next day that qualifies whose time is
 * still ahead. `doneNow` says the current slot has gone out (or failed for good): today's
 * for a daily digest, this ISO week's for a weekly one, so a weekly digest moved to a later
 * day of a week that already had its digest starts next week.
 */
export function nextDigestAt(settings: SubscriptionSettings, now: Date, doneNow = false): { localDate: string; at: Date } {
  const kind = digestKind(settings.days);
  const today = localDateOf(now, settings.timezone);
  const done = doneNow ? slotKey(kind, today) : undefined;
  let localDate = today;
  for (let i = 0; i < 15; i += 1) {
    const at = zonedInstant(localDate, settings.time, settings.timezone);
    if (isDigestDay(settings.days, localDate) && at.getTime() >= now.getTime() && slotKey(kind, localDate) !== done) return { localDate, at };
    localDate = addDays(localDate, 1);
  }
  throw new Error('no digest day within two weeks: days setting is broken');
}

/** "Monday 30 November at 09:00 (Europe/Berlin)". */
export function describeWhen(localDate: string, settings: SubscriptionSettings): string {
  return `${longDate(localDate, { withYear: false })} at ${settings.time} (${settings.timezone})`;
}
