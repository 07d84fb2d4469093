/** Small numeric helpers for latency samples. */

/** Nearest-rank percentile (q in 0..1) of samples; NaN when there are none. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Rounded for reports: 3 significant-ish decimals below 10, 1 decimal above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) < 10 ? 3 : 1;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** paperboy ÷ yardstick, the figure that survives noisy machines. */
export function ratio(paperboy: number, yardstick: number): number {
  return yardstick > 0 ? round(paperboy / yardstick) : Number.NaN;
}

export function mb(bytes: number): number {
  return round(bytes / 1024 / 1024);
}

/** Throughput and latency of a timed run of requests. */
export function throughputAndLatency(run: { times: readonly number[]; seconds: number }): { perSecond: number; p50: number; p99: number } {
  return { perSecond: round(run.times.length / run.seconds), p50: round(percentile(run.times, 0.5)), p99: round(percentile(run.times, 0.99)) };
}
