import type { NewAlert } from '../src/alerts/alert.js';
import { type AuthorName, namesMatch, parseAuthorName } from '../src/follows/author-names.js';
import type { Follow } from '../src/follows/follow.js';
import { AlertCollector, authorReason, followedName, followedWords, paperTerms, topicReason, versionReason } from '../src/follows/follow-alerts.js';
import { createFollowMatcher, type FeedNews } from '../src/follows/follow-matcher.js';
import { personKey } from '../src/personal/person.js';
import { type AlertsWorkloadOptions, buildAlertsWorkload } from './alerts-workload.js';
import { mb, median, ratio, round } from './stats.js';

/**
 * Follow alerts: 10,000 follows of 2,000 people matched against one 500-paper feed day
 * and its new versions, as a feed read does (build the matcher from every follow, match
 * the news). The yardstick, measured in the same run, is the obvious matcher: every
 * follow checked against every paper with the same semantics (names parsed and paper
 * words analysed once, but no index). Both must give the very same alerts.
 */
export interface AlertsBenchReport {
  readonly follows: number;
  readonly kinds: { readonly author: number; readonly topic: number; readonly paper: number };
  readonly people: number;
  readonly papers: number;
  readonly newVersions: number;
  readonly runs: number;
  /** The first read, before the analyser's word cache is warm. */
  readonly firstReadMs: number;
  /** Medians over `runs` feed reads: building the matcher from the follows, matching the news, both. */
  readonly buildMs: number;
  readonly matchMs: number;
  readonly totalMs: number;
  readonly naiveMs: number;
  /** The part of naiveMs spent parsing names and analysing texts once, which the indexed matcher does as well. */
  readonly naivePrepareMs: number;
  readonly naiveRuns: number;
  /** Naive ÷ indexed: how many times faster the index is. */
  readonly speedup: number;
  /** One read: heap grown (garbage included), heap still held by the matcher and its alerts, RSS grown. */
  readonly heapDeltaMb: number;
  readonly heapRetainedMb: number;
  readonly rssDeltaMb: number;
  readonly rssMb: number;
  readonly alerts: number;
  /** People with at least one alert: the direct messages this read would send (one per person). */
  readonly directMessages: number;
  readonly reasons: { readonly author: number; readonly topic: number; readonly version: number };
  readonly identical: boolean;
}

interface NaivePrepared {
  readonly follows: readonly Follow[];
  readonly news: FeedNews;
  readonly termsOf: ReadonlyArray<ReadonlySet<string>>;
  readonly authorsOf: ReadonlyArray<ReadonlyArray<AuthorName | undefined>>;
  readonly names: ReadonlyArray<AuthorName | undefined>;
  readonly words: ReadonlyArray<readonly string[]>;
}

/** What the yardstick does once, as the indexed matcher does too: parse every name, analyse every text. */
export function prepareNaive(follows: readonly Follow[], news: FeedNews): NaivePrepared {
  return {
    follows,
    news,
    termsOf: news.added.map(paperTerms),
    authorsOf: news.added.map((paper) => paper.authors.map(parseAuthorName)),
    names: follows.map((f) => (f.kind === 'author' ? followedName(f) : undefined)),
    words: follows.map((f) => (f.kind === 'topic' ? followedWords(f) : [])),
  };
}

/** The yardstick: every follow against every paper, with the matcher's own semantics and reasons. */
export function naiveMatch(follows: readonly Follow[], news: FeedNews, prepared: NaivePrepared = prepareNaive(follows, news)): NewAlert[] {
  const found = new AlertCollector();
  const { termsOf, authorsOf, names, words } = prepared;
  follows.forEach((follow, order) => {
    if (follow.kind === 'paper') {
      news.newVersions.forEach((paper, i) => {
        if (paper.id === follow.key) found.add(follow, order, paper, news.added.length + i, versionReason(paper), paper.arxivVersion ?? 0);
      });
      return;
    }
    const name = names[order];
    const topic = words[order]!;
    news.added.forEach((paper, i) => {
      if (follow.kind === 'topic') {
        const have = termsOf[i]!;
        if (topic.length > 0 && topic.every((w) => have.has(w))) found.add(follow, order, paper, i, topicReason(follow));
        return;
      }
      if (name === undefined) return;
      const author = authorsOf[i]!.find((a) => a !== undefined && namesMatch(name, a));
      if (author) found.add(follow, order, paper, i, authorReason(follow, author));
    });
  });
  return found.alerts();
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export interface AlertsBenchOptions extends AlertsWorkloadOptions {
  readonly runs: number;
  readonly log: (line: string) => void;
}

export function benchFollowAlerts(options: AlertsBenchOptions): AlertsBenchReport {
  options.log(`[alerts] ${options.follows} follows of ${options.people} people from ${options.background} known papers, a ${options.papers}-paper feed day…`);
  const { follows, news, kinds, people } = buildAlertsWorkload(options);

  // The first feed read (cold: nothing parsed or analysed before), measured for memory.
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  let matcher = createFollowMatcher(follows);
  let alerts = matcher.match(news);
  const firstReadMs = performance.now() - started;
  const after = process.memoryUsage();
  gc();
  const heapRetained = process.memoryUsage().heapUsed - before.heapUsed;

  options.log(`[alerts] ${options.runs} reads with the index…`);
  const build: number[] = [];
  const match: number[] = [];
  const total: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const t0 = performance.now();
    matcher = createFollowMatcher(follows);
    const t1 = performance.now();
    alerts = matcher.match(news);
    const t2 = performance.now();
    build.push(t1 - t0);
    match.push(t2 - t1);
    total.push(t2 - t0);
  }
  const naiveRuns = Math.max(1, Math.min(3, options.runs));
  options.log(`[alerts] ${naiveRuns} reads checking every follow against every paper…`);
  const naive: number[] = [];
  const naivePrepare: number[] = [];
  let naiveAlerts: NewAlert[] = [];
  for (let run = 0; run < naiveRuns; run += 1) {
    const t0 = performance.now();
    const prepared = prepareNaive(follows, news);
    const t1 = performance.now();
    naiveAlerts = naiveMatch(follows, news, prepared);
    naive.push(performance.now() - t0);
    naivePrepare.push(t1 - t0);
  }
  const identical = JSON.stringify(naiveAlerts) === JSON.stringify(alerts);
  if (!identical) throw new Error(`the indexed matcher gave ${alerts.length} alerts, checking every follow gave ${naiveAlerts.length}: they must agree`);

  const reasons = alerts.flatMap((a) => a.reasons);
  return {
    follows: follows.length,
    kinds,
    people,
    papers: news.added.length,
    newVersions: news.newVersions.length,
    runs: options.runs,
    firstReadMs: round(firstReadMs),
    buildMs: round(median(build)),
    matchMs: round(median(match)),
    totalMs: round(median(total)),
    naiveMs: round(median(naive)),
    naivePrepareMs: round(median(naivePrepare)),
    naiveRuns,
    speedup: ratio(median(naive), median(total)),
    heapDeltaMb: mb(Math.max(0, after.heapUsed - before.heapUsed)),
    heapRetainedMb: mb(Math.max(0, heapRetained)),
    rssDeltaMb: mb(Math.max(0, after.rss - before.rss)),
    rssMb: mb(after.rss),
    alerts: alerts.length,
    directMessages: new Set(alerts.map(personKey)).size,
    reasons: {
      author: reasons.filter((r) => r.startsWith('author ')).length,
      topic: reasons.filter((r) => r.startsWith('topic: ')).length,
      version: reasons.filter((r) => r.startsWith('new version')).length,
    },
    identical,
  };
}

export function alertsTable(r: AlertsBenchReport): string {
  return [
    `\nFollow alerts: ${r.follows} follows (${r.kinds.author} authors, ${r.kinds.topic} topics, ${r.kinds.paper} papers) of ${r.people} people vs a ${r.papers}-paper feed day + ${r.newVersions} new versions`,
    `  indexed  build ${r.buildMs} ms + match ${r.matchMs} ms = ${r.totalMs} ms per feed read (median of ${r.runs}; the first, cold: ${r.firstReadMs} ms)`,
    `           heap +${r.heapDeltaMb} MB during a read (${r.heapRetainedMb} MB kept by the matcher and its alerts), RSS ${r.rssMb} MB (+${r.rssDeltaMb} MB)`,
    `  naive    every follow × every paper: ${r.naiveMs} ms (median of ${r.naiveRuns}; ${r.naivePrepareMs} ms of it parsing and analysing, as the index does too), so the index is ${r.speedup}× faster; identical alerts: ${r.identical ? 'yes' : 'NO'}`,
    `  sends    ${r.alerts} alerts (${r.reasons.author} by author, ${r.reasons.topic} by topic, ${r.reasons.version} new versions) in ${r.directMessages} direct messages, one per person`,
  ].join('\n');
}
