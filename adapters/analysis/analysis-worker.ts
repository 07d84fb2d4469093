import { parentPort } from 'node:worker_threads';
import { analysePaper, packAnalyses, parsePaperJsonLines, type AnalysedText, type LoadResult, type PackedAnalyses } from '../../src/index.js';

/**
 * A worker thread that analyses papers' text for indexing (the costliest part of an
 * ingest), so the main thread only merges and writes: a bulk ingest then uses both cores.
 * It parses a piece of a JSON Lines file first, so the main thread receives papers ready
 * to merge.
 */
export interface AnalysisRequest {
  readonly id: number;
  readonly kind: 'json-lines';
  readonly bytes: Uint8Array;
  readonly firstLine: number;
}

export type AnalysisReply =
  | { readonly id: number; readonly ok: true; readonly loaded?: LoadResult; readonly analyses: PackedAnalyses }
  | { readonly id: number; readonly ok: false; readonly message: string };

const analyseAll = (papers: readonly AnalysedText[]): PackedAnalyses => packAnalyses(papers.map(analysePaper));

/** A piece of a file: its papers and problems keep the line numbers they have in the whole file. */
function parsePiece(bytes: Uint8Array, firstLine: number): LoadResult {
  const loaded = parsePaperJsonLines(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const offset = firstLine - 1;
  if (offset === 0) return loaded;
  return { papers: loaded.papers.map((p) => ({ ...p, line: (p.line ?? 0) + offset })), problems: loaded.problems.map((p) => ({ ...p, line: p.line + offset })) };
}

function answer(request: AnalysisRequest): AnalysisReply {
  const loaded = parsePiece(request.bytes, request.firstLine);
  return { id: request.id, ok: true, loaded, analyses: analyseAll(loaded.papers) };
}

const port = parentPort!;
port.on('message', (request: AnalysisRequest) => {
  try {
    port.postMessage(answer(request));
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies AnalysisReply);
  }
});
port.postMessage({ ready: true });
