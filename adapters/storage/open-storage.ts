import { SqliteStorage } from './sqlite-storage.js';
import type { InvalidRowHandler } from './storage-rows.js';
import { DEFAULT_STORAGE_TIMEOUTS, StorageTimeoutError, type StorageTimeouts } from './storage-timeouts.js';
import type { Storage } from '../../src/index.js';

export interface StorageOptions {
  /** A postgres:// URL (DATABASE_URL); when set, PostgreSQL is used. */
  readonly databaseUrl?: string | undefined;
  /** The SQLite file used otherwise; its directory is created. */
  readonly sqliteFile: string;
  /** PostgreSQL schema for paperboy's tables (default `public`). */
  readonly schema?: string | undefined;
  /** Told about each stored subscription that no longer validates (it is skipped). */
  readonly onInvalidRow?: InvalidRowHandler | undefined;
  /** How long calls may wait on the database (DEFAULT_STORAGE_TIMEOUTS when not given). */
  readonly timeouts?: StorageTimeouts | undefined;
}

/**
 * The one place that picks a database: PostgreSQL when a URL is given (several replicas),
 * else an SQLite file (one process, nothing to run). Failures are errors whose message
 * says what to check and never contains the database password.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const url = options.databaseUrl?.trim();
  const onInvalidRow = options.onInvalidRow === undefined ? {} : { onInvalidRow: options.onInvalidRow };
  const timeouts = options.timeouts ?? DEFAULT_STORAGE_TIMEOUTS;
  if (url) {
    // pg loads only when PostgreSQL is used: a CLI query on SQLite starts faster without it.
    const { PostgresStorage } = await import('./postgres-storage.js');
    return PostgresStorage.connect(url, { ...onInvalidRow, timeouts, ...(options.schema === undefined ? {} : { schema: options.schema }) });
  }
  try {
    return SqliteStorage.open(options.sqliteFile, { ...onInvalidRow, busyTimeoutMs: timeouts.busyTimeoutMs });
  } catch (error) {
    if (error instanceof StorageTimeoutError) throw error; // already says what to do
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the SQLite database ${options.sqliteFile} (${detail}); check that the directory is writable`, { cause: error });
  }
}
