import { cpus, totalmem } from 'node:os';
import { benchCorpus, type SizeReport } from './corpus-bench.js';
import { benchFanout, fanoutTable, type FanoutReport } from './digest-fanout.js';
import { ackTable, benchSlackAcks, type AckReport } from './slack-acks.js';
import { benchDiscordInteractions, interactionTable, type InteractionReport } from './discord-interactions.js';
import { benchIngest, ingestTable, type IngestBenchReport } from './ingest-bench.js';
import { alertsTable, benchFollowAlerts, type AlertsBenchReport } from './follow-alerts.js';
import { benchPages, type PagesReport } from './pages/pages-bench.js';
import { pagesTable } from './pages/pages-report.js';
import { shippedDrafts, SHIPPED_SIZE } from './corpora.js';
import { makeQueries, queryVocabularyOf } from './queries.js';
import { checkTargets, sizeTable, targetsText } from './report.js';
import { round } from './stats.js';
import { benchSize, type ScaleOptions, type SizeResult } from './scale/scale-bench.js';
import { scaleTable, scaleTargets, targetsTable } from './scale/scale-report.js';
import { join } from 'node:path';
import { repoRoot } from './corpora.js';

/** The scale bench runs paperboy as processes, each with the service's default worker threads. */
function scaleDefaults(options: Options): Omit<ScaleOptions, 'log'> {
  return { queries: options.scaleQueries, restarts: 3, cacheDir: join(repoRoot(), 'bench-data', 'corpora'), acks: 300, workers: Math.min(2, cpus().length) };
}

/**
 * `npm run bench`: paperboy against SQLite FTS5 on the shipped corpus and on synthetic
 * corpora of 10k and 100k papers, in one run so every ratio compares like with like.
 * Tables go to stdout, then one JSON object with every figure; progress goes to stderr.
 *
 *   node dist/bench/run.js [--only search|fanout|slack|discord|ingest|alerts|pages|scale|crossover] [--sizes 231,10000,100000] [--queries 1000]
 *                          [--scale-sizes 231,10k,100k,1m] [--scale-queries 2000] [--crossover-sizes 231,2k,5k,10k,20k]
 *                          [--warmup 30] [--budget-s 60] [--cold-runs 5] [--fanout 1000] [--slack 2000] [--discord 2000] [--ingest 100000]
 *                          [--alerts 10000] [--alert-runs 7] [--pages 2000]
 *
 * The digest fan-out also runs on PostgreSQL when PAPERBOY_TEST_DATABASE_URL is set.
 */
type Section = 'search' | 'fanout' | 'slack' | 'discord' | 'ingest' | 'alerts' | 'pages' | 'scale' | 'crossover';
const SECTIONS: readonly Section[] = ['search', 'fanout', 'slack', 'discord', 'ingest', 'alerts', 'pages', 'scale', 'crossover'];

interface Options {
  readonly only: Section | undefined;
  readonly scaleSizes: number[];
  readonly scaleQueries: number;
  readonly crossoverSizes: number[];
  readonly ingest: number;
  readonly alerts: number;
  readonly alertRuns: number;
  readonly pages: number;
  readonly fanout: number;
  readonly slack: number;
  readonly discord: number;
  readonly sizes: number[];
  readonly queries: number;
  readonly warmup: number;
  readonly budgetS: number;
  readonly coldRuns: number;
}

/** A mistake on the command line: reported as one line, without a stack trace. */
class UsageError extends Error {}

const DEFAULTS: Options = {
  only: undefined,
  scaleSizes: [SHIPPED_SIZE, 10_000, 100_000, 1_000_000],
  scaleQueries: 2000,
  crossoverSizes: [SHIPPED_SIZE, 2_000, 5_000, 10_000, 20_000],
  fanout: 1000,
  slack: 2000,
  discord: 2000,
  ingest: 100_000,
  alerts: 10_000,
  alertRuns: 7,
  pages: 2000,
  sizes: [SHIPPED_SIZE, 10_000, 100_000],
  queries: 1000,
  warmup: 30,
  budgetS: 60,
  coldRuns: 5,
};
const COLD_QUERY = 'diffusion';

function count(text: string, flag: string): number {
  const m = /^(\d+)([km])?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${flag} wants whole numbers (10000, 10k or 1m), not "${text}"`);
  return Number(m[1]) * (m[2] === undefined ? 1 : /k/i.test(m[2]) ? 1000 : 1_000_000);
}

function parseArgs(argv: readonly string[]): Options {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? (flag.split('=', 2) as [string, string]) : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[(i += 1)];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--only') {
      const only = value() as Section;
      if (!SECTIONS.includes(only)) throw new UsageError(`--only wants one of ${SECTIONS.join(', ')}`);
      options.only = only;
    } else if (name === '--scale-sizes')
      options.scaleSizes = value()
        .split(',')
        .filter(Boolean)
        .map((s) => count(s, name));
    else if (name === '--scale-queries') options.scaleQueries = count(value(), name);
    else if (name === '--crossover-sizes')
      options.crossoverSizes = value()
        .split(',')
        .filter(Boolean)
        .map((s) => count(s, name));
    else if (name === '--fanout') options.fanout = count(value(), name);
    else if (name === '--slack') options.slack = count(value(), name);
    else if (name === '--discord') options.discord = count(value(), name);
    else if (name === '--ingest') options.ingest = count(value(), name);
    else if (name === '--alerts') options.alerts = count(value(), name);
    else if (name === '--alert-runs') options.alertRuns = Math.max(1, count(value(), name));
    else if (name === '--pages') options.pages = Math.max(1, count(value(), name));
    else if (name === '--sizes')
      options.sizes = value()
        .split(',')
        .filter(Boolean)
        .map((s) => count(s, name));
    else if (name === '--queries') options.queries = count(value(), name);
    else if (name === '--warmup') options.warmup = count(value(), name);
    else if (name === '--budget-s') options.budgetS = count(value(), name);
    else if (name === '--cold-runs') options.coldRuns = Math.max(1, count(value(), name));
    else throw new UsageError(`unknown option ${flag}; see the comment at the top of bench/run.ts`);
  }
  if (options.sizes.length === 0 || options.sizes.some((s) => s < 1)) throw new UsageError('--sizes needs at least one size ≥ 1');
  if (options.queries < 1) throw new UsageError('--queries must be at least 1');
  return options;
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const shipped = shippedDrafts();
  const vocabulary = queryVocabularyOf(shipped);
  // Distinct seeds: warm-up queries are not the timed ones.
  const queries = makeQueries(vocabulary, options.queries, 7);
  const warmup = makeQueries(vocabulary, options.warmup, 8);

  const reports: SizeReport[] = [];
  for (const size of options.only === 'search' ? options.sizes : []) {
    const report = await benchCorpus(size, {
      shipped,
      queries,
      warmup,
      budgetMs: options.budgetS * 1000,
      coldRuns: options.coldRuns,
      coldQuery: COLD_QUERY,
      log,
    });
    reports.push(report);
    process.stdout.write(`${sizeTable(report)}\n`);
  }
  const fanout: FanoutReport[] = [];
  if (options.only === undefined || options.only === 'fanout') {
    fanout.push(await benchFanout(shipped, { subscriptions: options.fanout, log }));
    const databaseUrl = process.env.PAPERBOY_TEST_DATABASE_URL;
    if (databaseUrl) fanout.push(await benchFanout(shipped, { subscriptions: options.fanout, databaseUrl, log }));
    process.stdout.write(`${fanoutTable(fanout)}\n`);
  }
  let slack: AckReport | undefined;
  if (options.only === undefined || options.only === 'slack') {
    slack = await benchSlackAcks(shipped, { requests: options.slack, concurrency: 8, log });
    process.stdout.write(`${ackTable(slack)}\n`);
  }
  let discord: InteractionReport | undefined;
  if (options.only === undefined || options.only === 'discord') {
    discord = await benchDiscordInteractions(shipped, { interactions: options.discord, concurrency: 8, log });
    process.stdout.write(`${interactionTable(discord)}\n`);
  }
  let ingest: IngestBenchReport | undefined;
  if (options.only === 'ingest') {
    ingest = await benchIngest(shipped, { papers: options.ingest, liveCorpus: 10_000, log });
    process.stdout.write(`${ingestTable(ingest)}\n`);
  }
  let alerts: AlertsBenchReport | undefined;
  if (options.only === undefined || options.only === 'alerts') {
    // 10,000 follows of 2,000 people (five each, as the issue has it), against a 500-paper feed day and 50 new versions.
    const people = Math.max(1, Math.round(options.alerts / 5));
    alerts = benchFollowAlerts({ follows: options.alerts, people, papers: 500, newVersions: 50, background: 5000, runs: options.alertRuns, log });
    process.stdout.write(`${alertsTable(alerts)}\n`);
  }
  let pages: PagesReport | undefined;
  if (options.only === undefined || options.only === 'pages') {
    // The team page against the JSON API on the same queries; a tenth as many rounds again to warm up.
    pages = await benchPages({ rounds: options.pages, warmupRounds: Math.max(10, Math.round(options.pages / 10)), queries: makeQueries(vocabulary, options.pages, 9), log });
    process.stdout.write(`${pagesTable(pages)}\n`);
  }
  const scale: SizeResult[] = [];
  if (options.only === undefined || options.only === 'scale') {
    for (const size of options.scaleSizes) scale.push(await benchSize(size, { ...scaleDefaults(options), log }));
    process.stdout.write(`${scaleTable(scale)}\n${targetsTable(scaleTargets(scale))}\n`);
  }
  const crossover: SizeResult[] = [];
  if (options.only === 'crossover') {
    for (const size of options.crossoverSizes) {
      for (const engine of ['memory', 'disk'] as const) crossover.push(await benchSize(size, { ...scaleDefaults(options), engine, acks: 50, log }));
    }
    process.stdout.write(`${scaleTable(crossover)}\n`);
  }
  const targets = reports.length === 0 ? [] : checkTargets(reports);
  if (targets.length > 0) process.stdout.write(`${targetsText(targets)}\n`);

  const cpu = cpus()[0]?.model ?? 'unknown';
  const summary = {
    bench: 'paperboy vs SQLite FTS5 (better-sqlite3, bm25)',
    machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpu, cores: cpus().length, memoryGB: round(totalmem() / 2 ** 30) },
    options,
    exampleQueries: queries.slice(0, 9),
    sizes: reports,
    fanout,
    slack,
    discord,
    ingest,
    alerts,
    pages,
    scale,
    crossover,
    targets,
    totalSeconds: round((performance.now() - started) / 1000),
  };
  process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\n`);
  log(`bench finished in ${summary.totalSeconds} s`);
}

main().catch((error: unknown) => {
  const why = error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench failed: ${why}\n`);
  process.exitCode = 1;
});
