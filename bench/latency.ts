import type { SearchEngine } from '../src/index.js';
import type { Fts5Yardstick } from './fts5-yardstick.js';
import type { MiniSearchFloor } from './minisearch-floor.js';
import { wordCount } from './queries.js';
import { percentile, round } from './stats.js';

/**
 * Query latency of paperboy and FTS5 on the same queries, interleaved query by query so
 * that a noisy moment on the machine (another process, a CPU frequency change) hits both
 * engines alike instead of skewing one of them.
 */
export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

export interface LatencyReport {
  readonly queriesTimed: number;
  readonly queriesPlanned: number;
  /** True when the time budget ran out before the planned queries did. */
  readonly budgetHit: boolean;
  readonly failures: number;
  /** Full pipeline with snippets: what a user gets. */
  readonly paperboy: LatencySummary;
  /** Ranking only, no snippets: closest to what the FTS5 query does. */
  readonly paperboyNoSnippets: LatencySummary;
  readonly fts5: LatencySummary;
  /** MiniSearch alone (one field, flat OR): the floor for any engine built on it. */
  readonly minisearchFloor: LatencySummary;
  /** The same three, by number of query words (1, 2, 3). */
  readonly byWords: Record<string, { paperboy: LatencySummary; paperboyNoSnippets: LatencySummary; fts5: LatencySummary }>;
}

function summarize(samples: readonly number[]): LatencySummary {
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    samples: samples.length,
    p50: round(percentile(samples, 0.5)),
    p99: round(percentile(samples, 0.99)),
    mean: round(samples.length ? total / samples.length : Number.NaN),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
  };
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export interface LatencyOptions {
  readonly warmup: readonly string[];
  readonly queries: readonly string[];
  /** Stop timing after this many ms of wall time (big corpora); the summary says so. */
  readonly budgetMs: number;
}

export function measureLatency(paperboy: SearchEngine, fts5: Fts5Yardstick, floor: MiniSearchFloor, options: LatencyOptions): LatencyReport {
  let failures = 0;
  const run = (query: string, snippets: boolean): void => {
    const result = paperboy.search({ query, limit: 10, snippets });
    // Counted once per query (the snippet run): a failed search would flatter the figures.
    if (!result.ok && snippets) failures += 1;
  };
  // Warm-up lets the JIT compile both paths before anything is timed.
  for (const query of options.warmup) {
    run(query, true);
    run(query, false);
    fts5.search(query);
    floor.search(query);
  }
  failures = 0;

  type Sample = { words: number; full: number; bare: number; fts: number; floor: number };
  const samples: Sample[] = [];
  const deadline = performance.now() + options.budgetMs;
  for (const [i, query] of options.queries.entries()) {
    if (performance.now() > deadline) break;
    // Rotate which engine goes first, so none always runs right after the other's garbage.
    const order = i % 4;
    let full = 0;
    let bare = 0;
    let fts = 0;
    let bottom = 0;
    const steps = [
      () => (full = time(() => run(query, true))),
      () => (bare = time(() => run(query, false))),
      () => (fts = time(() => fts5.search(query))),
      () => (bottom = time(() => floor.search(query))),
    ];
    for (let s = 0; s < steps.length; s += 1) steps[(s + order) % steps.length]!();
    samples.push({ words: wordCount(query), full, bare, fts, floor: bottom });
  }

  const byWords: LatencyReport['byWords'] = {};
  for (const words of [1, 2, 3]) {
    const some = samples.filter((s) => s.words === words);
    byWords[String(words)] = {
      paperboy: summarize(some.map((s) => s.full)),
      paperboyNoSnippets: summarize(some.map((s) => s.bare)),
      fts5: summarize(some.map((s) => s.fts)),
    };
  }
  return {
    queriesTimed: samples.length,
    queriesPlanned: options.queries.length,
    budgetHit: samples.length < options.queries.length,
    failures,
    paperboy: summarize(samples.map((s) => s.full)),
    paperboyNoSnippets: summarize(samples.map((s) => s.bare)),
    fts5: summarize(samples.map((s) => s.fts)),
    minisearchFloor: summarize(samples.map((s) => s.floor)),
    byWords,
  };
}
