import { isTimeZone } from './subscription.js';

/**
 * IANA time-zone names, with forgiving look-up: case does not matter, a city alone works
 * ("berlin", "new york"), current names work where the runtime's list still has the old
 * ones (Asia/Kolkata, Europe/Kyiv), and a near miss or an abbreviation gets a suggestion.
 */
const CURRENT_NAMES = ['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'Asia/Ho_Chi_Minh', 'Asia/Kathmandu', 'Asia/Yangon', 'Pacific/Kanton', 'Atlantic/Faroe'];
const ZONES: readonly string[] = [...new Set([...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES.filter(isTimeZone), 'UTC'])];
const BY_LOWER = new Map(ZONES.map((z) => [z.toLowerCase(), z]));
const BY_CITY = new Map<string, string>();
for (const zone of ZONES) {
  const city = zone.split('/').at(-1)!.toLowerCase();
  // Current names win over the legacy ones they replace.
  if (!BY_CITY.has(city) || CURRENT_NAMES.includes(zone)) BY_CITY.set(city, zone);
}
/** Abbreviations are ambiguous and ignore daylight saving; they get a suggestion, never a silent guess. */
const ABBREVIATIONS: Record<string, string> = {
  est: 'America/New_York',
  edt: 'America/New_York',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  bst: 'Europe/London',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  aest: 'Australia/Sydney',
  nyc: 'America/New_York',
  sf: 'America/Los_Angeles',
};

/** Every zone name, for autocomplete. */
export function timeZoneNames(): readonly string[] {
  return ZONES;
}

/** The canonical name for what was typed, or undefined. Anything the runtime accepts is accepted. */
export function canonicalTimeZone(input: string): string | undefined {
  const key = input.trim().toLowerCase().replace(/ +/g, '_');
  if (key === '') return undefined;
  if (key === 'gmt' || key === 'z' || key === 'utc') return 'UTC';
  const known = BY_LOWER.get(key) ?? BY_CITY.get(key);
  if (known) return known;
  // Etc/GMT+5, US/Pacific and other aliases the runtime knows but does not list.
  return /^[a-z]/.test(key) && key.includes('/') && isTimeZone(input.trim()) ? input.trim() : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A zone to suggest for an abbreviation or a typo, when one is close enough to be a good guess. */
export function suggestTimeZone(input: string): string | undefined {
  const key = input.trim().toLowerCase().replace(/ +/g, '_');
  const abbreviation = ABBREVIATIONS[key];
  if (abbreviation) return abbreviation;
  if (key.length < 4) return undefined;
  let best: { zone: string; d: number } | undefined;
  for (const zone of ZONES) {
    const d = Math.min(distance(key, zone.toLowerCase()), distance(key, zone.split('/').at(-1)!.toLowerCase()));
    if (!best || d < best.d) best = { zone, d };
  }
  return best && best.d <= Math.max(1, Math.floor(key.length / 4)) ? best.zone : undefined;
}

/** Whether a typed word stands for a time zone (so the subscribe grammar reads it as one). */
export function looksLikeTimeZone(token: string): boolean {
  const key = token.toLowerCase();
  return token.includes('/') || key in ABBREVIATIONS || canonicalTimeZone(token) !== undefined;
}
