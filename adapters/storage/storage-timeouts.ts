/**
 * How long storage waits before giving up, so a database that stops answering (a network
 * blackhole, a lock held by another process) turns into an error the caller can retry,
 * never a call that hangs: a digest pass holding a stalled claim, or a health check that
 * answers after the load balancer gave up. The service's configuration fills these in
 * (PAPERBOY_DB_* and PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS); other callers get the defaults.
 */
export interface StorageTimeouts {
  /** PostgreSQL: opening a connection, or waiting for a free one in the pool. */
  readonly connectTimeoutMs: number;
  /** PostgreSQL: one statement, on the server (statement_timeout) and, a little later, on the client. */
  readonly statementTimeoutMs: number;
  /** SQLite: how long a write waits for another process's write lock. */
  readonly busyTimeoutMs: number;
}

export const DEFAULT_STORAGE_TIMEOUTS: StorageTimeouts = { connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, busyTimeoutMs: 5_000 };

/** The client gives up this long after the server should have cancelled: a live server's own error comes first. */
export const CLIENT_MARGIN_MS = 1_000;

/** Storage did not answer in time; `setting` names the variable that sets the limit. */
export class StorageTimeoutError extends Error {
  readonly code = 'STORAGE_TIMEOUT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageTimeoutError';
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** pg.Pool options that bound every wait, and keep the pool from handing out connections that died while idle. */
export function postgresPoolTimeouts(timeouts: StorageTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    // Sent at startup: the server cancels a statement that runs (or waits for a lock) longer.
    statement_timeout: timeouts.statementTimeoutMs,
    // The client's own limit, for when the server cannot answer at all (it then drops the connection).
    query_timeout: timeouts.statementTimeoutMs + CLIENT_MARGIN_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  } as const;
}

const errorCode = (error: unknown): string | undefined => (typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A PostgreSQL timeout as a StorageTimeoutError saying what to check; undefined for any other error.
 * The server's cancel has a code (57014); pg and pg-pool's own timeouts have only their messages.
 */
export function postgresTimeout(error: unknown, timeouts: StorageTimeouts): StorageTimeoutError | undefined {
  if (error instanceof StorageTimeoutError) return error;
  const message = messageOf(error);
  if (errorCode(error) === '57014' && /statement timeout/i.test(message)) {
    return new StorageTimeoutError(`PostgreSQL cancelled a statement after ${seconds(timeouts.statementTimeoutMs)} (PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS); is the database overloaded or locked?`, {
      cause: error,
    });
  }
  if (/Query read timeout/.test(message)) {
    return new StorageTimeoutError(
      `PostgreSQL did not answer within ${seconds(timeouts.statementTimeoutMs + CLIENT_MARGIN_MS)} (PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS); is it reachable? The connection was dropped`,
      { cause: error },
    );
  }
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) {
    return new StorageTimeoutError(`no PostgreSQL connection within ${seconds(timeouts.connectTimeoutMs)} (PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS); is it reachable, and is DATABASE_URL right?`, {
      cause: error,
    });
  }
  return undefined;
}

/** SQLite's "database is locked" after the busy timeout, as a StorageTimeoutError; undefined for any other error. */
export function sqliteBusy(error: unknown, file: string, timeouts: Pick<StorageTimeouts, 'busyTimeoutMs'>): StorageTimeoutError | undefined {
  const code = errorCode(error);
  if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') return undefined;
  return new StorageTimeoutError(
    `the SQLite database ${file} stayed locked by another process for ${seconds(timeouts.busyTimeoutMs)} (PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS); another process is writing to it (paperboy ingest, or a second paperboy on the same data directory); try again when it is done`,
    { cause: error },
  );
}
