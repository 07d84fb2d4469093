import type { IndexDatabase } from './index-schema.js';

/**
 * A write transaction that may wait for promises (storage saving the same papers) before it
 * commits. The write lock is taken without blocking: another process holding it (paperboy
 * ingest) is waited for with timers, so this process's event loop keeps answering chat
 * meanwhile; better-sqlite3's own busy wait would freeze it.
 */
const RETRY_MS = 25;
const GIVE_UP_MS = 120_000;

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && String((error as { code: unknown }).code).startsWith('SQLITE_BUSY');
}

async function beginImmediate(db: IndexDatabase): Promise<void> {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    for (const started = Date.now(); ; ) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() - started > GIVE_UP_MS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

export async function withWriteTransaction<T>(db: IndexDatabase, work: () => T | Promise<T>): Promise<T> {
  await beginImmediate(db);
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
