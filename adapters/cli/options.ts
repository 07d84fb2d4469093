import { InvalidArgumentError } from 'commander';

/** Option parsers that refuse bad values with a message saying what a good one looks like. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`use a whole number from ${min} to ${max}, e.g. ${Math.min(max, Math.max(min, 10))}.`);
    }
    return n;
  };
}

export function isoDate(value: string): string {
  const iso = value.trim();
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(iso)) {
    throw new InvalidArgumentError('use a date as YYYY-MM-DD, e.g. 2026-11-26.');
  }
  return iso;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
