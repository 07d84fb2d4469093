import { localDateOf, weekdayOf, zonedInstant } from '../scheduling/zoned-time.js';
import { longDate } from '../text/long-date.js';
import type { SubscriptionSettings } from './subscription.js';

const DAY_MS = 86_400_000;

/** The next local date after `localDate` (calendar arithmetic, no time zone involved). */
function nextDate(localDate: string): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * When the next digest is due at or after `now`: today's slot if still ahead (and today's
 * digest has not already gone out, `doneToday`), else the next day that qualifies.
 */
export function nextDigestAt(settings: SubscriptionSettings, now: Date, doneToday = false): { localDate: string; at: Date } {
  const today = localDateOf(now, settings.timezone);
  let localDate = today;
  for (let i = 0; i < 8; i += 1) {
    const weekday = weekdayOf(localDate);
    const allowed = settings.days === 'daily' || (weekday !== 0 && weekday !== 6);
    const at = zonedInstant(localDate, settings.time, settings.timezone);
    if (allowed && at.getTime() >= now.getTime() && !(doneToday && localDate === today)) return { localDate, at };
    localDate = nextDate(localDate);
  }
  throw new Error('no digest day within a week: days setting is broken');
}

/** "Monday 30 November at 09:00 (Europe/Berlin)". */
export function describeWhen(localDate: string, settings: SubscriptionSettings): string {
  return `${longDate(localDate, { withYear: false })} at ${settings.time} (${settings.timezone})`;
}
