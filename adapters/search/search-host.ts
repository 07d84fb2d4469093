import type { Clock, CorpusStatus, Logger, Paperboy, RankingSettings, Storage } from '../../src/index.js';
import type { EngineKind } from './search-settings.js';

/**
 * What the service and the CLI hold to search: an engine, opened over storage's papers,
 * that keeps itself in step with them. Opening returns at once; `start` finishes the work
 * (catching up with storage, importing changed corpus files, building a missing index) and
 * until it is done the core answers "Indexing …".
 */
export interface IndexReport {
  readonly engine: EngineKind;
  readonly state: CorpusStatus['state'];
  readonly papers: number;
  /** The index's file and its size on disk (with SQLite's write-ahead log). */
  readonly file: string;
  readonly sizeBytes: number;
  /** When it last caught up with storage (ISO), and the last change number it has seen. */
  readonly lastSync?: string;
  readonly syncedSeq: number;
  readonly analyzer: number;
  readonly progress?: { readonly done: number; readonly total: number };
}

export interface SearchHost {
  readonly engine: EngineKind;
  readonly paperboy: Paperboy;
  /** Catches up with storage, imports changed corpus files, builds what is missing; then the corpus is ready. */
  start(): Promise<void>;
  /** Catches up with papers another process (paperboy ingest, another replica) saved; returns how many changed. */
  sync(): Promise<number>;
  /** Throws the index away and builds it again from storage. */
  rebuild(reason: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  report(): IndexReport;
  close(): Promise<void>;
}

export interface HostDeps {
  readonly storage: Storage;
  /** Corpus files to import (the shipped corpus and PAPERBOY_CORPUS). */
  readonly files: readonly string[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ranking?: RankingSettings;
}
