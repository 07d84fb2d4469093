/**
 * Errors that mean the index file itself is damaged (truncated, overwritten, not a
 * database): the index is rebuilt from storage instead of answering from it.
 */
const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_NOTADB']);

export function isCorruption(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && DAMAGED.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /database disk image is malformed|file is not a database|fts5: corrupt|corrupt/i.test(message);
}
