import { existsSync, statSync } from 'node:fs';
import { ANALYZER_VERSION, DEFAULT_RANKING, PaperCollection, SearchEngine, type RankingSettings } from '../../src/index.js';
import { createSchema, getMeta, hasSchema, INDEX_FILE_FORMAT, openIndexDatabase, type IndexDatabase } from './index-schema.js';
import { SqliteIndexWriter } from './sqlite-index-writer.js';
import { SqlitePaperTable } from './sqlite-paper-table.js';
import { SqliteSearchIndex } from './sqlite-search-index.js';

/**
 * One connection to the disk engine's file with everything on it: the paper table, the
 * writer and the reader, and the core's SearchEngine over them. The CLI and tests use it
 * in-thread; the service gives each worker thread a read-only one of its own.
 */
export interface DiskIndexOptions {
  readonly ranking?: RankingSettings;
  readonly cacheMb?: number;
  /** A reader's connection: SQLite refuses any write through it. */
  readonly queryOnly?: boolean;
}

/** Why a file cannot serve as this build's index, or undefined when it can. */
export function unusableReason(db: IndexDatabase, file: string): string | undefined {
  // The header says how many pages the file has; fewer on disk means it was cut short.
  const pages = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  if (file !== ':memory:' && existsSync(file) && statSync(file).size < pages) return `the index file is truncated (${statSync(file).size} of ${pages} bytes)`;
  if (!hasSchema(db)) return 'the index file is empty';
  const format = getMeta(db, 'format');
  if (format !== String(INDEX_FILE_FORMAT)) return `the index file has format ${format ?? 'unknown'}; this paperboy writes format ${INDEX_FILE_FORMAT}`;
  const analyzer = getMeta(db, 'analyzer');
  if (analyzer !== String(ANALYZER_VERSION)) return `the index was built with analyzer version ${analyzer ?? 'unknown'}; this paperboy analyses text with version ${ANALYZER_VERSION}`;
  return undefined;
}

export class DiskIndex {
  readonly db: IndexDatabase;
  readonly papers: PaperCollection;
  readonly table: SqlitePaperTable;
  readonly writer: SqliteIndexWriter;
  readonly index: SqliteSearchIndex;
  readonly engine: SearchEngine;

  private constructor(db: IndexDatabase, ranking: RankingSettings) {
    this.db = db;
    this.table = new SqlitePaperTable(db);
    this.papers = new PaperCollection(this.table);
    this.writer = new SqliteIndexWriter(db, this.table, ranking);
    this.index = new SqliteSearchIndex(db, this.table, ranking);
    this.engine = new SearchEngine(this.papers, this.index, ranking);
  }

  /** Opens an index file that this build can use as it is; throws with the reason otherwise. */
  static open(file: string, options: DiskIndexOptions = {}): DiskIndex {
    const db = openIndexDatabase(file, options);
    if (options.queryOnly) db.pragma('query_only = ON');
    const why = unusableReason(db, file);
    if (why) {
      db.close();
      throw new Error(why);
    }
    return new DiskIndex(db, options.ranking ?? DEFAULT_RANKING);
  }

  /** Creates a new, empty index file (any file there is replaced by the caller first). */
  static create(file: string, options: DiskIndexOptions = {}): DiskIndex {
    const db = openIndexDatabase(file, options);
    try {
      createSchema(db, ANALYZER_VERSION);
    } catch (error) {
      db.close();
      throw error;
    }
    return new DiskIndex(db, options.ranking ?? DEFAULT_RANKING);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
