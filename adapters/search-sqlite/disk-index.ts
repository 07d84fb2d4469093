import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
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
  /** Papers a word may be in before searches treat it as common (common-words.ts); tests lower it. */
  readonly commonWordDocs?: number;
}

/** Why a file cannot serve as this build's index, or undefined when it can. */
export function unusableReason(db: IndexDatabase): string | undefined {
  if (!hasSchema(db)) return 'the index file is empty';
  const format = getMeta(db, 'format');
  if (format !== String(INDEX_FILE_FORMAT)) return `the index file has format ${format ?? 'unknown'}; this paperboy writes format ${INDEX_FILE_FORMAT}`;
  const analyzer = getMeta(db, 'analyzer');
  if (analyzer !== String(ANALYZER_VERSION)) return `the index was built with analyzer version ${analyzer ?? 'unknown'}; this paperboy analyses text with version ${ANALYZER_VERSION}`;
  return undefined;
}

/**
 * The file's header says how many pages the file itself holds (pages still in the
 * write-ahead log are not counted there); fewer bytes on disk means it was cut short.
 */
function truncation(file: string): string | undefined {
  if (file === ':memory:' || !existsSync(file)) return undefined;
  const size = statSync(file).size;
  if (size < 100) return size === 0 ? undefined : `the index file is truncated (${size} bytes)`;
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return 'the index file is not a database (file is not an SQLite file)';
  const pageSize = header.readUInt16BE(16) === 1 ? 65_536 : header.readUInt16BE(16);
  // The page count is valid when written with the current change counter; in WAL mode it may lag, unless no log is pending.
  const walPending = existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
  if (header.readUInt32BE(92) !== header.readUInt32BE(24) && walPending) return undefined;
  const expected = header.readUInt32BE(28) * pageSize;
  return size < expected ? `the index file is truncated (${size} of ${expected} bytes)` : undefined;
}

export class DiskIndex {
  readonly db: IndexDatabase;
  readonly papers: PaperCollection;
  readonly table: SqlitePaperTable;
  readonly writer: SqliteIndexWriter;
  readonly index: SqliteSearchIndex;
  readonly engine: SearchEngine;

  private constructor(db: IndexDatabase, ranking: RankingSettings, commonWordDocs?: number) {
    this.db = db;
    this.table = new SqlitePaperTable(db);
    this.papers = new PaperCollection(this.table);
    this.writer = new SqliteIndexWriter(db, this.table, ranking);
    this.index = new SqliteSearchIndex(db, this.table, ranking, commonWordDocs);
    this.engine = new SearchEngine(this.papers, this.index, ranking);
  }

  /** Opens an index file that this build can use as it is; throws with the reason otherwise. */
  static open(file: string, options: DiskIndexOptions = {}): DiskIndex {
    // Before SQLite reads it: a cut-short file fails in less telling ways once opened.
    const truncated = truncation(file);
    if (truncated) throw new Error(truncated);
    const db = openIndexDatabase(file, options);
    if (options.queryOnly) db.pragma('query_only = ON');
    const why = unusableReason(db);
    if (why) {
      db.close();
      throw new Error(why);
    }
    return new DiskIndex(db, options.ranking ?? DEFAULT_RANKING, options.commonWordDocs);
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
    return new DiskIndex(db, options.ranking ?? DEFAULT_RANKING, options.commonWordDocs);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
