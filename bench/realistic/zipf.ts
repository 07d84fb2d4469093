/**
 * Seeded helpers for the realistic corpus: stateless hashing (so "name #r" or "day #d" is
 * the same string on every run without remembering it) and Zipf-Mandelbrot ranks.
 */

/** A 32-bit mix of a few integers (murmur3's finalizer over a running hash). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Ranks can pass 2^32: fold the high bits in too.
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    for (const v of [lo, hi]) {
      h = Math.imul(h ^ v, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/**
 * Popularity ranks (0 = most popular) with P(rank >= r) = (1 + r/q)^-alpha. The tail is a
 * power law with Zipf exponent s = 1 + alpha, so the number of distinct ranks seen in n
 * draws grows like n^(1/s): Heaps' law with beta = 1/s. The offset q flattens the head,
 * so the favourite is common without taking half of all draws. Stateless: O(1), no table.
 */
export function zipfRank(rng: () => number, q: number, alpha: number): number {
  const u = 1 - rng(); // (0, 1]: never a division by zero
  return Math.min(Math.floor(q * (u ** (-1 / alpha) - 1)), 2 ** 48);
}

/** A uniform pick. */
export function pick<T>(list: readonly T[], rng: () => number): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** A pick weighted by `weights` (same length as `list`, not necessarily normalised). */
export function pickWeighted<T>(list: readonly T[], weights: readonly number[], rng: () => number): T {
  let total = 0;
  for (const w of weights) total += w;
  let u = rng() * total;
  for (let i = 0; i < list.length; i += 1) {
    u -= weights[i]!;
    if (u < 0) return list[i]!;
  }
  return list[list.length - 1]!;
}

/** Standard normal draw (Box-Muller; one of the pair is enough here). */
export function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
