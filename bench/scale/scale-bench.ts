import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round } from '../stats.js';
import { ackBurst, BENCH_SIGNING_SECRET, slackSink, type AckBurstReport } from './ack-burst.js';
import { runPaperboy } from './child-process.js';
import { corpusFileFor, queriesFor } from './corpus-files.js';
import { dirSizeMB, startYardstickServer } from './yardstick.js';
import { httpLoad } from './http-load.js';
import { startServiceChild } from './service-child.js';

/**
 * paperboy at one corpus size, as an operator meets it, every figure beside a yardstick
 * measured in the same run: `paperboy ingest` of the corpus (against SQLite FTS5 indexing
 * the same text), restarts to the first answer, the service's memory, `/search` with 8
 * requests in flight and with one (against raw FTS5 served the same way), Slack acks
 * during a burst of searches (against acks with none), and `paperboy search` from a fresh
 * process.
 */
export interface ScaleOptions {
  readonly queries: number;
  readonly restarts: number;
  readonly cacheDir: string;
  readonly engine?: 'memory' | 'disk';
  /** Slack acks to time, idle and during searches. */
  readonly acks: number;
  readonly workers: number;
  readonly log: (line: string) => void;
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

export interface SizeResult {
  readonly papers: number;
  readonly engine: string;
  readonly ingest: { readonly seconds: number; readonly perSecond: number; readonly peakMB: number };
  readonly fts5Build: { readonly seconds: number };
  readonly indexMB: number;
  readonly fts5MB: number;
  /** Spawn to the first search answered, median of the restarts. */
  readonly restartMs: number;
  readonly memory: { readonly idleMB: number; readonly afterLoadMB: number; readonly peakMB: number };
  readonly http8: Latency;
  readonly http1: Latency;
  readonly fts5Http8: Latency;
  readonly fts5Http1: Latency;
  readonly acks: AckBurstReport;
  /** `paperboy search` from a fresh process, median wall time. */
  readonly cliMs: number;
}

const latency = (run: { times: readonly number[]; seconds: number }): Latency => ({
  p50: round(percentile(run.times, 0.5)),
  p99: round(percentile(run.times, 0.99)),
  perSecond: round(run.times.length / run.seconds),
});

export async function benchSize(papers: number, options: ScaleOptions): Promise<SizeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `paperboy-scale-${papers}-`));
  const sink = await slackSink();
  const env = {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_SEARCH_WORKERS: String(options.workers),
    ...(options.engine ? { PAPERBOY_SEARCH: options.engine } : {}),
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: `${sink.url}/api/`,
  };
  const tag = `[scale ${papers}${options.engine ? ` ${options.engine}` : ''}]`;
  try {
    const file = await corpusFileFor(papers, options.cacheDir, options.log);
    options.log(`${tag} paperboy ingest of ${file}…`);
    const ingest = await runPaperboy(['ingest', file, '--json'], env);
    const report = JSON.parse(ingest.stdout) as { added: unknown[] };
    options.log(`${tag} ingested ${report.added.length} papers in ${round(ingest.seconds)} s (peak ${ingest.peakMB} MB)`);

    const yardstick = await startYardstickServer(file, dataDir, options.workers, options.log, tag);
    const queries = queriesFor(file, options.queries);
    const slow = queriesFor(file, 200, { common: true });
    const restarts: number[] = [];
    let service = await startServiceChild(env, queries[0]!);
    restarts.push(service.firstAnswerMs);
    for (let i = 1; i < options.restarts; i += 1) {
      await service.stop();
      service = await startServiceChild(env, queries[i]!);
      restarts.push(service.firstAnswerMs);
    }
    const { index } = (await (await fetch(`${service.url}/healthz`)).json()) as { index: { engine: string; papers: number } };
    const engine = index.engine;
    const idle = service.memory();
    options.log(`${tag} ${engine} engine: first answer ${round(percentile(restarts, 0.5))} ms after spawn; /search with 8 and with 1 in flight…`);
    const url = (base: string) => (i: number) => `${base}/search?q=${encodeURIComponent(queries[i % queries.length]!)}&limit=10`;
    await httpLoad(url(service.url), { count: 100, concurrency: 8 }); // warm-up
    const http8 = await httpLoad(url(service.url), { count: queries.length, concurrency: 8 });
    const http1 = await httpLoad(url(service.url), { count: Math.min(queries.length, 500), concurrency: 1 });
    await httpLoad(url(yardstick.url), { count: 100, concurrency: 8 });
    const fts5Http8 = await httpLoad(url(yardstick.url), { count: queries.length, concurrency: 8 });
    const fts5Http1 = await httpLoad(url(yardstick.url), { count: Math.min(queries.length, 500), concurrency: 1 });
    options.log(`${tag} Slack acks while searches run…`);
    const acks = await ackBurst(service.url, sink.url, slow, { acks: options.acks, percentile: (s, q) => round(percentile(s, q)) });
    const afterLoad = service.memory();
    await service.stop();
    await yardstick.stop();

    options.log(`${tag} paperboy search from a fresh process…`);
    const cli: number[] = [];
    for (let i = 0; i < 5; i += 1) cli.push((await runPaperboy(['search', queries[i]!, '--limit', '5'], env)).seconds * 1000);
    return {
      papers: index.papers,
      engine,
      ingest: { seconds: round(ingest.seconds), perSecond: round(Math.max(1, report.added.length) / ingest.seconds), peakMB: ingest.peakMB },
      fts5Build: { seconds: round(yardstick.buildSeconds) },
      indexMB: dirSizeMB(dataDir, /^(search-index\.sqlite|memory-index\.json)(-wal)?$/),
      fts5MB: yardstick.sizeMB,
      restartMs: round(percentile(restarts, 0.5)),
      memory: { idleMB: idle.rssMB, afterLoadMB: afterLoad.rssMB, peakMB: afterLoad.peakMB },
      http8: latency(http8),
      http1: latency(http1),
      fts5Http8: latency(fts5Http8),
      fts5Http1: latency(fts5Http1),
      acks,
      cliMs: round(percentile(cli, 0.5)),
    };
  } finally {
    sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
