import type { Paper } from '../model/paper.js';
import type { PaperTable } from '../ports/paper-table.port.js';
import { fail, ok, type Result } from '../result.js';
import type { SearchEngine } from '../search/search-engine.js';
import type { TeamSignals } from './trending-score.js';
import { trending, type TrendingEntry } from './trending.js';
import { windowTrending } from './window-trending.js';

/**
 * "What is trending" over a corpus of any size: only papers seen in a feed in the last
 * TRENDING_WINDOW_DAYS can score (a listing a month old has decayed to a billionth of a
 * fresh one), so trending reads those, never the whole corpus. The candidates are cached
 * per day until papers change, so a fan-out of many digests reads them once.
 */
export interface TrendingRequest {
  readonly limit: number;
  /** Day to score for (YYYY-MM-DD); default: the corpus's latest feed day. */
  readonly today?: string;
  /** Only papers about this (every word must match, acronyms count). */
  readonly topic?: string;
  readonly excludeIds?: ReadonlySet<string>;
  readonly signals?: ReadonlyMap<string, TeamSignals>;
  /**
   * Score the `windowDays` days ending on `today` alike, with the team's signals counting
   * on their own (a weekly round-up: window-trending.ts); default: daily trending, which
   * decays by age.
   */
  readonly windowDays?: number;
}

export const MAX_TRENDING = 50;
export const TRENDING_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

function daysBefore(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(time) ? new Date(time - days * DAY_MS).toISOString().slice(0, 10) : '0000-00-00';
}

export class TrendingQuery {
  readonly #engine: SearchEngine;
  #cache: { key: string; papers: Paper[] } | undefined;

  constructor(engine: SearchEngine) {
    this.#engine = engine;
  }

  run(request: TrendingRequest): Result<TrendingEntry[]> {
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_TRENDING) {
      return fail('bad_argument', `Ask for 1 to ${MAX_TRENDING} trending papers, not ${request.limit}.`);
    }
    const { windowDays } = request;
    if (windowDays !== undefined && (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > TRENDING_WINDOW_DAYS)) {
      return fail('bad_argument', `A trending window is 1 to ${TRENDING_WINDOW_DAYS} days, not ${windowDays}.`);
    }
    const table = this.#engine.papers.table;
    const today = request.today ?? table.latestFeedDate() ?? '1970-01-01';
    let candidates = this.#candidates(table, daysBefore(today, TRENDING_WINDOW_DAYS));
    // A round-up also holds what the team picked out, whenever the feeds listed it.
    if (windowDays !== undefined && request.signals) candidates = withSignalled(candidates, request.signals, table);
    if (request.topic !== undefined) {
      const about = this.#engine.topicMatches(request.topic, new Set(candidates.map((p) => p.id)));
      if (!about.ok) return about;
      candidates = candidates.filter((paper) => about.value.has(paper.id));
    }
    const shared = {
      ...(request.excludeIds ? { excludeIds: request.excludeIds } : {}),
      ...(request.signals ? { signals: request.signals } : {}),
    };
    if (windowDays !== undefined) return ok(windowTrending(candidates, request.limit, { from: daysBefore(today, windowDays - 1), to: today, ...shared }));
    return ok(trending(candidates, request.limit, { today, ...shared }));
  }

  #candidates(table: PaperTable, since: string): Paper[] {
    const key = `${since} ${table.version}`;
    if (this.#cache?.key !== key) this.#cache = { key, papers: table.appearingSince(since) };
    return this.#cache.papers;
  }
}

/** `papers` plus every paper with a team signal (looked up by id), each once. */
function withSignalled(papers: Paper[], signals: ReadonlyMap<string, TeamSignals>, table: PaperTable): Paper[] {
  const seen = new Set(papers.map((p) => p.id));
  const extra: Paper[] = [];
  for (const id of signals.keys()) {
    const paper = seen.has(id) ? undefined : table.byId(id);
    if (paper) extra.push(paper);
  }
  return extra.length > 0 ? [...papers, ...extra] : papers;
}
