import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CorpusReader } from '../../src/index.js';
import { packageRoot } from '../files/package-paths.js';
import type { WorkerReply, WorkerRequest } from './search-worker.js';

/**
 * The disk engine's readers in worker threads, behind the core's CorpusReader: each
 * request goes to the worker with the fewest requests in flight. A worker that dies is
 * replaced and its requests fail (a command then apologises rather than hanging); one
 * that reports a damaged index file tells the host, which rebuilds it.
 */
export interface WorkerPoolOptions {
  readonly file: string;
  readonly size: number;
  /** Page cache per worker connection, in MB. */
  readonly cacheMb?: number;
  readonly onCorruption: (message: string) => void;
}

interface Slot {
  worker: Worker;
  /** Whether the worker has opened the index: only ready workers take requests. */
  ready: boolean;
  readonly pending: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
}

/**
 * A search allocates much short-lived garbage (candidates, snippets); left to itself V8 lets
 * each worker's young generation grow to tens of MB. Capped, the service stays ~80 MB
 * smaller under load at 100k papers, for a few percent of throughput (npm run bench -- --only scale).
 */
const YOUNG_GENERATION_MB = 8;

/** Each worker's SQLite page cache: the OS keeps the file's hot pages anyway; more only adds to RSS. */
const WORKER_CACHE_MB = 8;

/** The compiled worker: the package is built on install, and the same file serves tests and production. */
const WORKER_FILE = join(packageRoot(), 'dist', 'adapters', 'search', 'search-worker.js');

export class WorkerPool implements CorpusReader {
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  #next = 0;
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  /**
   * Starts the workers and resolves once the first has opened the index (a restart answers
   * as soon as one can); the others take requests as they become ready. A worker that cannot
   * start is dropped; when none can, starting fails with the first one's error.
   */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    const starting = Array.from({ length: Math.max(1, options.size) }, () => pool.#spawn());
    for (const worker of starting) worker.catch(() => undefined);
    try {
      await Promise.any(starting);
    } catch (error) {
      await pool.close();
      throw error instanceof AggregateError ? error.errors[0] : error;
    }
    return pool;
  }

  #spawn(slot?: Slot): Promise<void> {
    const worker = new Worker(WORKER_FILE, {
      workerData: { file: this.#options.file, cacheMb: this.#options.cacheMb ?? WORKER_CACHE_MB },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const current: Slot = slot ?? { worker, ready: false, pending: new Map() };
    current.worker = worker;
    current.ready = false;
    if (!slot) this.#slots.push(current);
    return new Promise<void>((resolve, reject) => {
      const failed = (error: Error): void => {
        this.#slots.splice(this.#slots.indexOf(current), 1); // never respawned: it would fail again
        reject(error);
      };
      worker.once('error', failed);
      worker.on('message', (message: WorkerReply | { ready: true }) => {
        if ('ready' in message) {
          worker.off('error', failed);
          worker.on('error', () => undefined);
          current.ready = true;
          resolve();
          return;
        }
        const waiting = current.pending.get(message.id);
        if (!waiting) return;
        current.pending.delete(message.id);
        if (message.ok) waiting.resolve(message.value);
        else {
          if (message.corrupt) this.#options.onCorruption(message.message);
          waiting.reject(new Error(message.message));
        }
      });
      worker.on('exit', (code) => {
        for (const waiting of current.pending.values()) waiting.reject(new Error(`a search worker stopped (exit code ${code})`));
        current.pending.clear();
        if (!this.#closed && current.worker === worker && this.#slots.includes(current)) void this.#spawn(current).catch(() => undefined);
      });
    });
  }

  #call<T>(op: WorkerRequest['op'], args: readonly unknown[]): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the search workers are stopped'));
    if (this.#slots.length === 0) return Promise.reject(new Error('no search worker could start'));
    const ready = this.#slots.filter((s) => s.ready);
    // While a dead worker is being replaced, the others take its share; with none, requests wait on the replacement.
    const slot = (ready.length > 0 ? ready : this.#slots).reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    const id = (this.#next += 1);
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      slot.worker.postMessage({ id, op, args } satisfies WorkerRequest);
    });
  }

  search: CorpusReader['search'] = (request) => this.#call('search', [request]);
  show: CorpusReader['show'] = (ref) => this.#call('show', [ref]);
  related: CorpusReader['related'] = (ref, paging) => this.#call('related', [ref, paging]);
  trending: CorpusReader['trending'] = (request) => this.#call('trending', [request]);
  checkTopic: CorpusReader['checkTopic'] = (topic) => this.#call('checkTopic', [topic]);
  suggestTitles: CorpusReader['suggestTitles'] = (typed, limit) => this.#call('suggestTitles', [typed, limit]);
  stats: CorpusReader['stats'] = () => this.#call('stats', []);

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }
}
