/**
 * "Friday 27 November 2026" for 2026-11-27: built from parts, so no ICU version can slip a
 * comma in, and the server's own locale and zone play no part.
 */
const part = (localDate: string, options: Intl.DateTimeFormatOptions): string => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(`${localDate}T12:00:00Z`));

export function longDate(localDate: string, { withYear = true } = {}): string {
  const words = [part(localDate, { weekday: 'long' }), String(Number(localDate.slice(8, 10))), part(localDate, { month: 'long' })];
  if (withYear) words.push(localDate.slice(0, 4));
  return words.join(' ');
}
