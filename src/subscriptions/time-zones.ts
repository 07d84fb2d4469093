/**
 * IANA time-zone names, with forgiving look-up: case does not matter, a city alone works
 * ("berlin" → Europe/Berlin), and a near miss gets a suggestion.
 */
const ZONES: readonly string[] = [...Intl.supportedValuesOf('timeZone'), 'UTC'];
const BY_LOWER = new Map(ZONES.map((z) => [z.toLowerCase(), z]));
const BY_CITY = new Map<string, string>();
for (const zone of ZONES) {
  const city = zone.split('/').at(-1)!.toLowerCase();
  if (!BY_CITY.has(city)) BY_CITY.set(city, zone);
}

/** Every zone name, for autocomplete. */
export function timeZoneNames(): readonly string[] {
  return ZONES;
}

/** The canonical name for what was typed, or undefined. */
export function canonicalTimeZone(input: string): string | undefined {
  const key = input.trim().toLowerCase().replace(/ /g, '_');
  if (key === 'gmt' || key === 'z' || key === 'utc') return 'UTC';
  return BY_LOWER.get(key) ?? BY_CITY.get(key);
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

/** The closest zone name to a typo, when one is close enough to be a good guess. */
export function suggestTimeZone(input: string): string | undefined {
  const key = input.trim().toLowerCase();
  let best: { zone: string; d: number } | undefined;
  for (const zone of ZONES) {
    const d = Math.min(distance(key, zone.toLowerCase()), distance(key, zone.split('/').at(-1)!.toLowerCase()));
    if (!best || d < best.d) best = { zone, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 4)) ? best.zone : undefined;
}
