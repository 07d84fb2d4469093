import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult, PackedAnalyses } from '../../src/index.js';
import { packageRoot } from '../files/package-paths.js';
import type { AnalysisReply, AnalysisRequest } from './analysis-worker.js';

/**
 * The main thread's side of the analysis worker: requests are answered in order, and one
 * sent ahead keeps the worker busy while the main thread writes what it answered before.
 * If the worker dies, what was pending fails with a message saying so.
 */
type Pending = { resolve: (reply: Extract<AnalysisReply, { ok: true }>) => void; reject: (error: Error) => void };

/** The compiled worker: the package is built on install, and the same file serves tests and production. */
const WORKER_FILE = join(packageRoot(), 'dist', 'adapters', 'analysis', 'analysis-worker.js');

export class AnalysisThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #stopped: string | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: AnalysisReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(`analysing papers failed: ${reply.message}`));
    });
    worker.on('error', (error) => this.#stop(`the analysis worker failed (${error.message})`));
    worker.on('exit', (code) => this.#stop(`the analysis worker stopped (exit code ${code})`));
  }

  static start(): Promise<AnalysisThread> {
    const worker = new Worker(WORKER_FILE);
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => {
        worker.off('error', reject);
        resolve(new AnalysisThread(worker));
      });
    });
  }

  /** A piece of a JSON Lines file parsed (lines numbered from `firstLine`), and its papers analysed. */
  async parseJsonLines(bytes: Uint8Array, firstLine: number): Promise<{ loaded: LoadResult; analyses: PackedAnalyses }> {
    const reply = await this.#send({ kind: 'json-lines', bytes, firstLine });
    return { loaded: reply.loaded!, analyses: reply.analyses };
  }

  async close(): Promise<void> {
    this.#stop('the analysis worker was closed');
    await this.#worker.terminate();
  }

  #send(request: Omit<AnalysisRequest, 'id'>): Promise<Extract<AnalysisReply, { ok: true }>> {
    if (this.#stopped) return Promise.reject(new Error(this.#stopped));
    const id = (this.#next += 1);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as AnalysisRequest);
    });
  }

  #stop(why: string): void {
    this.#stopped ??= why;
    for (const waiting of this.#pending.values()) waiting.reject(new Error(why));
    this.#pending.clear();
  }
}
