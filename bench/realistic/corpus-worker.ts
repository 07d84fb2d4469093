import { parentPort, workerData } from 'node:worker_threads';
import { modelData, modelFromData, trainCorpusModel, type CorpusModelData } from './corpus-model.js';
import { draftJsonLine, PaperFactory } from './realistic-corpus.js';
import { countChunk, type ChunkCounts } from './text-stats.js';

/**
 * The threads of `make-corpus`. A training thread builds the model and hands its tables
 * (in shared memory) back, then exits, so the main thread never holds training's garbage.
 * Generating threads take that model and turn chunk requests (papers first ..
 * first+count-1) into JSON Lines plus word counts. Paper i depends only on the seed and
 * i, so any number of generating threads writes the same file.
 */
export type WorkerSetup =
  | { readonly role: 'train'; readonly sourcePath: string | null }
  | { readonly role: 'generate'; readonly seed: number; readonly newestDate: string; readonly model: CorpusModelData };

export type TrainingMessage = { readonly kind: 'warning'; readonly message: string } | { readonly kind: 'model'; readonly model: CorpusModelData };

export interface ChunkRequest {
  readonly chunk: number;
  readonly first: number;
  readonly count: number;
}

export interface ChunkDone {
  readonly chunk: number;
  /** UTF-8 JSON Lines, handed over (transferred), not copied. */
  readonly bytes: Uint8Array;
  readonly counts: ChunkCounts;
}

const port = parentPort;
const setup = workerData as WorkerSetup | undefined;
if (port && setup?.role === 'train') {
  const post = (message: TrainingMessage): void => port.postMessage(message);
  const model = trainCorpusModel({ sourcePath: setup.sourcePath, warn: (message) => post({ kind: 'warning', message }) });
  post({ kind: 'model', model: modelData(model) });
} else if (port && setup?.role === 'generate') {
  const factory = new PaperFactory({ seed: setup.seed, newestDate: setup.newestDate, model: modelFromData(setup.model) });
  port.on('message', (request: ChunkRequest) => {
    const papers = Array.from({ length: request.count }, (_, k) => factory.paper(request.first + k));
    const bytes = new Uint8Array(Buffer.from(papers.map(draftJsonLine).join('')));
    const done: ChunkDone = { chunk: request.chunk, bytes, counts: countChunk(papers) };
    port.postMessage(done, [bytes.buffer]);
  });
}
