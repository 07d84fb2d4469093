import type { PaperCollection } from './corpus/paper-collection.js';
import type { LoadResult } from './corpus/load-result.js';
import { ingestLoaded, type IngestOptions, type IngestReport } from './ingest/ingest-report.js';
import type { Paper } from './model/paper.js';
import { systemStopwatch, type MetricsObserver, type Stopwatch } from './ports/metrics.port.js';
import type { IndexWriter } from './ports/search-index.port.js';
import { fail, type Result } from './result.js';
import { MemoryIndex, type SerializedMemoryIndex } from './search/memory-index.js';
import { DEFAULT_RANKING, type RankingSettings } from './search/ranking-settings.js';
import { SearchEngine } from './search/search-engine.js';
import { analysisFinder, type PackedAnalyses } from './search/paper-analysis.js';
import { readerOver, type CorpusReader } from './corpus-reader.js';
import { READY, describeStatus, type CorpusStatus } from './corpus-status.js';

/**
 * The core query service: everything a chat adapter or the CLI asks of paperboy, over one
 * corpus, whichever engine indexes it. Reads are asynchronous because an engine may answer
 * from worker threads (a slow search must never hold up an ack); while an index is still
 * being built, every read answers "Indexing … try again in a minute" instead of failing.
 * No I/O and no clock: callers pass the day they mean.
 */
export interface PaperboyDeps {
  readonly papers: PaperCollection;
  readonly ranking?: RankingSettings;
  /** The engine's read side; default: a MemoryIndex over `papers`, answered in this thread. */
  readonly reader?: CorpusReader;
  /** The engine's write side, kept in step with `papers` by `ingest`. */
  readonly writer?: IndexWriter;
  /** Whether the index is ready; default: always. */
  readonly status?: () => CorpusStatus;
  /**
   * Saves what an ingest changed where every replica reads it (storage), before the index
   * takes it: if saving fails, the ingest is undone and nothing is half-added.
   */
  readonly persist?: (papers: readonly Paper[]) => Promise<void>;
}

export interface Paperboy extends CorpusReader {
  /** The papers, for look-ups by id and for ingest (this thread; complete once status is ready). */
  readonly papers: PaperCollection;
  status(): CorpusStatus;
  /**
   * Adds what a feed or file brought to the corpus, storage and the search index in one unit
   * (one transaction on disk): new papers are searchable at once, updated ones re-indexed
   * in place, and a failure leaves all three as they were. New acronyms found in them
   * alias older papers from the next full build.
   */
  ingest(loaded: LoadResult, options?: PaperboyIngestOptions): Promise<IngestReport>;
}

export interface PaperboyIngestOptions extends IngestOptions {
  /** See what would change, change nothing. */
  readonly dryRun?: boolean;
  /** The records' analyses, computed ahead (one per record of `loaded.papers`, in order): see paper-analysis.ts. */
  readonly analyses?: PackedAnalyses;
}

/** Storage could not save what an ingest brought; nothing of it was added. Worth retrying. */
export class SaveFailed extends Error {
  constructor(cause: unknown) {
    super(`storage could not save the papers (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'SaveFailed';
  }
}

/** Thrown inside a dry run's batch so that everything it did is undone; carries the report out. */
class DryRun extends Error {
  constructor(readonly report: IngestReport) {
    super('dry run');
  }
}

/** An in-memory engine over `papers`: built, or loaded from a snapshot of exactly these papers. */
export function memoryEngine(
  papers: PaperCollection,
  ranking: RankingSettings = DEFAULT_RANKING,
  saved?: SerializedMemoryIndex,
): { reader: CorpusReader; writer: IndexWriter; engine: SearchEngine; index: MemoryIndex } {
  const index = saved ? MemoryIndex.fromJSON(papers.table, saved, ranking) : MemoryIndex.build(papers.table, ranking);
  const engine = new SearchEngine(papers, index, ranking);
  return { reader: readerOver(engine), writer: index, engine, index };
}

export function createPaperboy(deps: PaperboyDeps): Paperboy {
  const { papers } = deps;
  const { reader, writer } = deps.reader && deps.writer ? { reader: deps.reader, writer: deps.writer } : memoryEngine(papers, deps.ranking);
  const status = deps.status ?? (() => READY);
  /** Runs a read once the index is ready; before that, says how far indexing is. */
  const whenReady = <T>(read: () => Promise<Result<T>>): Promise<Result<T>> => {
    const now = status();
    return now.state === 'ready' ? read() : Promise.resolve(fail('not_ready', describeStatus(now)));
  };
  return {
    papers,
    status,
    search: (request) => whenReady(() => reader.search(request)),
    show: (ref) => whenReady(() => reader.show(ref)),
    related: (ref, paging) => whenReady(() => reader.related(ref, paging)),
    trending: (request) => whenReady(() => reader.trending(request)),
    checkTopic: (topic) => whenReady(() => reader.checkTopic(topic)),
    suggestTitles: (typed, limit) => (status().state === 'ready' ? reader.suggestTitles(typed, limit) : Promise.resolve([])),
    stats: () => whenReady(() => reader.stats()),
    async ingest(loaded, options = {}) {
      const { dryRun, analyses, ...ingestOptions } = options;
      try {
        return await papers.table.batch(async () => {
          const report = ingestLoaded(papers, loaded, ingestOptions);
          // A dry run sees what would change, then undoes it: nothing saved, nothing indexed.
          if (dryRun) throw new DryRun(report);
          const changed = [...report.added, ...report.updated.map((u) => u.paper)];
          if (changed.length > 0 && deps.persist) await deps.persist(changed).catch((error: unknown) => Promise.reject(new SaveFailed(error)));
          const analysisOf = analyses ? analysisFinder(loaded.papers, analyses) : () => undefined;
          writer.upsertAll([
            ...report.added.map((paper) => ({ paper, analysis: analysisOf(paper) })),
            ...report.updated.map(({ paper, previous }) => ({ paper, previous, analysis: analysisOf(paper) })),
          ]);
          return report;
        });
      } catch (error) {
        if (error instanceof DryRun) return error.report;
        throw error;
      }
    },
  };
}

/**
 * The same Paperboy, telling `metrics` how long each search took. Only searches the index
 * answered count: an "Indexing …" answer takes no time and would flatter the histogram.
 */
export function withSearchTiming(paperboy: Paperboy, metrics: MetricsObserver, stopwatch: Stopwatch = systemStopwatch): Paperboy {
  return {
    ...paperboy,
    async search(request) {
      if (paperboy.status().state !== 'ready') return paperboy.search(request);
      const elapsed = stopwatch();
      const result = await paperboy.search(request);
      metrics.searchTimed(elapsed());
      return result;
    },
  };
}
