/**
 * "Friday 27 November 2026" for 2026-11-27: built from parts, so no ICU version can slip a
 * comma in, and the server's own locale and zone play no part. The formatters are made
 * once: each new Intl.DateTimeFormat costs ICU a few hundred µs and native memory the
 * garbage collector does not see, and a page shows dozens of dates.
 */
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

const part = (localDate: string, format: Intl.DateTimeFormat): string => format.format(new Date(`${localDate}T12:00:00Z`));

export function longDate(localDate: string, { withYear = true } = {}): string {
  const words = [part(localDate, WEEKDAY), String(Number(localDate.slice(8, 10))), part(localDate, MONTH)];
  if (withYear) words.push(localDate.slice(0, 4));
  return words.join(' ');
}
