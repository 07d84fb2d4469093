import type { LoadResult, PackedAnalyses } from '../../src/index.js';
import { jsonLinesChunks } from '../files/json-lines-chunks.js';
import { AnalysisThread } from './analysis-thread.js';

/**
 * A JSON Lines file too big to hold, as pieces parsed and analysed in a worker thread, one
 * piece ahead: while the main thread merges, saves and indexes a piece, the worker reads
 * the next. Each piece's papers keep their line numbers in the whole file.
 */
export interface AnalysedPiece {
  readonly loaded: LoadResult;
  /** One row per paper of `loaded`, in order. */
  readonly analyses: PackedAnalyses;
}

export async function* analysedJsonLinesPieces(file: string, chunkBytes?: number): AsyncGenerator<AnalysedPiece> {
  const thread = await AnalysisThread.start();
  try {
    const chunks = jsonLinesChunks(file, chunkBytes);
    const request = (): Promise<AnalysedPiece> | undefined => {
      const chunk = chunks.next();
      return chunk.done ? undefined : thread.parseJsonLines(chunk.value.bytes, chunk.value.firstLine);
    };
    let next = request();
    while (next) {
      const piece = await next;
      next = request();
      yield piece;
    }
  } finally {
    await thread.close();
  }
}
