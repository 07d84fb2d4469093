import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger, type RankingSettings } from '../../src/index.js';
import { DiskEngineHost } from '../../adapters/search/disk-host.js';
import { MemoryEngineHost } from '../../adapters/search/memory-host.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';

/**
 * Search hosts over a real SQLite storage in a temporary data directory, as the service
 * opens them: what the host tests and the worker-thread contract run against.
 */
export interface HostPlace {
  readonly dir: string;
  readonly storageFile: string;
  readonly indexFile: string;
  readonly snapshotFile: string;
  openStorage(): SqliteStorage;
  remove(): void;
}

export function hostPlace(): HostPlace {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-host-'));
  const storageFile = join(dir, 'paperboy.sqlite');
  return {
    dir,
    storageFile,
    indexFile: join(dir, 'search-index.sqlite'),
    snapshotFile: join(dir, 'memory-index.json'),
    openStorage: () => SqliteStorage.open(storageFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const fixedClock = () => new Date('2026-11-27T06:00:00Z');

export function openDiskHost(
  place: HostPlace,
  storage: SqliteStorage,
  options: { workers?: number; logger?: Logger; files?: string[]; ranking?: RankingSettings; mayBuild?: boolean } = {},
): DiskEngineHost {
  return DiskEngineHost.open({
    file: place.indexFile,
    storage,
    files: options.files ?? [],
    logger: options.logger ?? silentLogger,
    clock: fixedClock,
    workers: options.workers ?? 0,
    ...(options.ranking ? { ranking: options.ranking } : {}),
    ...(options.mayBuild !== undefined ? { mayBuild: options.mayBuild } : {}),
  });
}

export function openMemoryHost(place: HostPlace, storage: SqliteStorage, options: { logger?: Logger; files?: string[]; ranking?: RankingSettings } = {}): MemoryEngineHost {
  return MemoryEngineHost.open({
    file: place.snapshotFile,
    storage,
    files: options.files ?? [],
    logger: options.logger ?? silentLogger,
    clock: fixedClock,
    ...(options.ranking ? { ranking: options.ranking } : {}),
  });
}
