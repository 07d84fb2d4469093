import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DiskEngineHost } from './disk-host.js';
import { MemoryEngineHost } from './memory-host.js';
import type { HostDeps, SearchHost } from './search-host.js';
import { chooseEngine, type SearchSettings } from './search-settings.js';

/**
 * Opens the engine that suits the corpus in storage (or the one PAPERBOY_SEARCH forces),
 * with its index files in the data directory. Returns at once; call `start` on the host.
 */
export const DISK_INDEX_FILE = 'search-index.sqlite';
export const MEMORY_SNAPSHOT_FILE = 'memory-index.json';

export interface OpenSearchOptions extends HostDeps {
  readonly settings: SearchSettings;
  /** The service searches in worker threads; the CLI, once, in its own. */
  readonly role: 'service' | 'cli';
  /** Keep nothing on disk (a CLI run with no data directory). */
  readonly ephemeral?: boolean;
  /** Papers about to be added (paperboy ingest of a big file), counted with the stored ones. */
  readonly expectedPapers?: number;
  /** Whether a missing disk index may be built now (not for a CLI query: see IndexNotBuilt). */
  readonly mayBuild?: boolean;
}

export async function openSearch(options: OpenSearchOptions): Promise<SearchHost> {
  const { settings } = options;
  // With PostgreSQL nothing else creates the data directory, and the index files live there.
  if (options.role === 'service' && !options.ephemeral) mkdirSync(settings.dataDir, { recursive: true });
  const diskFile = join(settings.dataDir, DISK_INDEX_FILE);
  const stored = await options.storage.paperCount();
  const kind = chooseEngine(settings, stored + (options.expectedPapers ?? 0), existsSync(diskFile));
  if (kind === 'disk') {
    return DiskEngineHost.open({ ...options, file: diskFile, workers: options.role === 'service' ? settings.workers : 0, mayBuild: options.mayBuild ?? true });
  }
  return MemoryEngineHost.open({ ...options, file: options.ephemeral ? undefined : join(settings.dataDir, MEMORY_SNAPSHOT_FILE) });
}
