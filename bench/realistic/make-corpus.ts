import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ChunkDone, ChunkRequest, TrainingMessage, WorkerSetup } from './corpus-worker.js';
import { defaultSourcePath, type CorpusModelData } from './corpus-model.js';
import { DEFAULT_FEED_DATE, DEFAULT_SEED, mulberry32 } from '../synthetic-corpus.js';
import { countChunk, formatStats, TextStatsCollector } from './text-stats.js';
import { loadSourcePapers } from './training-text.js';

/**
 * Writes a realistic benchmark corpus as JSON Lines, for `paperboy ingest`:
 *
 *   node dist/bench/make-corpus.js --papers 100k --out /tmp/papers-100k.jsonl
 *        [--seed N] [--source ../shared/eval/scifact/corpus.jsonl] [--newest 2026-11-26] [--workers 2] [--stats]
 *
 * Progress goes to stderr; stdout gets the word statistics (with --stats, generated and
 * real text side by side) and last a one-line JSON summary. Worker threads generate
 * chunks in parallel; the file is the same for any number of workers.
 */
class UsageError extends Error {}

function count(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM])?$/.exec(text.trim());
  if (!m) throw new UsageError(`--papers wants a number like 10000, 100k or 1M, not "${text}"`);
  const n = Number(m[1]) * (m[2] === undefined ? 1 : /k/i.test(m[2]) ? 1000 : 1_000_000);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--papers wants a whole number of papers, not "${text}"`);
  return n;
}

const USAGE = 'usage: make-corpus --papers 100k --out FILE [--seed N] [--source FILE] [--newest YYYY-MM-DD] [--workers N] [--stats]';

function parsed(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        papers: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        source: { type: 'string' },
        newest: { type: 'string' },
        workers: { type: 'string' },
        stats: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function options(argv: string[]) {
  const values = parsed(argv);
  if (values.papers === undefined || values.out === undefined) throw new UsageError(USAGE);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  const workers = values.workers === undefined ? Math.min(2, availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(seed)) throw new UsageError('--seed wants a whole number');
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError('--workers wants a whole number of at least 1');
  if (values.newest !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.newest)) throw new UsageError('--newest wants a date like 2026-11-26');
  return { papers: count(values.papers), out: values.out, seed, source: values.source ?? defaultSourcePath(), newest: values.newest ?? DEFAULT_FEED_DATE, workers, stats: values.stats };
}

/**
 * Small chunks keep each worker's garbage small; they end on the statistics checkpoints
 * (1k, 10k, 100k, 1M) so vocabulary sizes are exact there.
 */
function chunks(papers: number): ChunkRequest[] {
  const out: ChunkRequest[] = [];
  for (let first = 0; first < papers; ) {
    const end = Math.min(papers, first + (first < 2000 ? 1000 : 2000));
    out.push({ chunk: out.length, first, count: end - first });
    first = end;
  }
  return out;
}

function progress(done: number, total: number, started: number): void {
  const line = `  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} papers (${Math.floor((100 * done) / total)}%), ${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}

const WORKER = new URL('./corpus-worker.js', import.meta.url);

/** Trained once, in a thread of its own that exits afterwards; the generating threads share the tables. */
async function trainedModel(sourcePath: string): Promise<CorpusModelData> {
  const setup: WorkerSetup = { role: 'train', sourcePath };
  const worker = new Worker(WORKER, { workerData: setup });
  try {
    return await new Promise<CorpusModelData>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', () => reject(new Error('the training thread stopped without a model')));
      worker.on('message', (message: TrainingMessage) => {
        if (message.kind === 'warning') process.stderr.write(`warning: ${message.message}\n`);
        else resolve(message.model);
      });
    });
  } finally {
    await worker.terminate();
  }
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const started = Date.now();
  const fd = openSync(opts.out, 'w');
  const model = await trainedModel(opts.source);
  const setup: WorkerSetup = { role: 'generate', seed: opts.seed, newestDate: opts.newest, model };
  const todo = chunks(opts.papers);
  // A small old generation: the workers' garbage is collected early instead of piling up.
  const workers = Array.from({ length: Math.min(opts.workers, todo.length) }, () => new Worker(WORKER, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: 160 } }));
  const stats = new TextStatsCollector();
  let bytes = 0;
  let written = 0;
  let lastReport = 0;
  process.stderr.write(`making ${opts.papers.toLocaleString('en-US')} papers with ${workers.length} worker(s) → ${opts.out}\n`);
  try {
    await new Promise<void>((resolve, reject) => {
      const waiting = new Map<number, ChunkDone>();
      let next = 0;
      let nextToWrite = 0;
      // Two chunks per worker in flight: one being made, one queued.
      const feed = (worker: Worker): void => {
        if (next < todo.length) worker.postMessage(todo[next++]!);
      };
      for (const worker of workers) {
        worker.on('error', reject);
        feed(worker);
        feed(worker);
        worker.on('message', (done: ChunkDone) => {
          waiting.set(done.chunk, done);
          feed(worker);
          // Chunks finish out of order; the file takes them in order.
          for (let ready = waiting.get(nextToWrite); ready; ready = waiting.get(nextToWrite)) {
            waiting.delete(nextToWrite);
            writeSync(fd, ready.bytes);
            bytes += ready.bytes.length;
            stats.merge(ready.counts);
            written += todo[nextToWrite]!.count;
            nextToWrite += 1;
            if (Date.now() - lastReport > 1000 || written === opts.papers) {
              lastReport = Date.now();
              progress(written, opts.papers, started);
            }
          }
          if (nextToWrite === todo.length) resolve();
        });
      }
    });
  } finally {
    closeSync(fd);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const seconds = (Date.now() - started) / 1000;

  if (opts.stats) {
    process.stdout.write(`${formatStats('generated', stats.result())}\n`);
    // The real text in a fixed shuffled order, so its first 1k papers mix both sources as the whole does.
    const real = loadSourcePapers(opts.source, () => {});
    const rng = mulberry32(opts.seed);
    const shuffled = real
      .map((p) => ({ p, key: rng() }))
      .sort((a, b) => a.key - b.key)
      .map(({ p }) => p);
    const realStats = new TextStatsCollector([1000]);
    for (let i = 0; i < shuffled.length; i += 1000) realStats.merge(countChunk(shuffled.slice(i, i + 1000)));
    const label = real.some((p) => !p.ml) ? 'real text (shipped + source, shuffled)' : 'real text (shipped only: the source is missing)';
    process.stdout.write(`${formatStats(label, realStats.result())}\n`);
    const ml = new TextStatsCollector([]);
    ml.merge(countChunk(real.filter((p) => p.ml)));
    process.stdout.write(`${formatStats('real ML text (shipped corpus)', ml.result())}\n`);
  }
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ papers: opts.papers, bytes, seconds, distinctWords: stats.distinct, peakRssMB, out: opts.out })}\n`);
}

main().catch((error: unknown) => {
  // Usage mistakes and system errors (a missing directory) in one line; bugs with their stack.
  const plain = error instanceof UsageError || (error instanceof Error && 'code' in error);
  process.stderr.write(`${error instanceof Error ? (plain ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
