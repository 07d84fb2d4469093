import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ANALYZER_VERSION, type Paper, type SerializedMemoryIndex } from '../../src/index.js';
import type { FileFingerprints } from './corpus-import.js';

/**
 * The memory engine's saved state in the data directory: the papers, MiniSearch's index
 * and the last change number they include. Loading it skips a rebuild; storage's changes
 * since that number are applied on top. Written whole to a temporary file and renamed, so
 * a crash mid-write leaves the previous snapshot, never half of one.
 */
export interface MemorySnapshot {
  readonly format: 'paperboy-memory-snapshot';
  readonly version: 1;
  readonly analyzer: number;
  readonly watermark: number;
  readonly syncedAt: number;
  readonly files: FileFingerprints;
  readonly papers: readonly Paper[];
  readonly aliases: ReadonlyArray<readonly [string, string]>;
  readonly index: SerializedMemoryIndex;
}

export type SnapshotRead = { readonly ok: true; readonly snapshot: MemorySnapshot } | { readonly ok: false; readonly reason: string };

export function readSnapshot(file: string): SnapshotRead {
  if (!existsSync(file)) return { ok: false, reason: 'there is no snapshot yet' };
  let snapshot: MemorySnapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as MemorySnapshot;
  } catch (error) {
    return { ok: false, reason: `the snapshot cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (snapshot?.format !== 'paperboy-memory-snapshot' || snapshot.version !== 1 || !Array.isArray(snapshot.papers)) return { ok: false, reason: 'the snapshot has another format' };
  if (snapshot.analyzer !== ANALYZER_VERSION)
    return { ok: false, reason: `the snapshot was built with analyzer version ${String(snapshot.analyzer)}; this paperboy analyses text with version ${ANALYZER_VERSION}` };
  return { ok: true, snapshot };
}

export function writeSnapshot(file: string, snapshot: MemorySnapshot): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, file);
}
