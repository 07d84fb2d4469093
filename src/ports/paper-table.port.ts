import type { CorpusStats } from '../corpus/corpus-stats.js';
import type { Paper } from '../model/paper.js';

/**
 * Where the corpus's papers live: in memory (MemoryPaperTable) or in an SQLite file
 * (adapters/search-sqlite). Only storage primitives: the identity and merge rules on top
 * of them are PaperCollection's, so both tables behave the same (tests/contract/
 * paper-table.contract.ts). Synchronous: an SQLite look-up by key takes microseconds.
 */
export interface PaperTable {
  readonly size: number;
  /** Changes whenever papers change (here or, on disk, in another process): for caches. */
  readonly version: number | string;
  byId(id: string): Paper | undefined;
  /** The paper holding this unversioned arXiv id. */
  idOfArxiv(arxivId: string): string | undefined;
  /** The first paper stored with this title key (see ids/slug.ts). */
  idOfTitleKey(key: string): string | undefined;
  /** The paper a record's own id was merged into. */
  idOfAlias(alias: string): string | undefined;
  /** Inserts a paper, or replaces the one with its id. */
  put(paper: Paper): void;
  putAlias(alias: string, id: string): void;
  /** Every paper, in the order first stored. */
  all(): Iterable<Paper>;
  /** Papers with a feed appearance on or after `date` (YYYY-MM-DD): what can be trending. */
  appearingSince(date: string): Paper[];
  /** The most recent feed day of any paper. */
  latestFeedDate(): string | undefined;
  stats(): CorpusStats;
  /**
   * Runs `work` as one unit that lands whole or not at all: one transaction on disk, an
   * undo of every put in memory. Work may wait (for storage to save the same papers), and
   * batches run one at a time.
   */
  batch<T>(work: () => T | Promise<T>): Promise<T>;
}
